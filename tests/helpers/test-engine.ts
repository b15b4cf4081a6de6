import pino from 'pino';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { InboundMessage, OutboundReply } from '../../src/engine/types';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import { detectLanguage } from '../../src/kb/detect-language';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { Storage } from '../../src/storage/storage';

/** An engine wired like the app (without channels), on the given storage. */
export function testEngine(
  storage: Storage = new MemoryStorage(),
  burst = 1000,
  options: { keepStates?: boolean } = {},
): Engine {
  const handoff = new QueuedHandoff(storage);
  const engine = new Engine({
    storage,
    logger: pino({ level: 'silent' }),
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
    ...options,
  });
  return useStandardPipeline(engine, { detectLanguage, handoff, rateLimit: { burst, perMinute: 30 } });
}

let counter = 0;

/** A citizen's message on a test channel. */
export function message(text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return {
    id: `m${counter}`,
    ref: { channel: 'test', conversationId: 'c1', userId: 'u1' },
    text,
    timestamp: new Date(),
    ...extra,
  };
}

/** All reply texts joined, for `toContain` assertions. */
export function texts(replies: OutboundReply[]): string {
  return replies.map((r) => r.text).join('\n');
}
