import { stringify } from 'csv-stringify/sync';
import type { AnalyticsReport } from './analytics-report';
import type { UnansweredGroup } from './unanswered-groups';

/** The daily table as CSV: one row per day and channel (conversations, citizen messages, replies). */
export function dailyCsv(report: AnalyticsReport): string {
  const rows: Array<Array<string | number>> = [];
  for (const d of report.days) {
    for (const channel of report.channels) {
      const c = d.channels[channel] ?? { conversations: 0, messagesIn: 0, messagesOut: 0 };
      rows.push([d.day, channel, c.conversations, c.messagesIn, c.messagesOut]);
    }
  }
  return stringify(rows, {
    header: true,
    columns: ['day', 'channel', 'conversations', 'messages_in', 'messages_out'],
  });
}

/** The period's summary figures as CSV (`metric,value`). */
export function summaryCsv(report: AnalyticsReport): string {
  const t = report.totals;
  const rows: Array<[string, string | number]> = [
    ['from', report.from],
    ['to', report.to],
    ['conversations', t.conversations],
    ['messages_in', t.messagesIn],
    ['messages_out', t.messagesOut],
    ['escalated', t.escalated],
    ['contained', t.contained],
    ['containment_rate', t.containmentRate],
    ['escalation_rate', t.escalationRate],
    ['kb_answered', t.kb.answer],
    ['kb_suggested', t.kb.suggest],
    ['kb_unanswered', t.kb.none],
    ['helpful_yes', report.feedback.useful],
    ['helpful_no', report.feedback.notUseful],
    ['helpful_ratio', report.feedback.ratio],
    ['csat_rated', report.csat.rated],
    ['csat_average', report.csat.average],
    ['csat_satisfied_rate', report.csat.rate],
    ...report.topEntries.map((e): [string, number] => [`entry:${e.id}`, e.answers]),
    ...report.topServices.map((s): [string, number] => [`service:${s.service}`, s.conversations]),
    ...Object.entries(report.tickets.byStatus).map(([s, n]): [string, number] => [`tickets:${s}`, n]),
  ];
  return stringify(rows, { header: true, columns: ['metric', 'value'] });
}

/** The unanswered groups as CSV (questions already redacted). */
export function unansweredCsv(groups: readonly UnansweredGroup[]): string {
  return stringify(
    groups.map((g) => [
      g.question,
      g.lang,
      g.count,
      g.none,
      g.suggest,
      g.closest?.id ?? '',
      g.variants.join(' | '),
    ]),
    {
      header: true,
      columns: ['question', 'lang', 'count', 'no_answer', 'did_you_mean', 'closest_entry', 'variants'],
    },
  );
}
