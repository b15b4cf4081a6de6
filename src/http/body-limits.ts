/** How a route takes its request body. */
export interface BodyPolicy {
  /** Largest body accepted, in bytes; past it the answer is 413. */
  maxBytes: number;
  /**
   * The route reads the body stream itself (a multipart file upload) and must enforce `maxBytes` as it reads;
   * the shared reader leaves such a body alone.
   */
  streamed?: boolean;
}

/**
 * Largest web chat upload (one message's files together), in bytes. A form step's own `maxSizeMb` is checked
 * on the stored file; past this limit the whole message is refused with 413.
 */
export const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/** Every route not listed in {@link BODY_POLICIES}: JSON messages, webhooks, console and back-office calls. */
export const DEFAULT_BODY_POLICY: BodyPolicy = { maxBytes: 256 * 1024 };

/**
 * The request-body limit of each route that differs from {@link DEFAULT_BODY_POLICY}, keyed `METHOD /path`
 * as registered: the one place where a route gets a larger limit (a file upload, with `streamed`) or a smaller
 * one. Anonymous routes that take a few short fields get a few KB, so nobody can make them buffer more.
 */
export const BODY_POLICIES: ReadonlyMap<string, BodyPolicy> = new Map([
  ['POST /api/console/login', { maxBytes: 4 * 1024 }],
  ['POST /api/webchat/session', { maxBytes: 8 * 1024 }],
  ['POST /v3/directline/tokens/generate', { maxBytes: 8 * 1024 }],
  ['POST /v3/directline/tokens/refresh', { maxBytes: 8 * 1024 }],
  // Web Chat's file upload (multipart): the route streams the files into the file store as they arrive.
  ['POST /v3/directline/conversations/:id/upload', { maxBytes: UPLOAD_MAX_BYTES, streamed: true }],
]);

/** The body policy of a route (`method` upper-case, `path` the pattern it was registered with). */
export function bodyPolicyFor(method: string, path: string): BodyPolicy {
  return BODY_POLICIES.get(`${method} ${path}`) ?? DEFAULT_BODY_POLICY;
}
