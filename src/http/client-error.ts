import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** What Node's HTTP parser says went wrong, as `{ status, code, message }` for the client. */
function answerFor(code: string | undefined): { status: number; code: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' };
  return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP/1.1.' };
}

/**
 * Answers a request Node's HTTP parser refused (headers too large, both Content-Length and Transfer-Encoding,
 * a malformed line, a timeout) with a JSON 4xx like every other refusal, then closes the connection. Node's own
 * answer has no body; a reset connection has nobody to answer.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, message } = answerFor(err.code);
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Answers a request whose `Expect` header is not `100-continue` (Node asks through `checkExpectation`, and
 * would otherwise answer 417 without a body): a JSON 417, and the connection closed, as the body is unread.
 */
export function answerExpectationFailed(_req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({
    error: { code: 'expectation_failed', message: 'Only "Expect: 100-continue" is understood.' },
  });
  res.writeHead(417, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(body);
}
