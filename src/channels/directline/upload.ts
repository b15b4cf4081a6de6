import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { FileStore, StoredFile } from '../../files';
import { FileTooLargeError } from '../../files';
import { HttpError } from '../../http/http-error';
import { jsonDeeperThan, MAX_JSON_DEPTH } from '../../http/request-body';

/** Largest `activity` part accepted: Web Chat puts a picture's thumbnail (a data: URL) in it. */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** A multipart upload as received: the activity template (parsed JSON) and the files, stored, in order. */
export interface Upload {
  activity: unknown;
  files: StoredFile[];
}

/** What {@link readUpload} needs. */
export interface UploadLimits {
  /** Largest request body, in bytes (the route's limit in body-limits.ts). */
  maxBytes: number;
  /** Most files in one message. */
  maxFiles: number;
  store: FileStore;
  /** Key of the conversation the files belong to. */
  conversation: string;
}

/**
 * Reads `POST …/conversations/:id/upload` as Web Chat's Direct Line client (botframework-directlinejs
 * `postMessageWithAttachments`) sends it: `multipart/form-data` with one `activity` part (a JSON blob typed
 * `application/vnd.microsoft.activity`) and one `file` part per attachment, named after the file. Files are
 * streamed into the file store as they arrive, never held whole in memory. Refusals are {@link HttpError}s
 * (400 malformed, 413 too large or too many files, 415 not multipart or compressed); on any refusal the
 * files already stored are removed again.
 */
export function readUpload(req: IncomingMessage, limits: UploadLimits): Promise<Upload> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\s*;/i.test(type))
    return Promise.reject(
      new HttpError(415, 'unsupported_media_type', 'Send the files as multipart/form-data.'),
    );
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    return Promise.reject(
      new HttpError(415, 'unsupported_content_encoding', 'Send the body without Content-Encoding.'),
    );
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > limits.maxBytes) return Promise.reject(tooLarge(limits.maxBytes));

  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          // The activity travels as a file part too.
          files: limits.maxFiles + 1,
          fileSize: limits.maxBytes + 1,
          fields: 4,
          fieldSize: MAX_ACTIVITY_BYTES,
          parts: limits.maxFiles + 5,
        },
      });
    } catch {
      reject(new HttpError(400, 'bad_multipart', 'The multipart body has no valid boundary.'));
      return;
    }
    const slots: Array<StoredFile | undefined> = [];
    const saving: Array<Promise<unknown>> = [];
    let activityText: string | undefined;
    let failure: HttpError | undefined;
    let received = 0;
    const open = new Set<NodeJS.ReadableStream & { destroy(error?: Error): void }>();

    const fail = (err: HttpError) => {
      if (failure) return;
      failure = err;
      req.unpipe(parser);
      req.resume(); // drain the rest, so the client hears the answer
      // Parts still arriving will not end now: stop them, so their saves give up and clean up.
      for (const stream of open) stream.destroy(err);
      finish();
    };
    let finishing = false;
    // Once every part is stored (or given up), answer: the failure if any, read only then.
    const finish = () => {
      if (finishing) return;
      finishing = true;
      void Promise.allSettled(saving).then(async () => {
        const files = slots.filter((f): f is StoredFile => f !== undefined);
        if (failure) {
          await Promise.all(files.map((f) => limits.store.remove(f.conversation, f.id)));
          reject(failure);
          return;
        }
        if (activityText === undefined) {
          await Promise.all(files.map((f) => limits.store.remove(f.conversation, f.id)));
          reject(new HttpError(400, 'activity_missing', 'The upload has no "activity" part.'));
          return;
        }
        try {
          if (jsonDeeperThan(activityText, MAX_JSON_DEPTH)) throw new Error('nested too deeply');
          resolve({ activity: JSON.parse(activityText), files });
        } catch (err) {
          await Promise.all(files.map((f) => limits.store.remove(f.conversation, f.id)));
          reject(new HttpError(400, 'invalid_json', `Invalid activity JSON: ${(err as Error).message}`));
        }
      });
    };

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) fail(tooLarge(limits.maxBytes));
    });
    parser.on('file', (name, stream, info) => {
      if (failure) {
        stream.resume();
        return;
      }
      open.add(stream);
      stream.once('close', () => open.delete(stream));
      if (name === 'activity') {
        saving.push(
          readActivity(stream).then(
            (text) => {
              activityText = text;
            },
            () => fail(new HttpError(413, 'activity_too_large', 'The activity part is too large.')),
          ),
        );
        return;
      }
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const index = slots.push(undefined) - 1;
      saving.push(
        limits.store
          .save({
            conversation: limits.conversation,
            name: info.filename ?? 'file',
            declaredType: info.mimeType || 'application/octet-stream',
            content: stream,
            maxBytes: limits.maxBytes,
          })
          .then(
            (file) => {
              slots[index] = file;
            },
            (err: unknown) => {
              stream.resume();
              fail(
                err instanceof FileTooLargeError
                  ? tooLarge(limits.maxBytes)
                  : new HttpError(400, 'upload_failed', 'The file could not be received.'),
              );
            },
          ),
      );
    });
    parser.on('field', (name, value) => {
      if (name === 'activity') activityText = value;
    });
    parser.on('filesLimit', () =>
      fail(new HttpError(413, 'too_many_files', `At most ${limits.maxFiles} files in one message.`)),
    );
    parser.on('partsLimit', () => fail(new HttpError(413, 'too_many_parts', 'Too many parts.')));
    parser.on('fieldsLimit', () => fail(new HttpError(413, 'too_many_parts', 'Too many parts.')));
    parser.on('error', () => fail(new HttpError(400, 'bad_multipart', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!failure) finish();
    });
    req.on('aborted', () => fail(new HttpError(400, 'aborted', 'The upload was interrupted.')));
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `The upload is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB.`,
  );
}

/** The activity part as text, at most {@link MAX_ACTIVITY_BYTES}. */
async function readActivity(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ACTIVITY_BYTES) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
