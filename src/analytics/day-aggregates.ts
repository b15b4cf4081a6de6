import type { KbFeedback } from '../kb/kb-skill';
import { KB_FEEDBACK_STREAM } from '../kb/kb-skill';
import type { Storage } from '../storage/storage';
import { dayOf } from './days';
import { ANALYTICS_TURNS, type KbOutcome, type TurnEvent } from './turn-event';

/** One channel's numbers on one day. */
export interface ChannelDay {
  conversations: Set<string>;
  messagesIn: number;
  messagesOut: number;
}

/** Everything analytics keeps about one day, built from the turn and feedback streams. */
export interface DayAggregate {
  channels: Map<string, ChannelDay>;
  /** Per conversation, the knowledge base's last outcome that day. */
  lastKb: Map<string, KbOutcome>;
  kb: Record<KbOutcome, number>;
  /** Times each entry was served as an answer. */
  entries: Map<string, number>;
  /** Conversations per service. */
  services: Map<string, Set<string>>;
  /** "Ti è stata utile?" answers per entry. */
  feedback: Map<string, { useful: number; notUseful: number }>;
}

function emptyDay(): DayAggregate {
  return {
    channels: new Map(),
    lastKb: new Map(),
    kb: { answer: 0, suggest: 0, none: 0 },
    entries: new Map(),
    services: new Map(),
    feedback: new Map(),
  };
}

/**
 * Per-day aggregates of the analytics streams, kept in memory and brought up to date incrementally: each
 * refresh reads only the stream entries after its watermark, so the page stays cheap however long the
 * history. Every instance builds its own from the shared streams, so they agree.
 */
export class DayAggregates {
  private readonly days = new Map<string, DayAggregate>();
  private turnsSeq = 0;
  private feedbackSeq = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly timeZone: string,
  ) {}

  /** The aggregate of a day (empty when nothing happened). */
  day(day: string): DayAggregate {
    return this.days.get(day) ?? emptyDay();
  }

  /** Reads what was appended since the last refresh. Concurrent callers share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private at(iso: string): DayAggregate {
    const day = dayOf(new Date(iso), this.timeZone);
    let agg = this.days.get(day);
    if (!agg) {
      agg = emptyDay();
      this.days.set(day, agg);
    }
    return agg;
  }

  private async read(): Promise<void> {
    for (;;) {
      const batch = await this.storage.read<TurnEvent>(ANALYTICS_TURNS, {
        after: this.turnsSeq,
        limit: 5000,
      });
      for (const { seq, value: e } of batch) {
        this.turnsSeq = seq;
        this.addTurn(e);
      }
      if (batch.length < 5000) break;
    }
    for (;;) {
      const batch = await this.storage.read<KbFeedback>(KB_FEEDBACK_STREAM, {
        after: this.feedbackSeq,
        limit: 5000,
      });
      for (const { seq, value: f } of batch) {
        this.feedbackSeq = seq;
        const agg = this.at(f.at);
        const row = agg.feedback.get(f.entry) ?? { useful: 0, notUseful: 0 };
        if (f.useful) row.useful++;
        else row.notUseful++;
        agg.feedback.set(f.entry, row);
      }
      if (batch.length < 5000) break;
    }
  }

  private addTurn(e: TurnEvent): void {
    const agg = this.at(e.at);
    const ch = agg.channels.get(e.channel) ?? { conversations: new Set(), messagesIn: 0, messagesOut: 0 };
    agg.channels.set(e.channel, ch);
    ch.messagesOut += e.out;
    if (e.kind === 'in') {
      ch.messagesIn++;
      ch.conversations.add(e.conv);
    }
    if (e.kb) {
      agg.kb[e.kb]++;
      agg.lastKb.set(e.conv, e.kb);
    }
    for (const id of e.entries ?? []) agg.entries.set(id, (agg.entries.get(id) ?? 0) + 1);
    if (e.service) {
      const set = agg.services.get(e.service) ?? new Set();
      set.add(e.conv);
      agg.services.set(e.service, set);
    }
  }
}
