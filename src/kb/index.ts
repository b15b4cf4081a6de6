import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from 'pino';
import type { Skill } from '../engine/skill';
import type { Storage } from '../storage/storage';
import type { KbLang } from './entry';
import { KbRetriever } from './kb-retriever';
import { kbSkill } from './kb-skill';
import type { SearchResult } from './knowledge-snapshot';
import { KnowledgeStore } from './knowledge-store';
import type { SemanticRetriever } from './semantic/semantic-retriever';

export { createChatModel } from './chat-model';
export type { KbEntry, KbLang } from './entry';
export { type KbEntryDoc, KbRepository, type KbRevision } from './kb-repository';
export { KbRetriever } from './kb-retriever';
export { KB_FEEDBACK_STREAM, KB_UNANSWERED_STREAM, type KbFeedback, type KbUnanswered } from './kb-skill';
export { exportKnowledge, importKnowledge } from './kb-sync';
export type { SearchResult } from './knowledge-snapshot';
export { readServiceIds } from './service-ids';

/** Options of {@link createKnowledgeBase}. */
export interface KnowledgeBaseOptions {
  /** The knowledge directory (KB_DIR). */
  dir: string;
  /** Reload on file changes (KB_WATCH). */
  watch: boolean;
  /** KB_ANSWER_THRESHOLD. */
  answerThreshold: number;
  /** KB_SUGGEST_THRESHOLD. */
  suggestThreshold: number;
  /** Chat model for the generative mode, from {@link createChatModel}; undefined = off. */
  llm?: BaseChatModel | undefined;
  /** Semantic retrieval, from `createSemanticRetrieval`; undefined = off. Closed with the knowledge base. */
  semantic?: SemanticRetriever | undefined;
  /** Registered service dialog ids, to report entries naming unknown services. */
  knownServices?: () => string[];
  /** How often to look for changes published by other instances (ms; default 1000; 0 = never). */
  pollMs?: number;
  storage: Storage;
  logger: Logger;
}

/** The knowledge base wired into the app. */
export interface KnowledgeBase {
  /** The skill to add to the engine (free text and the FAQ dialog). */
  skill: Skill;
  /** The same knowledge as a LangChain retriever (top 3, any confidence). */
  retriever: KbRetriever;
  /** Searches the current knowledge base; language detected when not given. */
  search(question: string, lang?: KbLang): SearchResult;
  /** The live store (problems of the last load, generation counter, manual reload). */
  store: KnowledgeStore;
  /** Semantic retrieval, when configured (its vectors' status). */
  semantic?: SemanticRetriever | undefined;
  /** Stops watching. */
  close(): Promise<void>;
}

/**
 * Opens the knowledge base in storage (importing the knowledge directory when the store has none yet) and
 * builds the knowledge-base skill and retriever. With `watch` the files are watched and edits are imported as
 * new revisions within about a second; a broken file is logged and its last good version keeps serving.
 * Changes published in the console, here or on another instance sharing the database, are picked up by a
 * cheap generation poll.
 */
export async function createKnowledgeBase(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
  const store = new KnowledgeStore({
    dir: options.dir,
    storage: options.storage,
    logger: options.logger,
    ...(options.knownServices ? { knownServices: options.knownServices } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  // Entry vectors follow every snapshot in the background, from the first one on.
  const { semantic } = options;
  if (semantic) store.onLoad((snapshot) => void semantic.sync(snapshot));
  // The store is the source of truth; the folder seeds an empty store and, when watched, feeds it edits.
  await store.init(options.watch);
  if (options.watch) await store.watch();
  store.startPolling();
  const snapshot = () => store.snapshot;
  return {
    skill: kbSkill({
      snapshot,
      answerThreshold: options.answerThreshold,
      suggestThreshold: options.suggestThreshold,
      llm: options.llm,
      secondOpinion: semantic,
      storage: options.storage,
      logger: options.logger,
    }),
    retriever: new KbRetriever({ snapshot }),
    search: (question, lang) => store.snapshot.search(question, lang ? { lang } : {}),
    store,
    semantic,
    close: async () => {
      await store.close();
      await semantic?.close();
    },
  };
}
