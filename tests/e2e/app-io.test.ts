import { IO_NOTICES, type IoNotice } from '../../src/appio';
import { login } from '../console/harness';
import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { FakeIoServer } from '../helpers/fake-io-server';
import { addGiulia } from '../helpers/operators';
import { completeParkingPass } from '../helpers/parking-pass';

/**
 * App IO end to end against a local fake of IO's API: a web-chat citizen completes the parking pass agreeing
 * to IO updates; IO gets the profile check and one message for "ricevuta" (a 429 with Retry-After first is
 * retried, and the message still arrives once) and one for a status change made through the back office; a
 * citizen's "non voglio più messaggi su IO" stops the next one.
 */

jest.setTimeout(60_000);

const API_KEY = 'backoffice-key-for-the-io-test';
const IO_KEY = 'io-subscription-key-of-the-comune';
const CF = 'RSSMRA80A01H501U';
/** Another citizen, not on IO. */
const LUCIA = 'BNCLCU85M41F205T';

describe('ticket updates on the app IO', () => {
  const io = new FakeIoServer(IO_KEY);
  let testApp: TestApp;

  beforeAll(async () => {
    const url = await io.start();
    io.profiles.set(CF, true);
    testApp = await startTestApp({
      BACKOFFICE_API_KEY: API_KEY,
      IO_API_URL: url,
      IO_API_KEY: IO_KEY,
      RATE_LIMIT_BURST: '100', // the test types faster than a citizen
      OFFICE_HOURS: 'always',
    });
    await addGiulia(testApp.app.storage);
  });
  afterAll(async () => {
    await testApp?.close();
    await io.stop();
  });

  async function backoffice(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${testApp.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }

  async function parkingPass(c: DirectLineCitizen, consent: 'sì' | 'no', fiscalCode = CF): Promise<string> {
    const { protocol, asked, summary } = await completeParkingPass(testApp.base, c, fiscalCode, consent);
    expect(asked).toContain('Vuoi ricevere gli aggiornamenti anche sull’app IO?');
    expect(summary).toContain(`**Aggiornamenti sull’app IO**: ${consent === 'sì' ? 'Sì' : 'No'}`);
    return protocol;
  }

  it('sends "ricevuta" once despite a 429, then the back office’s status change, then honours the opt-out', async () => {
    const c = new DirectLineCitizen(testApp.base);
    await c.start();
    await c.say('ciao');
    io.failNext('/messages', 429, 1);
    const protocol = await parkingPass(c, 'sì');

    await eventually(() => expect(io.messages).toHaveLength(1), 15_000);
    const [received] = io.messages;
    expect(received?.fiscal_code).toBe(CF);
    expect(received?.subject).toBe(`Pratica ${protocol}: ricevuta`);
    expect(received?.markdown).toContain(`protocollo **${protocol}**`);
    expect(received?.markdown).toContain('**ricevuta**');
    expect(received?.markdown).toContain(`stato pratica ${protocol}`);
    // The profile was checked with the key, the 429 was answered once, and the message went through after it.
    expect(io.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/profiles 200',
      '/messages 429',
      '/profiles 200',
      '/messages 201',
    ]);
    expect(io.requests.every((r) => r.key === IO_KEY)).toBe(true);
    expect(io.requests[0]?.body).toEqual({ fiscal_code: CF });

    const changed = await backoffice('PATCH', `/api/backoffice/tickets/${protocol}`, {
      status: 'in_progress',
      note: 'Stiamo verificando la residenza.',
    });
    expect(changed.status).toBe(200);
    await eventually(() => expect(io.messages).toHaveLength(2), 15_000);
    expect(io.messages[1]?.subject).toBe(`Pratica ${protocol}: in lavorazione`);
    expect(io.messages[1]?.markdown).toContain('Stiamo verificando la residenza.');

    // The same status again sends nothing more (one message per ticket and status).
    await backoffice('PATCH', `/api/backoffice/tickets/${protocol}`, { status: 'in_progress' });

    expect(await c.say('non voglio più messaggi su IO')).toContain(
      'non ti manderemo più messaggi sull’app IO',
    );
    await backoffice('PATCH', `/api/backoffice/tickets/${protocol}`, { status: 'completed' });
    await eventually(async () => {
      const notice = await testApp.app.storage.get<IoNotice>(IO_NOTICES, `${protocol}|completed`);
      expect(notice?.state).toBe('opted_out');
    });
    expect(io.messages).toHaveLength(2);
    const sent = await testApp.app.storage.get<IoNotice>(IO_NOTICES, `${protocol}|received`);
    expect(sent).toMatchObject({
      state: 'sent',
      attempts: 2,
      messageId: received?.id,
      lastError: 'HTTP 429',
    });

    // The operator sees on the citizen's case what went to IO and what IO did with it.
    expect(await c.say('operatore')).toMatch(/in coda|operatore/i);
    const operator = await login(testApp.base, 'giulia');
    const queue = (await (await operator.call('GET', '/api/console/queue')).json()) as {
      cases: Array<{ id: string }>;
    };
    const caseId = queue.cases.at(-1)?.id;
    const detail = (await (await operator.call('GET', `/api/console/cases/${caseId}`)).json()) as {
      ioNotices: Array<{ subject: string; state: string; messageId: string | null }>;
    };
    expect(detail.ioNotices).toEqual([
      expect.objectContaining({
        subject: `Pratica ${protocol}: ricevuta`,
        state: 'sent',
        messageId: received?.id,
      }),
      expect.objectContaining({ subject: `Pratica ${protocol}: in lavorazione`, state: 'sent' }),
      expect.objectContaining({ subject: `Pratica ${protocol}: completata`, state: 'opted_out' }),
    ]);
  });

  it('sends nothing without consent, and records a citizen who has no IO profile', async () => {
    const before = io.messages.length;
    const c = new DirectLineCitizen(testApp.base);
    await c.start();
    await c.say('ciao');
    const protocol = await parkingPass(c, 'no');
    expect(await testApp.app.storage.get(IO_NOTICES, `${protocol}|received`)).toBeUndefined();

    const other = new DirectLineCitizen(testApp.base);
    await other.start();
    await other.say('ciao');
    const second = await parkingPass(other, 'sì', LUCIA);
    await eventually(async () => {
      const notice = await testApp.app.storage.get<IoNotice>(IO_NOTICES, `${second}|received`);
      expect(notice?.state).toBe('no_profile');
    });
    expect(io.messages).toHaveLength(before);
  });
});
