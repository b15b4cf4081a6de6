import WebSocket from 'ws';
import { call, type Harness, startHarness, waitFor } from './harness';

const DL = '/v3/directline';

interface Frame {
  activities: Array<{ id: string; text?: string; from: { role: string } }>;
  watermark: string;
}

function open(url: string): Promise<{ ws: WebSocket; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Frame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

function refusal(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => resolve(101));
    ws.once('error', () => undefined);
  });
}

describe('Direct Line WebSocket stream', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  async function conversation() {
    const s = (await call(h.baseUrl, 'POST', '/api/webchat/session')).body;
    const c = (await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}`, { token: s.token }))
      .body;
    /** Posts a citizen message to the conversation. */
    const post = (text: string) =>
      call(h.baseUrl, 'POST', `${DL}/conversations/${s.conversationId}/activities`, {
        token: s.token,
        body: { type: 'message', text },
      });
    return { ...s, streamUrl: c.streamUrl as string, post };
  }

  it('sends the history after the watermark on connect, then live activities', async () => {
    const c = await conversation();
    const { post } = c;
    await post('ciao');
    const { ws, frames } = await open(`${c.streamUrl}&watermark=2`);
    await waitFor('history', () => frames.length >= 1);
    expect(frames[0]?.activities.map((a) => a.id)).toEqual([
      `${c.conversationId}|0000003`,
      `${c.conversationId}|0000004`,
    ]);
    expect(frames[0]?.watermark).toBe('4');

    await post('menu');
    await waitFor('live frames', () => frames.flatMap((f) => f.activities).length >= 4);
    const live = frames.slice(1).flatMap((f) => f.activities);
    expect(live[0]).toMatchObject({
      id: `${c.conversationId}|0000005`,
      text: 'menu',
      from: { role: 'user' },
    });
    expect(live[1]?.from.role).toBe('bot');
    ws.close();
  });

  it('streams new activities to a client whose watermark is beyond the history (database restored from a backup)', async () => {
    const c = await conversation();
    const { post } = c;
    await post('ciao');
    // The page counted up to 500 before the restore; the conversation now holds 4 activities.
    const { ws, frames } = await open(`${c.streamUrl}&watermark=500`);
    await post('menu');
    await waitFor('live frames', () => frames.flatMap((f) => f.activities).length >= 2);
    const live = frames.flatMap((f) => f.activities);
    expect(live[0]).toMatchObject({
      id: `${c.conversationId}|0000005`,
      text: 'menu',
      from: { role: 'user' },
    });
    expect(live[1]?.from.role).toBe('bot');
    expect(Number(frames.at(-1)?.watermark)).toBeGreaterThanOrEqual(6);
    ws.close();
  });

  it('refuses a missing token (401) and another conversation’s token (403)', async () => {
    const a = await conversation();
    const b = await conversation();
    const base = h.baseUrl.replace('http', 'ws');
    expect(await refusal(`${base}${DL}/conversations/${a.conversationId}/stream`)).toBe(401);
    expect(
      await refusal(`${base}${DL}/conversations/${b.conversationId}/stream?t=${encodeURIComponent(a.token)}`),
    ).toBe(403);
    expect(await refusal(`${a.streamUrl}&watermark=minus-one`)).toBe(400);
  });

  it('closes open streams cleanly (1001) on shutdown', async () => {
    const c = await conversation();
    const { ws } = await open(c.streamUrl);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await h.directLine.close();
    expect(await closed).toBe(1001);
    expect(await refusal(c.streamUrl)).toBe(503);
  });
});
