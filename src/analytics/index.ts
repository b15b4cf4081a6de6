import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import { KB_UNANSWERED_STREAM, type KbUnanswered } from '../kb/kb-skill';
import type { Storage } from '../storage/storage';
import { type AnalyticsReport, buildReport } from './analytics-report';
import { DayAggregates } from './day-aggregates';
import { dayOf } from './days';
import { conversationHasher } from './turn-event';
import { TurnRecorder } from './turn-recorder';
import { type GroupOptions, groupUnanswered, type UnansweredGroup } from './unanswered-groups';

export { dailyCsv, summaryCsv, unansweredCsv } from './analytics-csv';
export type { AnalyticsReport } from './analytics-report';
export { daysBefore } from './days';
export type { UnansweredGroup } from './unanswered-groups';

/** What {@link createAnalytics} needs from the composition root. */
export interface AnalyticsOptions {
  storage: Storage;
  engine: Engine;
  logger: Logger;
  /** The city hall's time zone for days (OFFICE_TIMEZONE; default Europe/Rome). */
  timeZone?: string;
  /** An entry's title for display. */
  entryTitle?: (id: string) => string | undefined;
  now?: () => Date;
}

/** The analytics room: records turns and answers the console's questions about a period. */
export interface Analytics {
  /** The report of the days `from`…`to` (inclusive). */
  report(from: string, to: string): Promise<AnalyticsReport>;
  /** Unanswered and low-confidence questions of the period, grouped by similarity. */
  unanswered(from: string, to: string, options?: GroupOptions): Promise<UnansweredGroup[]>;
  /** Today in the city hall's time zone. */
  today(): string;
  /** Waits for the turn events recorded so far to be stored (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Creates the analytics room: a turn listener writing compact, text-free events, and the report and
 * unanswered-question grouping the console shows.
 */
export function createAnalytics(options: AnalyticsOptions): Analytics {
  const { storage, engine, logger } = options;
  const timeZone = options.timeZone ?? 'Europe/Rome';
  const now = options.now ?? (() => new Date());
  const hasher = conversationHasher(storage);
  const recorder = new TurnRecorder(storage, logger, hasher, now).attach(engine);
  const aggregates = new DayAggregates(storage, timeZone);
  return {
    report: async (from, to) =>
      buildReport(
        {
          storage,
          hash: await hasher,
          aggregates,
          timeZone,
          entryTitle: (id) => options.entryTitle?.(id) ?? id,
        },
        from,
        to,
      ),
    async unanswered(from, to, groupOptions) {
      const rows = await storage.read<KbUnanswered>(KB_UNANSWERED_STREAM);
      const records = rows
        .map((r) => r.value)
        .filter((r) => {
          const d = dayOf(new Date(r.at), timeZone);
          return d >= from && d <= to;
        });
      return groupUnanswered(records, groupOptions);
    },
    today: () => dayOf(now(), timeZone),
    flush: () => recorder.flush(),
  };
}
