import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Analytics } from '../../analytics';
import type { KnowledgeStore } from '../../kb/knowledge-store';
import { registerAnalyticsApi } from '../analytics/analytics-api';
import type { ConsoleAuth } from '../console-auth';
import { registerEditorApi } from './editor-api';

export { DRAFT_PLACEHOLDER } from './editor-api';

/** What {@link registerEditorRoom} needs from the composition root. */
export interface EditorRoomOptions {
  /** The console's auth (sessions, roles, CSRF), from `registerConsole(...).auth`. */
  auth: ConsoleAuth;
  /** The live knowledge base (`createKnowledgeBase(...).store`). */
  store: KnowledgeStore;
  analytics: Analytics;
  logger: Logger;
  thresholds: { answerThreshold: number; suggestThreshold: number };
  now?: () => Date;
}

/**
 * Registers the editors' rooms of the console: the knowledge-base editor API and the analytics API (pages
 * `/console/editor` and `/console/analytics` are served by the console itself). Editors and admins only.
 */
export function registerEditorRoom(server: Server, options: EditorRoomOptions): void {
  registerEditorApi(server, {
    auth: options.auth,
    store: options.store,
    logger: options.logger,
    thresholds: options.thresholds,
    ...(options.now ? { now: options.now } : {}),
  });
  registerAnalyticsApi(server, { auth: options.auth, analytics: options.analytics, logger: options.logger });
}
