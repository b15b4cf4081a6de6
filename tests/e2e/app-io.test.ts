import { IO_NOTICES, type IoNotice } from '../../src/appio';
import { UserStore } from '../../src/console/users';
import { login } from '../console/harness';
import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { FakeIoServer } from '../helpers/fake-io-server';

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
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

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
    await new UserStore(testApp.app.storage, 4).create({
      username: 'giulia',
      password: 'password-giulia',
      role: 'operator',
      name: 'Giulia',
    });
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
    await c.say('Pass sosta residenti', 'service:pass-sosta-residenti');
    await c.say(fiscalCode);
    await c.say('Mario Rossi');
    await c.say('Via Roma 12');
    await c.say('AB123CD');
    const form = new FormData();
    const activity = {
      type: 'message',
      from: { id: 'citizen' },
      channelData: { clientActivityID: `f-${Math.random()}` },
    };
    form.append(
      'activity',
      new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
    );
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
    const sent = await fetch(`${testApp.base}/v3/directline/conversations/${c.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${c.token}` },
      body: form,
    });
    expect(sent.status).toBe(200);
    await c.newBotText();
    await c.say('Sì', 'sì');
    expect(await c.say('Salta', 'form:skip')).toContain('Vuoi ricevere gli aggiornamenti anche sull’app IO?');
    const summary = await c.say(consent === 'sì' ? 'Sì' : 'No', consent);
    expect(summary).toContain(`**Aggiornamenti sull’app IO**: ${consent === 'sì' ? 'Sì' : 'No'}`);
    const done = await c.say('Conferma e invia', 'form:confirm');
    const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0];
    if (!protocol) throw new Error(`no protocol in: ${done}`);
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
