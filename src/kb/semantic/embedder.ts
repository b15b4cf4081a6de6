import { createHash } from 'node:crypto';
import type { EmbeddingProvider } from './embedding-provider';
import { ENTRY_TEXT_VERSION } from './entry-text';
import { EmbeddingResponseError } from './errors';

/** Options of {@link Embedder}. */
export interface EmbedderOptions {
  /** Put before a question, followed by a space (multilingual-e5 wants `query:`). */
  queryPrefix?: string;
  /** Put before an entry's text, followed by a space (multilingual-e5 wants `passage:`). */
  documentPrefix?: string;
  /** Entries per request when embedding the knowledge base (default 32). */
  batchSize?: number;
  /** Budget of a question's embedding: the citizen never waits longer (KB_EMBEDDINGS_TIMEOUT_MS). */
  queryTimeoutMs: number;
  /** Budget of one request of entries, in the background (default 60 s). */
  documentTimeoutMs?: number;
}

/**
 * Turns questions and entries into unit-length vectors through an {@link EmbeddingProvider}: adds the model's
 * prefixes, sends entries in batches, and refuses vectors whose length differs from the model's earlier ones
 * (a server that switched models would otherwise be compared against vectors of another space).
 */
export class Embedder {
  /** Length of the model's vectors, once one answer was seen. */
  dimensions: number | undefined;
  /**
   * Fingerprint of what an entry's vector depends on besides its content (API, model, document prefix, the
   * entry text's layout): a stored vector of another recipe is recomputed.
   */
  readonly recipe: string;
  readonly queryTimeoutMs: number;
  /** Entries per request. */
  readonly batchSize: number;

  constructor(
    readonly provider: EmbeddingProvider,
    private readonly options: EmbedderOptions,
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 32);
    this.queryTimeoutMs = options.queryTimeoutMs;
    this.recipe = createHash('sha256')
      .update(
        JSON.stringify([
          provider.kind,
          provider.model,
          options.documentPrefix?.trim() ?? '',
          ENTRY_TEXT_VERSION,
        ]),
      )
      .digest('hex')
      .slice(0, 16);
  }

  get model(): string {
    return this.provider.model;
  }

  /** The vector of a question, within `timeoutMs` (default: the query budget). */
  async embedQuery(
    text: string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Float32Array> {
    const [vector] = await this.request([prefixed(this.options.queryPrefix, text)], {
      timeoutMs: options.timeoutMs ?? this.queryTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return vector as Float32Array;
  }

  /** The vectors of entry texts, a batch per request, one request after the other. */
  async embedDocuments(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => prefixed(this.options.documentPrefix, t));
      out.push(
        ...(await this.request(batch, {
          timeoutMs: this.options.documentTimeoutMs ?? 60_000,
          ...(signal ? { signal } : {}),
        })),
      );
    }
    return out;
  }

  private async request(
    input: string[],
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    const raw = await this.provider.embed(input, options);
    const dims = raw[0]?.length ?? 0;
    if (this.dimensions !== undefined && dims !== this.dimensions)
      throw new EmbeddingResponseError(
        this.provider.url,
        `vectors of ${dims} dimensions where the model gave ${this.dimensions} before`,
      );
    this.dimensions = dims;
    return raw.map(unit);
  }
}

/** The text after the model's prefix and a space ("query: …"), or alone without a prefix. */
function prefixed(prefix: string | undefined, text: string): string {
  const p = prefix?.trimEnd();
  return p ? `${p} ${text}` : text;
}

/** The vector scaled to length 1 (so a dot product is the cosine), as 32-bit floats. */
export function unit(values: readonly number[]): Float32Array {
  let norm = 0;
  for (const v of values) norm += v * v;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(values, (v) => v * scale);
}
