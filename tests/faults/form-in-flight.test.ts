import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProtocol } from '../../src/services/tickets/protocol';
import { CONFIRM, DirectLineCitizen, SEGNALAZIONE_TO_SUMMARY } from '../helpers/directline-citizen';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';

const CITIZENS = 10;
const [START, ...ANSWERS] = SEGNALAZIONE_TO_SUMMARY;
/** What the form asks after k answers (the last one is the summary). */
const ASKED_AFTER = [
  'di che tipo di problema',
  'pericoloso',
  'dove si trova',
  'foto',
  'descrivi brevemente',
  'aggiornamenti anche via e-mail',
  'riepilogo',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * tests/e2e/restart.test.ts kills the process after a form answer was acknowledged; here it dies while many
 * citizens' answers are in flight, at different steps.
 */
describe('kill -9 while form answers are in flight', () => {
  let dir: string;
  let app: SpawnedApp | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-fault-form-'));
  });
  afterAll(async () => {
    await app?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes every form at the step after its last acknowledged answer (or the one in flight)', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'sportello.db')}` };
    const first = await spawnApp(env);
    app = first;
    const citizens = Array.from({ length: CITIZENS }, () => new DirectLineCitizen(first.url));
    await Promise.all(
      citizens.map(async (c) => {
        await c.start();
        expect((await c.say(...(START as [string, string?]))).toLowerCase()).toContain(ASKED_AFTER[0]);
      }),
    );
    // Everyone answers as fast as the server acknowledges; the process dies in the middle of it.
    const acked = citizens.map(() => 0);
    let dead = false;
    const answering = citizens.map(async (c, i) => {
      await sleep(i * 8);
      for (const [text, choice] of ANSWERS) {
        if (dead) return;
        const outcome = await c.post(text, choice).catch(() => undefined);
        if (outcome?.status !== 200) return;
        acked[i] = (acked[i] ?? 0) + 1;
      }
    });
    // Die once the first citizen is half-way: the others are at earlier steps or have not started.
    for (let ms = 0; ms < 10_000 && (acked[0] ?? 0) < 3; ms++) await sleep(1);
    dead = true;
    await first.kill();
    await Promise.all(answering);

    app = await spawnApp(env);
    const positions: number[] = [];
    for (const [i, c] of citizens.entries()) {
      c.base = app.url;
      await c.newBotText(); // skip what was said before the crash
      const asked = (await c.say('continua')).toLowerCase();
      const at = ASKED_AFTER.findIndex((p) => asked.includes(p));
      const confirmed = acked[i] ?? 0;
      // Nothing acknowledged is lost; at most the one answer in flight was also kept.
      expect([confirmed, confirmed + 1]).toContain(at);
      positions.push(at);
      // The citizen goes on from there and files the request.
      for (const [text, choice] of ANSWERS.slice(at)) await c.say(text, choice);
      expect(findProtocol(await c.say(...CONFIRM))).toBeDefined();
    }
    // The kill really landed mid-form for some citizens (positions spread over the steps).
    expect(new Set(positions).size).toBeGreaterThan(1);
  });
});
