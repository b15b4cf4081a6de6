import pino from 'pino';
import type { OutboundChannel } from '../../src/engine/channel';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { ConversationRef, InboundMessage, OutboundReply } from '../../src/engine/types';
import { createHandoff } from '../../src/handoff';
import type { HandoffService } from '../../src/handoff/handoff-service';
import { detectLanguage } from '../../src/kb/detect-language';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { Storage } from '../../src/storage/storage';

/** An outbound channel that records what each citizen receives, as a real adapter would deliver it. */
export class RecordingChannel implements OutboundChannel {
  readonly capabilities = { buttons: true, markup: 'plain' as const };
  readonly sent: Array<{ ref: ConversationRef; reply: OutboundReply }> = [];
  constructor(readonly name: string) {}
  async send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void> {
    for (const reply of replies) this.sent.push({ ref, reply });
  }
  /** Texts sent to one conversation. */
  textsTo(conversationId: string): string[] {
    return this.sent.filter((s) => s.ref.conversationId === conversationId).map((s) => s.reply.text);
  }
}

/** An engine wired like the app with the real handoff room, on memory storage, with recording channels. */
export function handoffEngine(
  options: { storage?: Storage; hours?: string; holidays?: string; now?: () => Date } = {},
): { engine: Engine; handoff: HandoffService; storage: Storage; channels: Record<string, RecordingChannel> } {
  const storage = options.storage ?? new MemoryStorage();
  const engine = new Engine({
    storage,
    logger: pino({ level: 'silent' }),
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
    ...(options.now ? { now: options.now } : {}),
  });
  const handoff = createHandoff({
    storage,
    engine,
    logger: pino({ level: 'silent' }),
    city: 'Comune di Esempio',
    ...(options.hours ? { office: { hours: options.hours, holidays: options.holidays ?? '' } } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  useStandardPipeline(engine, { detectLanguage, handoff });
  const channels: Record<string, RecordingChannel> = {};
  for (const name of ['webchat', 'telegram', 'test']) {
    channels[name] = new RecordingChannel(name);
    engine.addChannel(channels[name]);
  }
  return { engine, handoff, storage, channels };
}

let counter = 0;

/** A citizen's message on a channel and conversation. */
export function said(
  text: string,
  where: { channel?: string; conversationId?: string; value?: string } = {},
): InboundMessage {
  counter += 1;
  const conversationId = where.conversationId ?? 'c1';
  return {
    id: `h${counter}`,
    ref: { channel: where.channel ?? 'webchat', conversationId, userId: `u-${conversationId}` },
    text,
    ...(where.value ? { value: where.value } : {}),
    timestamp: new Date(),
  };
}

/** All reply texts joined. */
export function joined(replies: readonly OutboundReply[]): string {
  return replies.map((r) => r.text).join('\n');
}

/** The operators used in tests. */
export const GIULIA = { username: 'giulia', name: 'Giulia' };
export const MARCO = { username: 'marco', name: 'Marco' };
