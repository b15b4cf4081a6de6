import { EmbeddingResponseError } from './errors';

/** Options of one embedding request. */
export interface EmbedRequestOptions {
  /** Abort the request (and fail with a timeout error) after this long. */
  timeoutMs: number;
  /** Aborts the request early (e.g. on shutdown). */
  signal?: AbortSignal;
}

/**
 * An embedding API: texts in, one vector per text out, in the same order. Implementations fail with an
 * {@link import('./errors').EmbeddingError} subclass, never with a bare network or parsing error.
 */
export interface EmbeddingProvider {
  /** `openai` (any OpenAI-compatible `/v1/embeddings`) or `ollama` (`/api/embed`). */
  readonly kind: 'openai' | 'ollama';
  readonly model: string;
  /** The endpoint called, for logs (never carries the key). */
  readonly url: string;
  embed(input: readonly string[], options: EmbedRequestOptions): Promise<number[][]>;
}

/**
 * Checks vectors a server returned: one per input, none empty, all numbers finite and all of one length.
 * Throws {@link EmbeddingResponseError} naming what is wrong.
 */
export function checkVectors(url: string, vectors: number[][], expected: number): number[][] {
  if (vectors.length !== expected)
    throw new EmbeddingResponseError(url, `${vectors.length} vectors for ${expected} inputs`);
  const dims = vectors[0]?.length ?? 0;
  for (const v of vectors) {
    if (v.length === 0) throw new EmbeddingResponseError(url, 'an empty vector');
    if (v.length !== dims)
      throw new EmbeddingResponseError(url, `vectors of different dimensions (${dims} and ${v.length})`);
    if (!v.every(Number.isFinite)) throw new EmbeddingResponseError(url, 'a vector with non-finite numbers');
  }
  return vectors;
}
