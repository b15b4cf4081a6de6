import { HANDOFF_CLOSED, HANDOFF_QUEUE, type HandoffCase } from '../handoff/handoff-case';
import type { Ticket } from '../services/tickets/ticket';
import { TICKETS } from '../services/tickets/ticket-store';
import type { Storage } from '../storage/storage';
import type { DayAggregates } from './day-aggregates';
import { dayOf, daysBetween } from './days';
import type { ConversationHasher, KbOutcome } from './turn-event';

/** One day's numbers per channel, for the charts. */
export interface DayRow {
  day: string;
  channels: Record<string, { conversations: number; messagesIn: number; messagesOut: number }>;
}

/** The analytics page's numbers for a period. */
export interface AnalyticsReport {
  from: string;
  to: string;
  /** Every channel seen in the period. */
  channels: string[];
  days: DayRow[];
  totals: {
    /** Distinct conversations with at least one citizen message. */
    conversations: number;
    messagesIn: number;
    messagesOut: number;
    /** Conversations that reached an operator's queue. */
    escalated: number;
    /** Conversations neither escalated nor left on an unanswered question. */
    contained: number;
    /** contained / conversations (0–1). */
    containmentRate: number;
    /** escalated / conversations (0–1). */
    escalationRate: number;
    /** Knowledge-base outcomes of free-text questions. */
    kb: Record<KbOutcome, number>;
  };
  /** "Ti è stata utile?" answers. */
  feedback: { useful: number; notUseful: number; ratio: number };
  /** Citizens' 1–5 ratings of conversations closed by an operator. */
  csat: { rated: number; average: number; satisfied: number; rate: number; distribution: number[] };
  topEntries: Array<{ id: string; title: string; answers: number; useful: number; notUseful: number }>;
  topServices: Array<{ service: string; conversations: number; tickets: number }>;
  tickets: { total: number; byStatus: Record<string, number> };
}

/** What {@link buildReport} needs besides the aggregates. */
export interface ReportDeps {
  storage: Storage;
  /** The same pseudonymisation the turn recorder used. */
  hash: ConversationHasher;
  aggregates: DayAggregates;
  timeZone: string;
  /** An entry's title for display (the id when unknown). */
  entryTitle: (id: string) => string;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);

/**
 * Computes the analytics of the days `from`…`to` (inclusive, the city hall's time zone): conversations and
 * messages per channel per day, containment and escalation rates, knowledge-base outcomes, "was it helpful"
 * ratio, CSAT of operator conversations, top entries, top services and tickets per status.
 */
export async function buildReport(deps: ReportDeps, from: string, to: string): Promise<AnalyticsReport> {
  const { storage, aggregates, timeZone } = deps;
  await aggregates.refresh();
  const inRange = (iso: string | undefined) => {
    if (!iso) return false;
    const d = dayOf(new Date(iso), timeZone);
    return d >= from && d <= to;
  };
  const channels = new Set<string>();
  const convs = new Set<string>();
  const lastKb = new Map<string, KbOutcome>();
  const kb: Record<KbOutcome, number> = { answer: 0, suggest: 0, none: 0 };
  const entries = new Map<string, { answers: number; useful: number; notUseful: number }>();
  const services = new Map<string, Set<string>>();
  const days: DayRow[] = [];
  let messagesIn = 0;
  let messagesOut = 0;
  const entryRow = (id: string) => {
    const row = entries.get(id) ?? { answers: 0, useful: 0, notUseful: 0 };
    entries.set(id, row);
    return row;
  };
  for (const day of daysBetween(from, to)) {
    const agg = aggregates.day(day);
    const row: DayRow = { day, channels: {} };
    for (const [channel, c] of agg.channels) {
      channels.add(channel);
      row.channels[channel] = {
        conversations: c.conversations.size,
        messagesIn: c.messagesIn,
        messagesOut: c.messagesOut,
      };
      for (const conv of c.conversations) convs.add(conv);
      messagesIn += c.messagesIn;
      messagesOut += c.messagesOut;
    }
    days.push(row);
    for (const [conv, outcome] of agg.lastKb) lastKb.set(conv, outcome);
    for (const k of ['answer', 'suggest', 'none'] as const) kb[k] += agg.kb[k];
    for (const [id, n] of agg.entries) entryRow(id).answers += n;
    for (const [id, f] of agg.feedback) {
      const r = entryRow(id);
      r.useful += f.useful;
      r.notUseful += f.notUseful;
    }
    for (const [service, set] of agg.services) {
      const all = services.get(service) ?? new Set();
      for (const c of set) all.add(c);
      services.set(service, all);
    }
  }

  const cases = [
    ...(await storage.list<HandoffCase>(HANDOFF_QUEUE)),
    ...(await storage.list<HandoffCase>(HANDOFF_CLOSED)),
  ].map((r) => r.value);
  const escalatedConvs = new Set(
    cases.filter((c) => inRange(c.requestedAt)).map((c) => deps.hash(c.conversation)),
  );
  const escalated = [...convs].filter((c) => escalatedConvs.has(c)).length;
  const contained = [...convs].filter((c) => !escalatedConvs.has(c) && lastKb.get(c) !== 'none').length;

  const rated = cases.filter(
    (c) => c.status === 'closed' && inRange(c.closedAt) && typeof c.rating === 'number',
  );
  const distribution = [1, 2, 3, 4, 5].map((n) => rated.filter((c) => c.rating === n).length);
  const sum = rated.reduce((s, c) => s + (c.rating ?? 0), 0);
  const satisfied = rated.filter((c) => (c.rating ?? 0) >= 4).length;

  const tickets = (await storage.list<Ticket>(TICKETS))
    .map((r) => r.value)
    .filter((t) => inRange(t.createdAt));
  const byStatus: Record<string, number> = {};
  const ticketsByService = new Map<string, number>();
  for (const t of tickets) {
    byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    ticketsByService.set(t.service, (ticketsByService.get(t.service) ?? 0) + 1);
  }
  const serviceIds = new Set([...services.keys(), ...ticketsByService.keys()]);

  let useful = 0;
  let notUseful = 0;
  for (const r of entries.values()) {
    useful += r.useful;
    notUseful += r.notUseful;
  }
  const n = convs.size;
  return {
    from,
    to,
    channels: [...channels].sort(),
    days,
    totals: {
      conversations: n,
      messagesIn,
      messagesOut,
      escalated,
      contained,
      containmentRate: ratio(contained, n),
      escalationRate: ratio(escalated, n),
      kb,
    },
    feedback: { useful, notUseful, ratio: ratio(useful, useful + notUseful) },
    csat: {
      rated: rated.length,
      average: rated.length ? Math.round((sum / rated.length) * 100) / 100 : 0,
      satisfied,
      rate: ratio(satisfied, rated.length),
      distribution,
    },
    topEntries: [...entries.entries()]
      .map(([id, r]) => ({ id, title: deps.entryTitle(id), ...r }))
      .sort((a, b) => b.answers - a.answers || b.useful + b.notUseful - (a.useful + a.notUseful))
      .slice(0, 10),
    topServices: [...serviceIds]
      .map((service) => ({
        service,
        conversations: services.get(service)?.size ?? 0,
        tickets: ticketsByService.get(service) ?? 0,
      }))
      .sort((a, b) => b.conversations - a.conversations || b.tickets - a.tickets)
      .slice(0, 10),
    tickets: { total: tickets.length, byStatus },
  };
}
