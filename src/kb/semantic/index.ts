/**
 * Semantic retrieval (optional, `KB_EMBEDDINGS`): entry vectors kept in storage, questions embedded within a
 * latency budget, the two rankings fused. See docs/semantic-retrieval.md.
 */
export { CircuitBreaker } from './circuit-breaker';
export {
  createEmbedder,
  createEmbeddingProvider,
  createSemanticRetrieval,
  type SemanticConfig,
} from './create-semantic';
export { Embedder } from './embedder';
export type { EmbeddingProvider } from './embedding-provider';
export * from './errors';
export { reciprocalRankFusion } from './fusion';
export { OllamaEmbeddings } from './ollama-embeddings';
export { OpenAiEmbeddings } from './openai-embeddings';
export {
  type CombineRule,
  combineRankings,
  DEFAULT_SEMANTIC_RULES,
  type SemanticRules,
  type SemanticVote,
} from './semantic-decision';
export { type SemanticObserver, SemanticRetriever } from './semantic-retriever';
export { KB_VECTORS } from './vector-store';
