import { z } from 'zod';
import { postJson } from './embedding-http';
import { checkVectors, type EmbeddingProvider, type EmbedRequestOptions } from './embedding-provider';
import { EmbeddingResponseError } from './errors';

/** The answer of Ollama's `POST /api/embed`: one vector per input, in order. */
const responseSchema = z.object({
  model: z.string().optional(),
  embeddings: z.array(z.array(z.number())),
});

/** Ollama's error body: `{"error": "model \"x\" not found, try pulling it first"}`. */
const errorSchema = z.object({ error: z.string() });

/** Options of {@link OllamaEmbeddings}. */
export interface OllamaEmbeddingsOptions {
  /** The Ollama server, e.g. `http://127.0.0.1:11434`. */
  baseUrl: string;
  /** An embedding model pulled on that server, e.g. `bge-m3`. */
  model: string;
}

/** Embeddings from Ollama's `POST {baseUrl}/api/embed` (`{model, input: string[]}` → `{embeddings}`). */
export class OllamaEmbeddings implements EmbeddingProvider {
  readonly kind = 'ollama';
  readonly model: string;
  readonly url: string;

  constructor(options: OllamaEmbeddingsOptions) {
    this.model = options.model;
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/api/embed`;
  }

  async embed(input: readonly string[], options: EmbedRequestOptions): Promise<number[][]> {
    const json = await postJson(
      this.url,
      { model: this.model, input },
      {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        errorMessage: (body) => {
          const parsed = errorSchema.safeParse(body);
          return parsed.success ? parsed.data.error : undefined;
        },
      },
    );
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success)
      throw new EmbeddingResponseError(
        this.url,
        `not an embeddings list (${parsed.error.issues[0]?.message})`,
      );
    return checkVectors(this.url, parsed.data.embeddings, input.length);
  }
}
