import type { Response } from 'restify';

/** Sends `{ error: { code, message } }` with the status; never a stack trace. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json({ error: { code, message } });
}
