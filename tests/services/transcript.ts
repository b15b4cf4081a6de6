import pino from 'pino';
import { Engine } from '../../src/engine/engine';
import { KNOWLEDGE_BASE_SKILL, type Skill } from '../../src/engine/skill';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { Attachment, ConversationRef, GeoLocation, OutboundReply } from '../../src/engine/types';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import type { CitizenIdentity } from '../../src/identity';
import { detectLanguage } from '../../src/kb/detect-language';
import { createServices, type Services } from '../../src/services';
import type { Storage } from '../../src/storage/storage';

/** Monday 23 November 2026, 09:00 in Rome: the fixed "now" of the transcript tests. */
export const NOW = new Date('2026-11-23T08:00:00Z');

/** A valid codice fiscale, plate and IBAN for happy paths. */
export const CF = 'RSSMRA80A01H501U';

/** A tiny knowledge base: answers questions about costs, declines the rest. */
export const fakeKb: Skill = {
  id: KNOWLEDGE_BASE_SKILL,
  async handle(ctx) {
    if (ctx.input.startsWith('kb:feedback:')) {
      ctx.reply('KB: grazie del riscontro!');
      return true;
    }
    if (!/cost|prezzo|price/i.test(ctx.input)) return false;
    ctx.reply('KB: il pass sosta residenti costa 30 euro all’anno.');
    return true;
  },
};

/** A real engine with the built-in pipeline, the demo dialogs and the fake KB, on the given storage. */
export async function startEngine(
  storage: Storage,
  options: {
    now?: () => Date;
    webhook?: { url: string; secret: string; baseDelayMs?: number; pollMs?: number };
    apiKey?: string;
    /** Citizens signed in on the portal: the first-turn notice and the verified identities forms read. */
    identity?: CitizenIdentity;
    /** Directory of the dialog files (default: the demo dialogs). */
    dir?: string;
  } = {},
): Promise<{ engine: Engine; services: Services }> {
  const logger = pino({ level: 'silent' });
  const now = options.now ?? (() => NOW);
  const engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
    now,
  });
  useStandardPipeline(engine, {
    detectLanguage,
    handoff: new QueuedHandoff(storage),
    ...(options.identity ? { identityNotice: options.identity.notice } : {}),
  });
  const services = await createServices({
    dir: options.dir ?? 'dialogs',
    storage,
    engine,
    logger,
    cityCode: 'ESE',
    now,
    ...(options.webhook ? { webhook: options.webhook } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.identity ? { identities: options.identity.store } : {}),
  });
  engine.addSkill(fakeKb);
  return { engine, services };
}

/** What a citizen sends: text, or a message with a location, files or a pressed button value. */
export type Say =
  | string
  | { text?: string; value?: string; location?: GeoLocation; attachments?: Attachment[] };

/** A conversation driven like botbuilder's TestAdapter: send, then look at the replies. */
export class Conversation {
  private n = 0;
  /** Replies to the last message. */
  replies: OutboundReply[] = [];

  constructor(
    public engine: Engine,
    readonly ref: ConversationRef = { channel: 'test', conversationId: 'c1', userId: 'u1' },
  ) {}

  /** Sends a message and resolves the replies' text joined together. */
  async send(say: Say): Promise<string> {
    const m = typeof say === 'string' ? { text: say } : say;
    this.n += 1;
    this.replies = await this.engine.handle({
      id: `${this.ref.conversationId}-m${this.n}-${Math.random().toString(36).slice(2)}`,
      ref: this.ref,
      text: m.text ?? '',
      ...(m.value !== undefined ? { value: m.value } : {}),
      ...(m.location ? { location: m.location } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      timestamp: new Date(),
    });
    return this.text;
  }

  /** Presses a button: sends its value with its label as text. */
  async press(labelOrValue: string): Promise<string> {
    const choice = this.choices.find((c) => c.label === labelOrValue || c.value === labelOrValue);
    if (!choice)
      throw new Error(`No choice "${labelOrValue}" among: ${this.choices.map((c) => c.label).join(' | ')}`);
    return this.send({ text: choice.label, value: choice.value });
  }

  /** Every reply text of the last message. */
  get text(): string {
    return this.replies.map((r) => r.text).join('\n---\n');
  }

  /** The choices offered by the last message's replies. */
  get choices(): Array<{ label: string; value: string }> {
    return this.replies.flatMap((r) => r.choices ?? []);
  }
}

/** A photo as a Telegram adapter would describe it. */
export const PHOTO: Attachment = {
  contentType: 'image/jpeg',
  fileId: 'AgACAgQAAxkBAAIB',
  name: 'lampione.jpg',
  size: 120_000,
};
/** A PDF document. */
export const PDF: Attachment = {
  contentType: 'application/pdf',
  url: 'https://files.example.org/libretto.pdf',
  name: 'libretto.pdf',
  size: 300_000,
};
