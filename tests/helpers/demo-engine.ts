import * as path from 'node:path';
import pino from 'pino';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/kb';
import { detectLanguage } from '../../src/kb/detect-language';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../../src/kb/policy';
import { createServices, type Services } from '../../src/services';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { Storage } from '../../src/storage/storage';

const ROOT = path.resolve(__dirname, '../..');

/**
 * An engine as the composition root wires it for turns: the standard pipeline, the demo
 * dialogs of `dialogs/` with their skill, then the real knowledge base of `knowledge/`, on memory storage.
 */
export async function demoEngine(
  options: { storage?: Storage; now?: () => Date } = {},
): Promise<{ engine: Engine; storage: Storage; services: Services; kb: KnowledgeBase }> {
  const storage = options.storage ?? new MemoryStorage();
  const logger = pino({ level: 'silent' });
  const engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
    ...(options.now ? { now: options.now } : {}),
  });
  useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) });
  const services = await createServices({
    dir: path.join(ROOT, 'dialogs'),
    storage,
    engine,
    logger,
    cityCode: 'ESE',
    ...(options.now ? { now: options.now } : {}),
  });
  const kb = await createKnowledgeBase({
    dir: path.join(ROOT, 'knowledge'),
    watch: false,
    pollMs: 0,
    answerThreshold: DEFAULT_ANSWER_THRESHOLD,
    suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
    storage,
    logger,
  });
  engine.addSkill(kb.skill);
  return { engine, storage, services, kb };
}
