import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProtocol, sequenceOf } from '../../src/services/tickets/protocol';
import type { Ticket } from '../../src/services/tickets/ticket';
import { CONFIRM, DirectLineCitizen, SEGNALAZIONE_TO_SUMMARY } from '../helpers/directline-citizen';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';
import { auditTickets, halfWritten } from '../helpers/ticket-audit';

const API_KEY = 'fault-test-backoffice-key-0123456789';
const CITIZENS = 12;
/** Confirmations leave every STAGGER_MS; the process is killed KILL_AFTER_MS[round] after the first one. */
const STAGGER_MS = 3;
const KILL_AFTER_MS = [2, 12, 25];

const summarise = (o: { told: number; retried: number; storedUntold: number }) =>
  `${o.told} told their number, ${o.retried} confirmed again (${o.storedUntold} of them already stored)`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A citizen whose confirmation raced a kill -9, and what the HTTP call told them. */
interface Racer {
  citizen: DirectLineCitizen;
  /** The confirmation POST answered 200 before the process died. */
  acknowledged: boolean;
}

async function ticketsOf(app: SpawnedApp, conversationId: string): Promise<Ticket[]> {
  const res = await fetch(`${app.url}/api/backoffice/tickets?limit=500`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: Ticket[] };
  return items.filter((t) => t.ref.conversationId === conversationId);
}

describe('kill -9 during ticket creation', () => {
  let dir: string;
  let db: string;
  let app: SpawnedApp | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-fault-ticket-'));
    db = path.join(dir, 'sportello.db');
  });
  afterAll(async () => {
    await app?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    app = await spawnApp({ DATABASE_URL: `sqlite:${db}`, BACKOFFICE_API_KEY: API_KEY });
    return app;
  };

  /** Drives citizens to the summary, sends their confirmations a few ms apart and kills the process meanwhile. */
  async function race(running: SpawnedApp, killAfterMs: number): Promise<Racer[]> {
    const citizens = Array.from({ length: CITIZENS }, () => new DirectLineCitizen(running.url));
    await Promise.all(
      citizens.map(async (c) => {
        await c.start();
        let last = '';
        for (const [text, choice] of SEGNALAZIONE_TO_SUMMARY) last = await c.say(text, choice);
        expect(last).toContain('riepilogo');
      }),
    );
    const racers: Racer[] = citizens.map((citizen) => ({ citizen, acknowledged: false }));
    const confirmations = racers.map(async (r, i) => {
      await sleep(i * STAGGER_MS);
      const outcome = await r.citizen.post(...CONFIRM).catch(() => undefined); // refused or cut: not confirmed
      r.acknowledged = outcome?.status === 200;
    });
    await sleep(killAfterMs);
    await running.kill();
    await Promise.all(confirmations);
    return racers;
  }

  /** After the restart: what the citizen was told is stored once, and nothing is ever stored twice. */
  async function check(
    running: SpawnedApp,
    racers: Racer[],
  ): Promise<{ told: number; retried: number; storedUntold: number }> {
    let told = 0;
    let retried = 0;
    let storedUntold = 0;
    for (const { citizen, acknowledged } of racers) {
      citizen.base = running.url;
      const botTexts = (await citizen.history())
        .filter((a) => a.from.role === 'bot')
        .map((a) => a.text ?? '');
      const shown = botTexts.map((t) => findProtocol(t)).filter((p): p is string => p !== undefined);
      const before = await ticketsOf(running, citizen.conversationId);
      if (acknowledged) expect(shown).toHaveLength(1); // a 200 means the reply with the number was stored
      if (shown.length > 0) {
        told++;
        expect(shown).toHaveLength(1);
        expect(before.map((t) => t.protocol)).toEqual(shown);
        continue;
      }
      // Never told a number: at most one ticket exists, and confirming again does not create another.
      expect(before.length).toBeLessThanOrEqual(1);
      retried++;
      storedUntold += before.length;
      await citizen.newBotText(); // skip to the end of the history
      const again = await citizen.say(...CONFIRM);
      const after = await ticketsOf(running, citizen.conversationId);
      expect(after).toHaveLength(1);
      if (before[0]) expect(after[0]?.protocol).toBe(before[0].protocol);
      const protocol = after[0]?.protocol ?? '';
      if (findProtocol(again) === undefined) {
        // The form had finished but its reply was lost with the process: the citizen can still look it up.
        expect(await citizen.say('le mie pratiche')).toContain(protocol);
      } else {
        expect(findProtocol(again)).toBe(protocol);
      }
    }
    return { told, retried, storedUntold };
  }

  it('keeps every protocol number the citizen saw, creates none twice and writes nothing by halves', async () => {
    let previous: Racer[] = [];
    const outcomes: string[] = [];
    for (const killAfter of KILL_AFTER_MS) {
      const running = await start();
      if (previous.length) {
        outcomes.push(summarise(await check(running, previous)));
      }
      previous = await race(running, killAfter);
    }
    const last = await start();
    outcomes.push(summarise(await check(last, previous)));
    await last.kill();

    const audit = auditTickets(db);
    expect(halfWritten(audit)).toEqual([]);
    // One form per citizen, and each ends with exactly one ticket.
    expect(new Set(audit.tickets.map((t) => t.ref.conversationId)).size).toBe(audit.tickets.length);
    expect(audit.tickets).toHaveLength(CITIZENS * KILL_AFTER_MS.length);
    // Three kills mid-write later, the protocol register still has no gap: numbers 1 to the count of tickets.
    const numbers = audit.tickets.map((t) => sequenceOf(t.protocol)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: audit.tickets.length }, (_, i) => i + 1));
    console.log(`ticket creation races (per kill): ${outcomes.join('; ')}`);
    // Four real Sportello processes started one after another: seconds each on a busy machine.
  }, 120_000);
});
