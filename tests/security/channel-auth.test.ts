import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { TokenService } from '../../src/channels/directline/token-service';
import { FakeConnector } from '../channels/botframework/fake-connector';
import { type AppHarness, consoleLogin, SECRETS, startApp, USERS } from '../http/app-harness';
import { openConversation } from '../http/directline-client';

const cloudText = readFileSync(path.join(__dirname, '../fixtures/whatsapp/cloud/text.json'), 'utf8');

/** Tries a WebSocket upgrade; resolves 101 when it opens, else the HTTP status of the refusal. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('channel and token credentials', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('Direct Line tokens are scoped to one conversation and expire', () => {
    it('refuses a token of conversation A on conversation B (REST and stream) with 403', async () => {
      const a = await openConversation(h.url);
      const b = await openConversation(h.url);
      await b.say('ciao');
      const asA = { Authorization: `Bearer ${a.token}` };
      const base = `${h.url}/v3/directline/conversations/${b.conversationId}`;
      for (const [method, url] of [
        ['GET', base],
        ['GET', `${base}/activities`],
        ['POST', `${base}/activities`],
      ] as const) {
        const res = await fetch(url, {
          method,
          headers: { ...asA, 'Content-Type': 'application/json' },
          ...(method === 'POST' ? { body: JSON.stringify({ type: 'message', text: 'spia' }) } : {}),
        });
        expect([method, url, res.status]).toEqual([method, url, 403]);
        expect((await res.json()).error.code).toBe('wrong_conversation');
      }
      const ws = `${h.url.replace('http', 'ws')}/v3/directline/conversations/${b.conversationId}/stream?t=${encodeURIComponent(a.token)}`;
      expect(await upgradeStatus(ws)).toBe(403);
    });

    it('refuses an expired, a forged and a missing token', async () => {
      const citizen = await openConversation(h.url);
      const hourAgo = () => new Date(Date.now() - 3600_000);
      const expired = new TokenService(Buffer.from(SECRETS.directLineSecret), 60, hourAgo).sign(
        citizen.conversationId,
        'dl_someone',
      );
      const forged = new TokenService(Buffer.from('another-secret-of-32-characters!'), 3600).sign(
        citizen.conversationId,
        'dl_someone',
      );
      const url = `${h.url}/v3/directline/conversations/${citizen.conversationId}/activities`;
      const statusWith = async (auth?: string) => {
        const res = await fetch(url, { headers: auth ? { Authorization: `Bearer ${auth}` } : {} });
        return [res.status, (await res.json()).error?.code];
      };
      expect(await statusWith(expired)).toEqual([403, 'token_expired']);
      expect(await statusWith(forged)).toEqual([403, 'token_invalid']);
      expect(await statusWith(`${citizen.token.slice(0, -2)}xx`)).toEqual([403, 'token_invalid']);
      expect(await statusWith()).toEqual([401, 'token_missing']);
      // The expired token cannot be refreshed into a valid one either.
      const refresh = await fetch(`${h.url}/api/webchat/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: expired }),
      });
      expect(refresh.status).toBe(401);
      const ws = `${h.url.replace('http', 'ws')}/v3/directline/conversations/${citizen.conversationId}/stream?t=${encodeURIComponent(expired)}`;
      expect(await upgradeStatus(ws)).toBe(403);
    });

    it('issues tokens that say when they expire', async () => {
      const res = await fetch(`${h.url}/api/webchat/session`, { method: 'POST' });
      const body = (await res.json()) as { token: string; expires_in: number };
      expect(body.expires_in).toBe(3600);
      const payload = JSON.parse(Buffer.from(body.token.split('.')[1] ?? '', 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(3600);
    });

    it('hands out new tokens from tokens/generate only for the Direct Line secret', async () => {
      const generate = (auth?: string) =>
        fetch(`${h.url}/v3/directline/tokens/generate`, {
          method: 'POST',
          headers: auth ? { Authorization: `Bearer ${auth}` } : {},
        }).then((r) => r.status);
      expect(await generate()).toBe(401);
      expect(await generate('not-the-secret-0123456789')).toBe(403);
      const citizen = await openConversation(h.url);
      expect(await generate(citizen.token)).toBe(403);
      expect(await generate(SECRETS.directLineSecret)).toBe(200);
    });
  });

  describe('webhooks check who is calling', () => {
    it('refuses a Telegram update with a missing or wrong secret token (403)', async () => {
      const update = {
        update_id: 1,
        message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' }, text: 'hi' },
      };
      for (const headers of [{}, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong-secret-0123456789' }] as Record<
        string,
        string
      >[]) {
        const res = await h.post('/telegram/webhook', update, headers);
        expect(res.status).toBe(403);
        expect(JSON.parse(res.text).error.code).toBe('forbidden');
      }
      expect(h.telegram.callsOf('sendMessage')).toHaveLength(0);
      const ok = await h.post('/telegram/webhook', update, {
        'X-Telegram-Bot-Api-Secret-Token': SECRETS.telegramWebhookSecret,
      });
      expect(ok.status).toBe(200);
    });

    it('refuses a WhatsApp Cloud notification that is unsigned (401) or wrongly signed (403)', async () => {
      expect((await h.post('/whatsapp/webhook', cloudText)).status).toBe(401);
      const wrong = await h.post('/whatsapp/webhook', cloudText, {
        'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}`,
      });
      expect(wrong.status).toBe(403);
      const tampered = await h.post('/whatsapp/webhook', cloudText.replace('Ciao', 'Hack'), {
        'X-Hub-Signature-256': h.signWhatsApp(cloudText),
      });
      expect(tampered.status).toBe(403);
      const ok = await h.post('/whatsapp/webhook', cloudText, {
        'X-Hub-Signature-256': h.signWhatsApp(cloudText),
      });
      expect(ok.status).toBe(200);
    });

    it('refuses the WhatsApp verification handshake with a wrong verify token (403)', async () => {
      const res = await fetch(
        `${h.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`,
      );
      expect(res.status).toBe(403);
      const ok = await fetch(
        `${h.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${SECRETS.whatsappVerifyToken}&hub.challenge=42`,
      );
      expect(await ok.text()).toBe('42');
    });
  });

  describe('the operator console WebSocket', () => {
    it('refuses an upgrade without a session (401) or from a foreign or missing origin (403)', async () => {
      const ws = `${h.url.replace('http', 'ws')}/console/ws`;
      expect(await upgradeStatus(ws, { Origin: h.url })).toBe(401);
      expect(await upgradeStatus(ws, { Origin: h.url, Cookie: 'sportello_console=forged' })).toBe(401);
      const { cookie } = await consoleLogin(h.url, USERS.operator);
      expect(await upgradeStatus(ws, { Cookie: cookie })).toBe(403); // no Origin: not a browser page of ours
      expect(await upgradeStatus(ws, { Cookie: cookie, Origin: 'https://evil.example' })).toBe(403);
      expect(await upgradeStatus(ws, { Cookie: cookie, Origin: h.url })).toBe(101);
    });
  });
});

describe('Bot Framework endpoint with MICROSOFT_APP_ID set', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startApp({
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'pw',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses activities without a bearer token or with a malformed one (401)', async () => {
    const activity = {
      type: 'message',
      id: '1',
      text: 'ciao',
      serviceUrl: 'http://127.0.0.1:1',
      channelId: 'emulator',
      conversation: { id: 'c1' },
      from: { id: 'u1' },
      recipient: { id: 'bot' },
    };
    for (const headers of [
      {},
      { Authorization: 'Bearer not-a-jwt' },
      { Authorization: 'Basic abc' },
    ] as Record<string, string>[]) {
      const res = await h.post('/api/messages', activity, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).error.code).toBe('unauthorized');
    }
  });
});

describe('Bot Framework endpoint without MICROSOFT_APP_ID', () => {
  const activity = (serviceUrl: string) => ({
    type: 'message',
    id: '1',
    text: 'ciao',
    serviceUrl,
    channelId: 'emulator',
    conversation: { id: `c-${Math.random()}` },
    from: { id: 'u1' },
    recipient: { id: 'bot' },
  });
  let connector: FakeConnector;
  let serviceUrl: string;
  beforeAll(async () => {
    connector = new FakeConnector();
    serviceUrl = await connector.start();
  });
  afterAll(async () => {
    await connector?.close();
  });

  it('answers 401 by default and never posts to the serviceUrl the caller names', async () => {
    const h = await startApp();
    try {
      const res = await h.post('/api/messages', activity(serviceUrl));
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).error.code).toBe('unauthorized');
      expect(connector.posted).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('with BOTFRAMEWORK_ALLOW_ANONYMOUS=true answers the Emulator, but only on a loopback serviceUrl', async () => {
    const h = await startApp({ BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' });
    try {
      const ok = await h.post('/api/messages', activity(serviceUrl));
      expect(ok.status).toBe(200);
      expect(connector.posted.length).toBeGreaterThan(0);
      const posted = connector.posted.length;
      for (const foreign of [
        'https://example.org/',
        'http://10.0.0.5:3978/',
        'http://169.254.169.254/latest/',
        'http://127.0.0.1.example.org/',
        'http://localhost.example.org/',
      ]) {
        const res = await h.post('/api/messages', activity(foreign));
        expect([foreign, res.status]).toEqual([foreign, 403]);
        expect(JSON.parse(res.text).error.code).toBe('service_url_not_allowed');
      }
      expect(connector.posted).toHaveLength(posted);
    } finally {
      await h.close();
    }
  });
});
