import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import type { Storage } from '../storage/storage';
import { ANALYTICS_TURNS, addReplyOutcome, type ConversationHasher, type TurnEvent } from './turn-event';

/** Most events written in one storage batch. */
const MAX_BATCH = 500;

/**
 * Records one compact {@link TurnEvent} per turn and per proactive message into {@link ANALYTICS_TURNS},
 * listening with `engine.onTurn`. Events hold counts and ids only (no text), so analytics never stores what a
 * citizen wrote. Events are queued so the turn is never slowed down, and written in batches: one write carries
 * every event that arrived while the previous one was being stored, so a busy hour cannot outrun the
 * recorder. {@link TurnRecorder.flush} waits for them.
 */
export class TurnRecorder {
  /** Events waiting to be written, with the conversation key their pseudonym (`conv`) is made from. */
  private queue: Array<{ key: string; event: TurnEvent }> = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly hasher: Promise<ConversationHasher>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts listening to the engine's turns. */
  attach(engine: Engine): this {
    engine.onTurn(({ state, inbound, replies }) => {
      const event: TurnEvent = {
        // A turn's state carries the engine's clock; a proactive message happens now.
        at: inbound ? state.updatedAt : this.now().toISOString(),
        channel: state.ref.channel,
        conv: '', // set once the pseudonymisation key is loaded (drain)
        lang: state.lang,
        kind: inbound ? 'in' : replies.some((r) => r.meta?.operator) ? 'operator' : 'proactive',
        out: replies.length,
      };
      if (inbound) addReplyOutcome(event, replies);
      this.queue.push({ key: state.key, event });
      this.writing ??= this.drain();
    });
    return this;
  }

  /** Resolves once every event recorded so far is stored. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      const hash = await this.hasher;
      while (this.queue.length > 0) {
        const events = this.queue.splice(0, MAX_BATCH);
        try {
          await this.storage.batch(
            events.map(({ key, event }) => {
              event.conv = hash(key);
              return { op: 'append' as const, stream: ANALYTICS_TURNS, value: event };
            }),
          );
        } catch (err) {
          this.logger.warn({ err, events: events.length }, 'analytics: could not record turns');
        }
      }
    } catch (err) {
      this.logger.warn({ err }, 'analytics: no pseudonymisation key, turns not recorded');
      this.queue = [];
    } finally {
      this.writing = undefined;
    }
  }
}
