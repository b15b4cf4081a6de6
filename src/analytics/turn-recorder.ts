import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import type { Storage } from '../storage/storage';
import { ANALYTICS_TURNS, type ConversationHasher, classifyReplies, type TurnEvent } from './turn-event';

/**
 * Records one compact {@link TurnEvent} per turn and per proactive message into {@link ANALYTICS_TURNS},
 * listening with `engine.onTurn`. Events hold counts and ids only (no text), so analytics never stores what a
 * citizen wrote. Writes are queued so the turn is never slowed down; {@link TurnRecorder.flush} waits for them.
 */
export class TurnRecorder {
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly hasher: Promise<ConversationHasher>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts listening to the engine's turns. */
  attach(engine: Engine): this {
    engine.onTurn(({ state, inbound, replies }) => {
      const operator = replies.some((r) => r.meta?.operator);
      const event: Omit<TurnEvent, 'conv'> = {
        // A turn's state carries the engine's clock; a proactive message happens now.
        at: inbound ? state.updatedAt : this.now().toISOString(),
        channel: state.ref.channel,
        lang: state.lang,
        kind: inbound ? 'in' : operator ? 'operator' : 'proactive',
        out: replies.length,
        ...(inbound ? classifyReplies(replies) : {}),
      };
      this.pending = this.pending
        .then(async () => {
          const hash = await this.hasher;
          await this.storage.append(ANALYTICS_TURNS, { ...event, conv: hash(state.key) } satisfies TurnEvent);
        })
        .then(
          () => undefined,
          (err: unknown) => this.logger.warn({ err }, 'analytics: could not record a turn'),
        );
    });
    return this;
  }

  /** Resolves once every event recorded so far is stored. */
  flush(): Promise<void> {
    return this.pending;
  }
}
