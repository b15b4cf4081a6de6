import { KeyedQueue } from '../../shared/keyed-queue';

/** Pacing settings: the least time between two messages to one chat, and between any two messages. */
export interface PacerOptions {
  /** Default 1000 ms: a burst of replies arrives like a person typing, not a machine gun. */
  perChatMs?: number;
  /** Default 250 ms across all chats, so a broadcast of ticket updates cannot look like spam. */
  globalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbound queue of the whatsapp-web.js adapter. WhatsApp bans numbers that send like bots, so messages
 * leave one at a time per chat, in order, with a minimum gap per chat and overall; different chats interleave.
 */
export class Pacer {
  private readonly chats = new KeyedQueue();
  private readonly nextPerChat = new Map<string, number>();
  private nextGlobal = 0;
  private readonly perChatMs: number;
  private readonly globalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PacerOptions = {}) {
    this.perChatMs = options.perChatMs ?? 1000;
    this.globalMs = options.globalMs ?? 250;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs `send` for `chatId` when its turn comes; resolves or rejects with it. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    return this.chats.run(chatId, async () => {
      const now = this.now();
      // Reserve the slot before sleeping so concurrent chats queue behind it instead of colliding.
      const at = Math.max(now, this.nextPerChat.get(chatId) ?? 0, this.nextGlobal);
      this.nextGlobal = at + this.globalMs;
      if (at > now) await this.sleep(at - now);
      try {
        return await send();
      } finally {
        this.nextPerChat.set(chatId, this.now() + this.perChatMs);
        this.forgetIdle();
      }
    });
  }

  /** Chats waiting or sending right now. */
  get busy(): number {
    return this.chats.size;
  }

  private forgetIdle(): void {
    if (this.nextPerChat.size < 1000) return;
    const now = this.now();
    for (const [chat, next] of this.nextPerChat) if (next <= now) this.nextPerChat.delete(chat);
  }
}
