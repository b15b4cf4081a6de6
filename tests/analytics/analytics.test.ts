import path from 'node:path';
import pino from 'pino';
import { type Analytics, createAnalytics, dailyCsv, summaryCsv, unansweredCsv } from '../../src/analytics';
import { ANALYTICS_TURNS } from '../../src/analytics/turn-event';
import { groupUnanswered } from '../../src/analytics/unanswered-groups';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/kb';
import type { KbUnanswered } from '../../src/kb/kb-skill';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from '../../src/kb/policy';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { handoffEngine, said } from '../handoff/harness';

const DEMO = path.join(__dirname, '../../knowledge');
const WASTE = 'rifiuti-raccolta-differenziata';

describe('analytics on a seeded set of conversations through a real engine', () => {
  let clock = new Date('2025-03-10T09:00:00Z');
  const now = () => clock;
  let parts: ReturnType<typeof handoffEngine>;
  let kb: KnowledgeBase;
  let analytics: Analytics;

  beforeAll(async () => {
    parts = handoffEngine({ now });
    kb = await createKnowledgeBase({
      dir: DEMO,
      watch: false,
      answerThreshold: DEFAULT_ANSWER_THRESHOLD,
      suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
      storage: parts.storage,
      logger: pino({ level: 'silent' }),
      pollMs: 0,
    });
    parts.engine.addSkill(kb.skill);
    analytics = createAnalytics({
      storage: parts.storage,
      engine: parts.engine,
      logger: pino({ level: 'silent' }),
      timeZone: 'Europe/Rome',
      entryTitle: (id) => kb.store.snapshot.entries.find((e) => e.id === id)?.title,
      now,
    });
    const { engine, handoff, storage } = parts;
    const say = (text: string, channel: string, conversationId: string, value?: string) =>
      engine.handle(said(text, { channel, conversationId, ...(value ? { value } : {}) }));

    // Day 1, web chat: an answer rated useful, an unanswered question with an e-mail address, a grey-zone one.
    await say('che giorno passa il camion della spazzatura?', 'webchat', 'w1');
    await say('Sì', 'webchat', 'w1', `kb:feedback:yes:${WASTE}`);
    await say('chi ha vinto la partita? scrivimi a mario.rossi@example.org', 'webchat', 'w2');
    await say('TARI', 'webchat', 'w3');
    // Day 2, Telegram: a similar unanswered question, an escalation rated 5, an answer rated not useful.
    clock = new Date('2025-03-11T15:00:00Z');
    await say('chi ha vinto la partita ieri', 'telegram', 't1');
    await say('operatore', 'telegram', 't2');
    const [open] = await handoff.openCases();
    if (!open) throw new Error('no case');
    const giulia = { username: 'giulia', name: 'Giulia' };
    await handoff.claim(open.id, giulia);
    await handoff.sendMessage(open.id, giulia, 'Buongiorno, come posso aiutarla?');
    await handoff.close(open.id, giulia, 'resolved');
    await say('5', 'telegram', 't2', 'handoff:rating:5');
    await say('quando passano a ritirare la spazzatura', 'telegram', 't3');
    await say('No', 'telegram', 't3', `kb:feedback:no:${WASTE}`);
    // Two tickets (the service room stores them; their numbers are what the page counts).
    const ticket = (protocol: string, status: string, service: string) => ({
      protocol,
      service,
      status,
      createdAt: clock.toISOString(),
      ref: { channel: 'telegram', conversationId: 'x', userId: 'x' },
    });
    await storage.put(TICKETS, 'ESE-2025-000001', ticket('ESE-2025-000001', 'received', 'segnalazione'));
    await storage.put(TICKETS, 'ESE-2025-000002', ticket('ESE-2025-000002', 'in-progress', 'segnalazione'));
    await storage.put(TICKETS, 'ESE-2024-000009', {
      ...ticket('ESE-2024-000009', 'closed', 'segnalazione'),
      createdAt: '2024-12-01T10:00:00Z',
    });
    await analytics.flush();
  });

  afterAll(async () => {
    await kb.close();
  });

  it('counts conversations and citizen messages per channel per day', async () => {
    const r = await analytics.report('2025-03-10', '2025-03-11');
    expect(r.channels).toEqual(['telegram', 'webchat']);
    expect(
      r.days.map((d) => [
        d.day,
        d.channels.webchat?.conversations ?? 0,
        d.channels.telegram?.conversations ?? 0,
      ]),
    ).toEqual([
      ['2025-03-10', 3, 0],
      ['2025-03-11', 0, 3],
    ]);
    expect(r.days[0]?.channels.webchat?.messagesIn).toBe(4);
    expect(r.days[1]?.channels.telegram?.messagesIn).toBe(5);
    expect(r.totals).toMatchObject({ conversations: 6, messagesIn: 9 });
    // The operator's message counts as a reply on day 2.
    expect(r.days[1]?.channels.telegram?.messagesOut).toBeGreaterThan(5);
  });

  it('computes containment, escalation, knowledge-base outcomes, feedback and CSAT', async () => {
    const r = await analytics.report('2025-03-10', '2025-03-11');
    // w1, w3 and t3 ended without an operator and not on an unanswered question; t2 escalated; w2, t1 unanswered.
    expect(r.totals).toMatchObject({
      escalated: 1,
      contained: 3,
      containmentRate: 0.5,
      escalationRate: 0.167,
      kb: { answer: 2, suggest: 1, none: 2 },
    });
    expect(r.feedback).toEqual({ useful: 1, notUseful: 1, ratio: 0.5 });
    expect(r.csat).toEqual({ rated: 1, average: 5, satisfied: 1, rate: 1, distribution: [0, 0, 0, 0, 1] });
    expect(r.topEntries[0]).toMatchObject({ id: WASTE, answers: 2, useful: 1, notUseful: 1 });
    expect(r.topEntries[0]?.title).toMatch(/rifiuti|raccolta/i);
    expect(r.tickets).toEqual({ total: 2, byStatus: { received: 1, 'in-progress': 1 } });
    expect(r.topServices).toEqual([{ service: 'segnalazione', conversations: 0, tickets: 2 }]);
  });

  it('limits the numbers to the period asked for', async () => {
    const day1 = await analytics.report('2025-03-10', '2025-03-10');
    expect(day1.totals).toMatchObject({
      conversations: 3,
      escalated: 0,
      kb: { answer: 1, suggest: 1, none: 1 },
    });
    expect(day1.csat.rated).toBe(0);
    expect(day1.tickets.total).toBe(0);
  });

  it('groups the unanswered questions by similarity with counts, personal data redacted', async () => {
    const groups = await analytics.unanswered('2025-03-10', '2025-03-11');
    const partita = groups.find((g) => /partita/.test(g.question));
    expect(partita).toMatchObject({ count: 2, none: 2, lang: 'it' });
    expect(JSON.stringify(groups)).not.toContain('mario.rossi');
    expect(JSON.stringify(groups)).toContain('[EMAIL]');
    expect(groups.find((g) => g.question === 'TARI')).toMatchObject({ count: 1, suggest: 1 });
    expect(unansweredCsv(groups)).not.toContain('@example.org');
  });

  it('exports the daily table and the summary as CSV', async () => {
    const r = await analytics.report('2025-03-10', '2025-03-11');
    const daily = dailyCsv(r).trim().split('\n');
    expect(daily[0]).toBe('day,channel,conversations,messages_in,messages_out');
    expect(daily).toContain(`2025-03-10,webchat,3,4,${r.days[0]?.channels.webchat?.messagesOut}`);
    expect(daily).toContain('2025-03-10,telegram,0,0,0');
    const summary = summaryCsv(r);
    expect(summary).toContain('containment_rate,0.5');
    expect(summary).toContain('csat_average,5');
    expect(summary).toContain(`entry:${WASTE},2`);
  });

  it('stores no message text in its turn events', async () => {
    const events = await parts.storage.read<Record<string, unknown>>('analytics-turns');
    expect(events.length).toBeGreaterThan(9);
    const text = JSON.stringify(events);
    expect(text).not.toContain('spazzatura');
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('w1');
  });
});

describe('analytics of the operator offered after unanswered questions', () => {
  it('counts no escalation while the citizen has not chosen, and one with its reason once accepted', async () => {
    const now = () => new Date('2025-05-05T09:00:00Z');
    const { engine, storage, handoff } = handoffEngine({ now });
    const kb = await createKnowledgeBase({
      dir: DEMO,
      watch: false,
      answerThreshold: DEFAULT_ANSWER_THRESHOLD,
      suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
      storage,
      logger: pino({ level: 'silent' }),
      pollMs: 0,
    });
    engine.addSkill(kb.skill);
    const analytics = createAnalytics({ storage, engine, logger: pino({ level: 'silent' }), now });
    try {
      await engine.handle(said('chi ha vinto la partita ieri sera?', { conversationId: 'o1' }));
      const offered = await engine.handle(said('qual è la capitale della Spagna?', { conversationId: 'o1' }));
      expect(offered.at(-1)?.choices?.map((c) => c.value)).toEqual(['menu:operator', 'menu:faq']);
      await analytics.flush();
      expect((await analytics.report('2025-05-05', '2025-05-05')).totals).toMatchObject({
        conversations: 1,
        escalated: 0,
        contained: 0,
        kb: { answer: 0, suggest: 0, none: 2 },
      });
      await engine.handle(said('Parla con un operatore', { conversationId: 'o1', value: 'menu:operator' }));
      await analytics.flush();
      expect((await analytics.report('2025-05-05', '2025-05-05')).totals).toMatchObject({
        escalated: 1,
        kb: { none: 2 },
      });
      expect((await handoff.openCases())[0]?.reason).toBe('unanswered');
    } finally {
      await kb.close();
    }
  });
});

describe('analytics under a burst of messages', () => {
  it('counts every message when 300 citizens write at the same moment, in a few batched writes', async () => {
    const now = () => new Date('2025-04-01T10:00:00Z');
    const { engine, storage } = handoffEngine({ now });
    const batch = jest.spyOn(storage, 'batch');
    const append = jest.spyOn(storage, 'append');
    const analyticsWrites = () =>
      append.mock.calls.filter(([stream]) => stream === ANALYTICS_TURNS).length +
      batch.mock.calls.filter(([ops]) => ops.some((o) => o.op === 'append' && o.stream === ANALYTICS_TURNS))
        .length;
    const analytics = createAnalytics({
      storage,
      engine,
      logger: pino({ level: 'silent' }),
      timeZone: 'Europe/Rome',
      entryTitle: () => undefined,
      now,
    });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => engine.handle(said('buongiorno', { conversationId: `c${i}` }))),
    );
    await analytics.flush();
    const r = await analytics.report('2025-04-01', '2025-04-01');
    expect(r.totals).toMatchObject({ conversations: 300, messagesIn: 300 });
    // The events of the burst share writes instead of queueing one write each behind the other.
    expect(analyticsWrites()).toBeLessThan(30);
  });
});

describe('unanswered question grouping', () => {
  const q = (question: string, lang: 'it' | 'en' = 'it'): KbUnanswered => ({
    question,
    lang,
    outcome: 'none',
    score: 0.1,
    channel: 'webchat',
    at: '2025-03-10T10:00:00Z',
  });

  it('merges wordings with the same stems and keeps different topics apart', () => {
    const groups = groupUnanswered([
      q('Orari della piscina comunale?'),
      q('orari piscina comunale'),
      q('Che orari ha la piscina comunale'),
      q('Quanto costa il parcheggio in stazione?'),
      q('costo parcheggio stazione'),
      q('Dove si vota?'),
      q('swimming pool opening hours', 'en'),
    ]);
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1, 1]);
    expect(groups[0]?.variants).toHaveLength(2);
    expect(groups.find((g) => g.lang === 'en')?.count).toBe(1);
  });

  it('redacts personal data even in records written before redaction existed', () => {
    const [g] = groupUnanswered([q('Il mio codice fiscale è RSSMRA80A01H501U, chiamatemi al 333 1234567')]);
    expect(g?.question).toBe('Il mio codice fiscale è [CODICE_FISCALE], chiamatemi al [TELEFONO]');
  });
});
