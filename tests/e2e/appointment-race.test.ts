import { findProtocol } from '../../src/services/tickets/protocol';
import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { postgresReachable } from '../helpers/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres-database';

/**
 * Fifty citizens confirm the same appointment slot, of capacity 3, at the same moment: exactly three get a
 * protocol number and forty-seven are told politely that the time was taken, with other free times offered
 * at the same question and every other answer kept. The lost races consume no protocol number: the three
 * bookings have consecutive numbers and the next ticket gets the one after them. On PostgreSQL the fifty are split across two instances;
 * on SQLite (a single-instance backend) they all hit one.
 */

jest.setTimeout(180_000);

const API_KEY = 'backoffice-key-for-the-appointment-race';
const CITIZENS = 50;
const CAPACITY = 3; // the `certificati` fixture's slots
const env = {
  DIALOGS_DIR: 'tests/fixtures/services/desks',
  BACKOFFICE_API_KEY: API_KEY,
  RATE_LIMIT_BURST: '1000',
  RATE_LIMIT_PER_MINUTE: '1000',
  NEW_CONVERSATIONS_PER_ADDRESS: '3000', // fifty citizens from one test address
  NEW_CONVERSATIONS_GLOBAL: '6000',
};

/** The buttons of the bot's last reply to a web-chat citizen. */
async function lastChoices(c: DirectLineCitizen): Promise<Array<{ label: string; value: string }>> {
  const res = await fetch(`${c.base}/v3/directline/conversations/${c.conversationId}/activities?watermark=`, {
    headers: { authorization: `Bearer ${c.token}` },
  });
  const { activities } = (await res.json()) as {
    activities: Array<{
      from: { role?: string };
      suggestedActions?: { actions: Array<{ title: string; value: { choice: string } }> };
    }>;
  };
  const last = activities.filter((a) => a.from.role === 'bot').at(-1);
  return (last?.suggestedActions?.actions ?? []).map((a) => ({ label: a.title, value: a.value.choice }));
}

/** The year's sequence number of the protocol number in a reply (`ESE-2026-000042` → 42). */
function sequenceOf(text: string): number {
  const protocol = findProtocol(text);
  if (!protocol) throw new Error(`no protocol number in: ${text}`);
  return Number(protocol.slice(-6));
}

/** Runs `work` for every item, `width` at a time. */
async function inBatches<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

async function raceForOneSlot(bases: readonly string[]): Promise<void> {
  const citizens = Array.from(
    { length: CITIZENS },
    (_, i) => new DirectLineCitizen(bases[i % bases.length] ?? ''),
  );
  await inBatches(citizens, 10, async (c) => {
    await c.start();
    await c.say('ciao');
    await c.say('Ritiro certificati', 'service:certificati');
  });
  const [first] = await lastChoices(citizens[0] as DirectLineCitizen);
  if (!first?.value.startsWith('form:slot:')) throw new Error(`no slot offered: ${JSON.stringify(first)}`);
  // Every citizen picks the same first free time while it is still free, and reaches the summary.
  await inBatches(citizens, 10, async (c) => {
    expect(await c.say(first.label, first.value)).toContain('Controlla i dati');
  });

  const replies = await Promise.all(citizens.map((c) => c.say('Conferma e invia', 'form:confirm')));
  const booked = replies.filter((r) => /numero di protocollo \*\*[A-Z]+-\d{4}-\d{6}\*\*/.test(r));
  const refused = citizens.filter((_, i) =>
    replies[i]?.includes('nel frattempo quell’orario è stato prenotato da un’altra persona'),
  );
  expect(booked).toHaveLength(CAPACITY);
  // The register has no gaps: three consecutive numbers, whatever order the winners came in.
  const numbers = booked.map(sequenceOf).sort((a, b) => a - b);
  const firstNumber = numbers[0] ?? 0;
  expect(numbers).toEqual(Array.from({ length: CAPACITY }, (_, i) => firstNumber + i));
  expect(refused).toHaveLength(CITIZENS - CAPACITY);
  for (const r of replies.filter((r) => !booked.includes(r))) {
    expect(r).toContain('Mi dispiace');
    expect(r).toContain('Ecco i primi orari liberi');
    expect(r).not.toMatch(/errore|error/i);
  }
  // Each refused citizen is back at the slot question with other free times, the full one gone.
  const offers = await Promise.all(refused.map(lastChoices));
  for (const choices of offers) {
    const slots = choices.filter((x) => x.value.startsWith('form:slot:'));
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.map((x) => x.value)).not.toContain(first.value);
  }

  const list = async () => {
    const res = await fetch(`${bases[0]}/api/backoffice/tickets`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    return ((await res.json()) as { items: Array<{ protocol: string; fields: Record<string, unknown> }> })
      .items;
  };
  expect((await list()).map((t) => t.fields.data)).toEqual(
    Array(CAPACITY).fill(first.value.slice('form:slot:'.length)),
  );

  // Nothing is lost: a refused citizen picks the next time and books it.
  const late = refused[0] as DirectLineCitizen;
  const next = offers[0]?.find((x) => x.value.startsWith('form:slot:'));
  if (!next) throw new Error('no other time offered');
  expect(await late.say(next.label, next.value)).toContain('Controlla i dati');
  const lateReply = await late.say('Conferma e invia', 'form:confirm');
  expect(lateReply).toMatch(/numero di protocollo/);
  // Forty-seven lost races later, the next ticket takes the very next number.
  expect(sequenceOf(lateReply)).toBe(firstNumber + CAPACITY);
  const all = await list();
  expect(all).toHaveLength(CAPACITY + 1);
  expect(all.map((t) => sequenceOf(t.protocol)).sort((a, b) => a - b)).toEqual(
    Array.from({ length: CAPACITY + 1 }, (_, i) => firstNumber + i),
  );
}

const postgres = postgresReachable('appointment race on PostgreSQL');

(postgres ? describe : describe.skip)(
  'one appointment slot, fifty citizens, two instances on PostgreSQL',
  () => {
    let db: TestDatabase;
    const apps: TestApp[] = [];
    beforeAll(async () => {
      db = await createTestDatabase('sportello_appointments');
      for (let i = 0; i < 2; i++) apps.push(await startTestApp({ ...env, DATABASE_URL: db.url() }));
    });
    afterAll(async () => {
      for (const app of apps.splice(0)) await app.close().catch(() => undefined);
      await db?.drop();
    });

    it('books exactly three and refuses forty-seven politely with other times', async () => {
      await raceForOneSlot(apps.map((a) => a.base));
    });
  },
);

describe('one appointment slot, fifty citizens, on SQLite', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(env);
  });
  afterAll(() => app?.close());

  it('books exactly three and refuses forty-seven politely with other times', async () => {
    await raceForOneSlot([app.base]);
  });
});
