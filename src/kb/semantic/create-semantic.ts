import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Storage } from '../../storage/storage';
import { Embedder } from './embedder';
import type { EmbeddingProvider } from './embedding-provider';
import { OllamaEmbeddings } from './ollama-embeddings';
import { OpenAiEmbeddings } from './openai-embeddings';
import { type SemanticObserver, SemanticRetriever } from './semantic-retriever';

/** The configuration semantic retrieval reads. */
export type SemanticConfig = Pick<
  Config,
  | 'KB_EMBEDDINGS'
  | 'KB_EMBEDDINGS_URL'
  | 'KB_EMBEDDINGS_MODEL'
  | 'KB_EMBEDDINGS_API_KEY'
  | 'KB_EMBEDDINGS_TIMEOUT_MS'
  | 'KB_EMBEDDINGS_QUERY_PREFIX'
  | 'KB_EMBEDDINGS_DOCUMENT_PREFIX'
  | 'KB_EMBEDDINGS_BATCH'
  | 'KB_SEMANTIC_MIN_Z'
  | 'KB_SEMANTIC_MIN_GAP'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OLLAMA_BASE_URL'
>;

/** The embedding API of `KB_EMBEDDINGS`, or undefined when it is `none`. */
export function createEmbeddingProvider(config: SemanticConfig): EmbeddingProvider | undefined {
  switch (config.KB_EMBEDDINGS) {
    case 'openai':
      return new OpenAiEmbeddings({
        baseUrl: config.KB_EMBEDDINGS_URL ?? config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
        model: config.KB_EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
        apiKey: config.KB_EMBEDDINGS_API_KEY ?? config.OPENAI_API_KEY,
      });
    case 'ollama':
      return new OllamaEmbeddings({
        baseUrl: config.KB_EMBEDDINGS_URL ?? config.OLLAMA_BASE_URL,
        model: config.KB_EMBEDDINGS_MODEL ?? 'bge-m3',
      });
    default:
      return undefined;
  }
}

/** The embedder of the configuration (prefixes, batch size, query budget), or undefined when off. */
export function createEmbedder(
  config: SemanticConfig,
  overrides: { queryTimeoutMs?: number } = {},
): Embedder | undefined {
  const provider = createEmbeddingProvider(config);
  if (!provider) return undefined;
  return new Embedder(provider, {
    queryTimeoutMs: overrides.queryTimeoutMs ?? config.KB_EMBEDDINGS_TIMEOUT_MS,
    batchSize: config.KB_EMBEDDINGS_BATCH,
    ...(config.KB_EMBEDDINGS_QUERY_PREFIX ? { queryPrefix: config.KB_EMBEDDINGS_QUERY_PREFIX } : {}),
    ...(config.KB_EMBEDDINGS_DOCUMENT_PREFIX ? { documentPrefix: config.KB_EMBEDDINGS_DOCUMENT_PREFIX } : {}),
  });
}

/**
 * Semantic retrieval as configured (`KB_EMBEDDINGS`…), or undefined when it is off (the default: nothing then
 * needs a network).
 */
export function createSemanticRetrieval(
  config: SemanticConfig,
  deps: {
    storage: Storage;
    logger: Logger;
    observer?: SemanticObserver;
    queryTimeoutMs?: number;
    cacheSize?: number;
  },
): SemanticRetriever | undefined {
  const embedder = createEmbedder(
    config,
    deps.queryTimeoutMs !== undefined ? { queryTimeoutMs: deps.queryTimeoutMs } : {},
  );
  if (!embedder) return undefined;
  return new SemanticRetriever({
    embedder,
    storage: deps.storage,
    logger: deps.logger,
    rules: { minZ: config.KB_SEMANTIC_MIN_Z, minGap: config.KB_SEMANTIC_MIN_GAP },
    ...(deps.observer ? { observer: deps.observer } : {}),
    ...(deps.cacheSize !== undefined ? { cacheSize: deps.cacheSize } : {}),
  });
}
