import { type AppHarness, consoleLogin, SECRETS, startApp } from './app-harness';
import { openConversation } from './directline-client';

/** The value of one sample line, e.g. `sportello_messages_total{channel="webchat",direction="in"}`. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const have = labelPart ? labelPart.split(',') : [];
    if (wanted.every((w) => have.includes(w))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let h: AppHarness;
  const scrape = async () => {
    const res = await fetch(`${h.url}/metrics`, {
      headers: { Authorization: `Bearer ${SECRETS.metricsToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a scrape without the METRICS_TOKEN with a JSON 401', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong-token-0123456789' }];
    for (const headers of attempts) {
      const res = await fetch(`${h.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('serves process metrics in the Prometheus text format', async () => {
    const body = await scrape();
    expect(body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(body).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(body).toContain('# HELP sportello_messages_total');
  });

  it('counts web chat messages both ways and times each turn', async () => {
    const before = await scrape();
    const inBefore = sample(before, 'sportello_messages_total', { channel: 'webchat', direction: 'in' }) ?? 0;
    const citizen = await openConversation(h.url);
    const first = await citizen.say('ciao');
    const second = await citizen.say('orari anagrafe');
    const after = await scrape();
    expect(sample(after, 'sportello_messages_total', { channel: 'webchat', direction: 'in' })).toBe(
      inBefore + 2,
    );
    expect(
      sample(after, 'sportello_messages_total', { channel: 'webchat', direction: 'out' }),
    ).toBeGreaterThanOrEqual(first.length + second.length);
    expect(sample(after, 'sportello_turn_duration_seconds_count', { channel: 'webchat' })).toBe(inBefore + 2);
    expect(sample(after, 'sportello_turn_duration_seconds_sum', { channel: 'webchat' })).toBeGreaterThan(0);
  });

  it('counts an escalation and shows it in the queue gauge until an operator takes it', async () => {
    const citizen = await openConversation(h.url);
    await citizen.say('buongiorno');
    const replies = await citizen.say('operatore');
    expect(replies.map((r) => r.text).join(' ')).toMatch(/operatore/i);
    // The escalation counter is told asynchronously by the handoff room's event.
    let body = await scrape();
    for (let i = 0; i < 20 && !sample(body, 'sportello_escalations_total', { channel: 'webchat' }); i++) {
      await new Promise((r) => setTimeout(r, 25));
      body = await scrape();
    }
    expect(sample(body, 'sportello_escalations_total', { channel: 'webchat' })).toBe(1);
    expect(sample(body, 'sportello_handoff_queue_length', { channel: 'webchat' })).toBe(1);

    const [open] = await h.app.storage.list<{ id: string }>('handoff-queue');
    expect(open).toBeDefined();
    const { cookie, csrf } = await consoleLogin(h.url, 'giulia');
    const claim = await fetch(`${h.url}/api/console/cases/${open?.value.id}/claim`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    });
    expect(claim.status).toBe(200);
    body = await scrape();
    expect(sample(body, 'sportello_handoff_queue_length', { channel: 'webchat' })).toBeUndefined();
    expect(sample(body, 'sportello_handoff_assigned', { channel: 'webchat' })).toBe(1);
  });

  it("counts the knowledge base's memo lookups and hits", async () => {
    const before = await scrape();
    const lookups = sample(before, 'sportello_kb_memo_lookups_total') ?? Number.NaN;
    const hits = sample(before, 'sportello_kb_memo_hits_total') ?? Number.NaN;
    // Two citizens ask a question nobody asked before, word for word: the second is answered from the memo.
    for (const citizen of [await openConversation(h.url), await openConversation(h.url)]) {
      await citizen.say('buongiorno');
      await citizen.say('a che ora apre la biblioteca comunale il sabato?');
    }
    const after = await scrape();
    expect(after).toContain('# TYPE sportello_kb_memo_lookups_total counter');
    expect(sample(after, 'sportello_kb_memo_lookups_total')).toBe(lookups + 2);
    expect(sample(after, 'sportello_kb_memo_hits_total')).toBe(hits + 1);
  });

  it('counts HTTP requests by route pattern, not by raw URL', async () => {
    await fetch(`${h.url}/no/such/page/${'x'.repeat(20)}`);
    const body = await scrape();
    expect(
      sample(body, 'sportello_http_requests_total', {
        method: 'POST',
        route: '/v3/directline/conversations/:id/activities',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(body, 'sportello_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('/no/such/page');
  });
});
