import { HANDOFF_QUEUE, type HandoffCase } from '../../src/handoff/handoff-case';
import { handoffTexts } from '../../src/handoff/handoff-texts';
import { type AppHarness, consoleLogin, SECRETS, startApp } from './app-harness';
import { openConversation, requestFrom } from './directline-client';

const session = (url: string, from: string, body = '') =>
  requestFrom(from, `${url}/api/webchat/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });

/** The value of one series of `/metrics`, 0 when absent. */
async function metric(h: AppHarness, series: string): Promise<number> {
  const res = await fetch(`${h.url}/metrics`, {
    headers: { Authorization: `Bearer ${SECRETS.metricsToken}` },
  });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${series} `));
  return Number(line?.split(' ')[1] ?? 0);
}

describe('per-client limits on new conversations', () => {
  let h: AppHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('refuses new web chat conversations past the per-address limit with 429, other addresses go on', async () => {
    // 20 an hour: bursts of up to 10 (a tenth of the hour, at least 10).
    h = await startApp({ NEW_CONVERSATIONS_PER_ADDRESS: '20' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await session(h.url, '127.0.0.2')).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const refused = await session(h.url, '127.0.0.2');
    expect(JSON.parse(refused.text).error.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect((await session(h.url, '127.0.0.3')).status).toBe(200);
    // A conversation already open keeps its token fresh from the same address.
    const open = JSON.parse((await session(h.url, '127.0.0.3')).text) as { token: string };
    for (let i = 0; i < 15; i++)
      expect((await session(h.url, '127.0.0.2', JSON.stringify({ token: open.token }))).status).toBe(200);
    expect(await metric(h, 'sportello_refused_total{what="conversation",reason="address"}')).toBe(2);
  });

  it('refuses new conversations from many addresses past the global limit', async () => {
    // 10 a minute: bursts of up to 10 (at least 10), then one every 6 s (refusals are answered 1 s late).
    h = await startApp({ NEW_CONVERSATIONS_GLOBAL: '10' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await session(h.url, `127.0.0.${10 + i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
    expect(await metric(h, 'sportello_refused_total{what="conversation",reason="global"}')).toBe(2);
  });
});

describe('per-client limits on requests for an operator', () => {
  let h: AppHarness;
  afterEach(async () => {
    await h?.close();
  });
  const openCases = async () =>
    (await h.app.storage.list<HandoffCase>(HANDOFF_QUEUE)).filter((c) => c.value.status !== 'closed');

  it('queues at most the per-address number of requests from one web chat address, says so politely', async () => {
    // 15 an hour: at most 5 at once.
    h = await startApp({ HANDOFFS_PER_ADDRESS: '15', OFFICE_HOURS: 'always' });
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const citizen = await openConversation(h.url, 'it-IT', '127.0.0.2');
      answers.push((await citizen.say('operatore')).map((a) => a.text ?? '').join('\n'));
    }
    expect(answers.filter((a) => a.includes('Ho inoltrato la tua richiesta'))).toHaveLength(5);
    expect(answers.filter((a) => a.includes(handoffTexts.it.limitedAddress))).toHaveLength(2);
    expect(await openCases()).toHaveLength(5);
    const elsewhere = await openConversation(h.url, 'it-IT', '127.0.0.3');
    expect((await elsewhere.say('operatore')).map((a) => a.text).join('\n')).toContain('Ho inoltrato');
    expect(await metric(h, 'sportello_refused_total{what="handoff",reason="address"}')).toBe(2);
  });

  it('takes at most the per-conversation number of requests in an hour', async () => {
    h = await startApp({ HANDOFFS_PER_CONVERSATION: '1', OFFICE_HOURS: 'always' });
    const citizen = await openConversation(h.url);
    expect((await citizen.say('operatore')).map((a) => a.text).join('\n')).toContain('Ho inoltrato');
    // An operator closes the case; the citizen asks again within the hour.
    const [open] = await openCases();
    const operator = await consoleLogin(h.url, 'giulia');
    const call = (path: string, body: unknown) =>
      fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: {
          Cookie: operator.cookie,
          'X-CSRF-Token': operator.csrf,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    expect((await call(`/api/console/cases/${open?.key}/claim`, {})).status).toBe(200);
    expect((await call(`/api/console/cases/${open?.key}/close`, { outcome: 'resolved' })).status).toBe(200);
    await citizen.say('grazie');
    const again = (await citizen.say('operatore')).map((a) => a.text).join('\n');
    expect(again).toContain(handoffTexts.it.limitedConversation);
    expect(await openCases()).toHaveLength(0);
  });
});

describe('messages over the flood limit', () => {
  let h: AppHarness;
  afterAll(async () => {
    await h?.close();
  });

  it('are refused with 429, not stored, and counted', async () => {
    h = await startApp({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1' });
    const citizen = await openConversation(h.url);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await citizen.postRaw({ type: 'message', text: `m${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    const history = await fetch(`${h.url}/v3/directline/conversations/${citizen.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${citizen.token}` },
    });
    const activities = (
      (await history.json()) as { activities: Array<{ text?: string; from: { role?: string } }> }
    ).activities;
    const fromCitizen = activities.filter((a) => a.from.role !== 'bot').map((a) => a.text);
    expect(fromCitizen).toEqual(['m0', 'm1', 'm2']);
    // The one polite "slow down" is there for the citizen to read.
    expect(activities.filter((a) => a.text?.includes('Stai scrivendo molto velocemente'))).toHaveLength(1);
    expect(await metric(h, 'sportello_refused_total{what="message",reason="rate_limit"}')).toBe(5);
  });
});
