import { Client } from 'pg';
import { WebSocket } from 'ws';
import { type App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { postgresReachable } from '../events/postgres-probe';
import { TEST_DATABASE_URL } from '../helpers/postgres';

/**
 * Direct Line streams across instances under load: two apps share one PostgreSQL database; a citizen keeps a
 * stream open on each instance (two tabs behind a load balancer) while messages are stored concurrently on A
 * (the citizen's messages and the bot's answers) and on B (proactive operator messages). Every stream must
 * carry every activity exactly once, in watermark order, with no gap.
 */
const available = postgresReachable('multi-instance Direct Line streams');
const DB = `sportello_mis_${process.pid}_${Date.now()}`;
const dbUrl = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${DB}`;
  return url.toString();
})();

interface Frame {
  activities: Array<{ id: string; from: { role?: string }; text?: string }>;
  watermark: string;
}

/** Opens a stream and records the sequence number of every activity it carries. */
async function openStream(base: string, conversationId: string, token: string) {
  const seqs: number[] = [];
  const texts: string[] = [];
  const ws = new WebSocket(
    `${base.replace(/^http/, 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`,
  );
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    for (const a of frame.activities) {
      seqs.push(Number(a.id.split('|')[1]));
      texts.push(a.text ?? '');
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { seqs, texts, ws };
}

(available ? describe : describe.skip)('Direct Line streams across two instances', () => {
  let a: App;
  let b: App;
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.end();
    const config = () =>
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: dbUrl,
        LOG_LEVEL: 'silent',
        KB_WATCH: 'false',
        RATE_LIMIT_BURST: '1000',
        RATE_LIMIT_PER_MINUTE: '1000',
      });
    a = await createApp(config());
    urlA = await a.listen();
    b = await createApp(config());
    urlB = await b.listen();
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
  });

  it('delivers every activity once, in order, to streams on both instances while both write', async () => {
    const session = (await (await fetch(`${urlA}/api/webchat/session`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
      userId?: string;
    };
    const { conversationId, token } = session;
    const onA = await openStream(urlA, conversationId, token);
    const onB = await openStream(urlB, conversationId, token);

    const post = (text: string) =>
      fetch(`${urlA}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'citizen' }, text, locale: 'it-IT' }),
      });
    // The citizen's id as the engine knows it (the first message stores the conversation's state).
    expect((await post('ciao')).status).toBe(200);
    const state = await a.engine.getState({ channel: 'webchat', conversationId });
    if (!state) throw new Error('no conversation state after the first message');
    const ref = state.ref;

    const N = 25;
    await Promise.all([
      ...Array.from({ length: N }, (_, i) => post(`domanda ${i}`).then((r) => expect(r.status).toBe(200))),
      ...Array.from({ length: N }, (_, i) =>
        b.engine.sendProactive(ref, [{ text: `messaggio dell'operatore ${i}`, format: 'plain' }]),
      ),
    ]);

    const stored = (await (
      await fetch(`${urlB}/v3/directline/conversations/${conversationId}/activities`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { watermark: string };
    const total = Number(stored.watermark);
    expect(total).toBeGreaterThanOrEqual(1 + 2 * N + N); // ≥ one answer per question, plus the operator's
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    for (const stream of [onA, onB]) {
      const deadline = Date.now() + 10_000;
      while (stream.seqs.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(stream.seqs).toEqual(expected);
      for (let i = 0; i < N; i++) expect(stream.texts).toContain(`messaggio dell'operatore ${i}`);
    }
    onA.ws.close();
    onB.ws.close();
  }, 60_000);
});
