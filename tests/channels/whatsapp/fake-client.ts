import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ClientFactoryOptions,
  ClientLike,
  WebMedia,
  WebMessageLike,
} from '../../../src/channels/whatsapp/client';

const FIXTURES = join(__dirname, '../../fixtures/whatsapp/web');

/** A message sent through the double, with the (virtual) time it left. */
export interface SentMessage {
  chatId: string;
  text: string;
  at: number;
}

/**
 * A test double of the whatsapp-web.js Client: records sends, and lets the test emit the client's events
 * (`qr`, `ready`, `disconnected`, `message` with recorded payloads).
 */
export class FakeClient extends EventEmitter implements ClientLike {
  readonly sent: SentMessage[] = [];
  initialized = 0;
  destroyed = 0;
  /** When set, `initialize()` rejects with it (e.g. Chromium missing). */
  failInitialize: Error | undefined;

  constructor(
    readonly options: ClientFactoryOptions,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  async initialize(): Promise<void> {
    this.initialized += 1;
    if (this.failInitialize) throw this.failInitialize;
  }

  async destroy(): Promise<void> {
    this.destroyed += 1;
  }

  async sendMessage(chatId: string, content: string): Promise<unknown> {
    this.sent.push({ chatId, text: content, at: this.clock() });
    return { id: { _serialized: `true_${chatId}_${this.sent.length}` } };
  }

  /** Goes through the linking steps up to `ready`. */
  link(): void {
    this.emit('authenticated');
    this.emit('ready');
  }
}

/** A recorded whatsapp-web.js message payload, with overrides and `downloadMedia()` for media fixtures. */
export function recorded(
  name: string,
  overrides: Partial<WebMessageLike> & { idSuffix?: string } = {},
): WebMessageLike {
  const { idSuffix, ...rest } = overrides;
  const message = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as WebMessageLike;
  if (idSuffix) message.id = { _serialized: `${message.id._serialized}${idSuffix}` };
  const mediaFile = join(FIXTURES, `${name}.media.json`);
  if (message.hasMedia && existsSync(mediaFile)) {
    const media = JSON.parse(readFileSync(mediaFile, 'utf8')) as WebMedia;
    message.downloadMedia = async () => media;
  }
  return Object.assign(message, rest);
}

/** A text message from the recorded citizen with another body and id. */
export function textMessage(body: string, id: string): WebMessageLike {
  return recorded('text', { body, idSuffix: `-${id}` });
}

/** A clock whose timers only move when the test lets them, so pacing is checked without waiting. */
export class VirtualClock {
  time = 0;
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  readonly now = () => this.time;
  readonly sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.waiters.push({ at: this.time + ms, resolve });
    });

  /** Moves time from timer to timer until `work` settles. */
  async runUntil<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
    });
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      this.waiters.sort((a, b) => a.at - b.at);
      const next = this.waiters.shift();
      if (!next) continue;
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    return done;
  }
}
