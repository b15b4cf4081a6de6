import type { Logger } from 'pino';
import { conversationKey } from '../engine/conversation-state';
import type { Engine } from '../engine/engine';
import { texts } from '../engine/texts';
import type { ConversationRef, Lang, OutboundReply } from '../engine/types';
import { KeyedQueue } from '../shared/keyed-queue';

/** What an {@link InboundRunner} needs from its channel. */
export interface InboundRunnerOptions {
  /** The channel's name, for logs. */
  channel: string;
  logger: Logger;
  engine: Pick<Engine, 'getState'>;
  /** Language of the failure reply when the conversation has none yet. */
  defaultLang: Lang;
  /** Delivers a reply (the failure reply) on the channel. */
  send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void>;
  /** True for failures after which nothing can be sent (e.g. the session is not connected). */
  unreachable?(err: unknown): boolean;
}

/**
 * The inbound loop a channel that receives messages by push shares with the others: each message's turn runs
 * one at a time per conversation, in arrival order (replies never overtake each other), the turns in flight
 * can be drained for a graceful shutdown, and a turn that fails is logged and answered with the polite
 * "problema tecnico" reply instead of silence.
 */
export class InboundRunner {
  private readonly turns = new KeyedQueue();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: InboundRunnerOptions) {}

  /** Queues `turn` for the conversation `ref`; `context` goes into the failure log line. */
  submit(ref: ConversationRef, turn: () => Promise<void>, context: Record<string, unknown> = {}): void {
    const task = this.turns.run(conversationKey(ref), () => this.guarded(ref, turn, context));
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Resolves when every turn submitted so far has finished. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async guarded(
    ref: ConversationRef,
    turn: () => Promise<void>,
    context: Record<string, unknown>,
  ): Promise<void> {
    const { channel, logger, engine, defaultLang, send, unreachable } = this.options;
    try {
      await turn();
    } catch (err) {
      logger.error({ err, conversation: conversationKey(ref), ...context }, `${channel} turn failed`);
      if (unreachable?.(err)) return;
      const lang = (await engine.getState(ref).catch(() => undefined))?.lang ?? defaultLang;
      await send(ref, [{ text: texts[lang].failure, format: 'plain' }]).catch(() => undefined);
    }
  }
}
