import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { KbLang } from './entry';
import type { KnowledgeSnapshot } from './knowledge-snapshot';

/** Metadata of the documents {@link KbRetriever} returns. */
export interface KbDocumentMetadata {
  id: string;
  title: string;
  lang: KbLang;
  /** Confidence between 0 and 1. */
  score: number;
  links: Array<{ label: string; url: string }>;
  service?: string;
  file: string;
}

/** Options of {@link KbRetriever}. */
export interface KbRetrieverInput extends BaseRetrieverInput {
  /** The current knowledge base (a function, so hot reload is seen at once). */
  snapshot: () => KnowledgeSnapshot;
  /** Most documents returned (default 3). */
  k?: number;
  /** Documents below this confidence are left out (default 0: all). */
  minScore?: number;
  /** Search only this language; detected from the query otherwise. */
  lang?: KbLang;
}

/**
 * The knowledge base as a LangChain retriever: each document is one entry (title and Markdown answer), with
 * its id, confidence, source links and service in the metadata. Expired entries are never returned.
 */
export class KbRetriever extends BaseRetriever<KbDocumentMetadata> {
  lc_namespace = ['sportello', 'kb', 'retriever'];
  private readonly options: KbRetrieverInput;

  constructor(options: KbRetrieverInput) {
    super(options);
    this.options = options;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<KbDocumentMetadata>[]> {
    const { results } = this.options.snapshot().search(query, {
      limit: this.options.k ?? 3,
      ...(this.options.lang ? { lang: this.options.lang } : {}),
    });
    return results
      .filter((r) => r.score >= (this.options.minScore ?? 0))
      .map(
        ({ entry, score }) =>
          new Document<KbDocumentMetadata>({
            pageContent: `# ${entry.title}\n\n${entry.body}`,
            metadata: {
              id: entry.id,
              title: entry.title,
              lang: entry.lang,
              score,
              links: entry.links,
              file: entry.file,
              ...(entry.service ? { service: entry.service } : {}),
            },
          }),
      );
  }
}
