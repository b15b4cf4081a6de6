import { z } from 'zod';
import { postJson } from './embedding-http';
import { checkVectors, type EmbeddingProvider, type EmbedRequestOptions } from './embedding-provider';
import { EmbeddingResponseError } from './errors';

/** The answer of `POST /v1/embeddings` (OpenAI and compatible servers: vLLM, llama.cpp, LocalAI, Ollama /v1). */
const responseSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().nonnegative() })),
  model: z.string().optional(),
  usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }).partial().optional(),
});

/** OpenAI's error body `{"error": {"message", "type", "param", "code"}}`; some compatible servers send a string. */
const errorSchema = z.object({
  error: z.union([z.object({ message: z.string() }).loose(), z.string()]),
});

/** Options of {@link OpenAiEmbeddings}. */
export interface OpenAiEmbeddingsOptions {
  /** API base including the version, e.g. `https://api.openai.com/v1` or `http://vllm:8000/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
}

/** Embeddings from an OpenAI-compatible `POST {baseUrl}/embeddings` (`{model, input: string[]}`). */
export class OpenAiEmbeddings implements EmbeddingProvider {
  readonly kind = 'openai';
  readonly model: string;
  readonly url: string;

  constructor(private readonly options: OpenAiEmbeddingsOptions) {
    this.model = options.model;
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  }

  async embed(input: readonly string[], options: EmbedRequestOptions): Promise<number[][]> {
    const json = await postJson(
      this.url,
      { model: this.model, input },
      {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        errorMessage: (body) => {
          const parsed = errorSchema.safeParse(body);
          if (!parsed.success) return undefined;
          return typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.message;
        },
      },
    );
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success)
      throw new EmbeddingResponseError(
        this.url,
        `not an embeddings list (${parsed.error.issues[0]?.message})`,
      );
    const { data } = parsed.data;
    if (data.length !== input.length)
      throw new EmbeddingResponseError(this.url, `${data.length} vectors for ${input.length} inputs`);
    // `index` says which input each vector belongs to; the list need not be in order.
    const vectors: number[][] = new Array(input.length);
    for (const item of data) {
      if (item.index >= input.length || vectors[item.index])
        throw new EmbeddingResponseError(this.url, `unexpected index ${item.index}`);
      vectors[item.index] = item.embedding;
    }
    return checkVectors(
      this.url,
      Array.from(vectors, (v) => v ?? []),
      input.length,
    );
  }
}
