import http from 'node:http';
import { SETTINGS, SIGNING_KEY, TokenService } from '../../../src/channels/directline/token-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { call, type Harness, startHarness } from './harness';

const SECRET = 'a-long-direct-line-secret-for-tests';
const DL = '/v3/directline';

async function newSession(
  h: Harness,
): Promise<{ conversationId: string; token: string; expires_in: number }> {
  const res = await call(h.baseUrl, 'POST', '/api/webchat/session');
  expect(res.status).toBe(200);
  return res.body;
}

function expectError(res: { status: number; body: unknown }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  if (code) expect((res.body as { error: { code: string } }).error.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
}

describe('Direct Line API with a secret configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ secret: SECRET });
  });
  afterAll(() => h.close());

  it('generates a token with the secret, and refuses a missing or wrong secret', async () => {
    const ok = await call(h.baseUrl, 'POST', `${DL}/tokens/generate`, { token: SECRET });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      conversationId: expect.any(String),
      token: expect.any(String),
      expires_in: 3600,
    });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expectError(await call(h.baseUrl, 'POST', `${DL}/tokens/generate`), 401, 'secret_missing');
    expectError(
      await call(h.baseUrl, 'POST', `${DL}/tokens/generate`, { token: 'wrong-secret' }),
      403,
      'secret_invalid',
    );
  });

  it('starts a conversation with the secret (201) and reads it back with the secret', async () => {
    const created = await call(h.baseUrl, 'POST', `${DL}/conversations`, { token: SECRET });
    expect(created.status).toBe(201);
    const { conversationId } = created.body;
    expect(created.body.streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?t=`),
    );
    const again = await call(h.baseUrl, 'GET', `${DL}/conversations/${conversationId}?watermark=0`, {
      token: SECRET,
    });
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(conversationId);
  });

  it('answers 404 for a conversation that does not exist', async () => {
    expectError(
      await call(h.baseUrl, 'GET', `${DL}/conversations/doesNotExist123/activities`, { token: SECRET }),
      404,
      'conversation_not_found',
    );
  });

  it('uses a generated token on its own conversation, created on first use', async () => {
    const { body } = await call(h.baseUrl, 'POST', `${DL}/tokens/generate`, { token: SECRET });
    const started = await call(h.baseUrl, 'POST', `${DL}/conversations`, { token: body.token });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(body.conversationId);
    const resumed = await call(h.baseUrl, 'POST', `${DL}/conversations`, { token: body.token });
    expect(resumed.status).toBe(200);
  });
});

describe('Direct Line API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses tokens/generate when no secret is configured', async () => {
    const res = await call(h.baseUrl, 'POST', `${DL}/tokens/generate`, { token: 'anything-at-all-here' });
    expectError(res, 403, 'secret_not_configured');
    expect(res.body.error.message).toBe('Direct Line secret not configured.');
  });

  it('echoes the user activity with its clientActivityID and answers; watermarks page the history', async () => {
    const s = await newSession(h);
    const posted = await call(h.baseUrl, 'POST', `${DL}/conversations/${s.conversationId}/activities`, {
      token: s.token,
      body: {
        type: 'message',
        text: 'ciao',
        locale: 'it-IT',
        from: { id: 'user1' },
        channelData: { clientActivityID: 'c-1' },
      },
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ id: `${s.conversationId}|0000001` });

    const all = await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities`, {
      token: s.token,
    });
    expect(all.status).toBe(200);
    expect(all.body.watermark).toBe('4');
    const [echo, ...replies] = all.body.activities;
    expect(echo).toMatchObject({
      id: `${s.conversationId}|0000001`,
      type: 'message',
      text: 'ciao',
      from: { role: 'user' },
      channelData: { clientActivityID: 'c-1' },
      conversation: { id: s.conversationId },
    });
    expect(replies.map((r: { from: { id: string } }) => r.from.id)).toEqual([
      'sportello',
      'sportello',
      'sportello',
    ]);
    expect(replies.at(-1).suggestedActions.actions[0]).toEqual({
      type: 'messageBack',
      title: 'Domande frequenti',
      text: 'Domande frequenti',
      displayText: 'Domande frequenti',
      value: { choice: 'menu:faq' },
    });

    const after = await call(
      h.baseUrl,
      'GET',
      `${DL}/conversations/${s.conversationId}/activities?watermark=2`,
      {
        token: s.token,
      },
    );
    expect(after.body.activities.map((a: { id: string }) => a.id)).toEqual([
      `${s.conversationId}|0000003`,
      `${s.conversationId}|0000004`,
    ]);
    const none = await call(
      h.baseUrl,
      'GET',
      `${DL}/conversations/${s.conversationId}/activities?watermark=4`,
      {
        token: s.token,
      },
    );
    expect(none.body).toEqual({ activities: [], watermark: '4' });
  });

  it('moves a watermark beyond the history back to its head, so polling picks up what comes next', async () => {
    const s = await newSession(h);
    const post = (text: string) =>
      call(h.baseUrl, 'POST', `${DL}/conversations/${s.conversationId}/activities`, {
        token: s.token,
        body: { type: 'message', text },
      });
    const poll = (watermark: string) =>
      call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities?watermark=${watermark}`, {
        token: s.token,
      });
    await post('ciao');
    // A page that counted up to 500 before the database was restored from a backup holding 4 activities.
    const stale = await poll('500');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ activities: [], watermark: '4' });
    await post('menu');
    const next = await poll(stale.body.watermark);
    expect(next.body.activities[0]).toMatchObject({
      id: `${s.conversationId}|0000005`,
      text: 'menu',
      from: { role: 'user' },
    });
    expect(next.body.activities.length).toBeGreaterThan(1);
  });

  it('takes the citizen identity from the token, never from activity.from.id', async () => {
    const a = await newSession(h);
    const b = await newSession(h);
    await call(h.baseUrl, 'GET', `${DL}/conversations/${b.conversationId}`, { token: b.token });
    const bUser = JSON.parse(Buffer.from(b.token.split('.')[1] ?? '', 'base64url').toString()).user;
    await call(h.baseUrl, 'POST', `${DL}/conversations/${a.conversationId}/activities`, {
      token: a.token,
      body: { type: 'message', text: 'ciao', from: { id: bUser } },
    });
    const state = await h.engine.getState({ channel: 'webchat', conversationId: a.conversationId });
    expect(state?.ref.userId).toMatch(/^dl_/);
    expect(state?.ref.userId).not.toBe(bUser);
  });

  it('acknowledges typing and event activities without running the engine or keeping them', async () => {
    const s = await newSession(h);
    for (const type of ['typing', 'event']) {
      const res = await call(h.baseUrl, 'POST', `${DL}/conversations/${s.conversationId}/activities`, {
        token: s.token,
        body: { type, name: 'webchat/join' },
      });
      expect(res.status).toBe(200);
      expect(res.body.id).toEqual(expect.stringContaining(s.conversationId));
    }
    const all = await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities`, {
      token: s.token,
    });
    expect(all.body.activities).toEqual([]);
    expect(await h.engine.getState({ channel: 'webchat', conversationId: s.conversationId })).toBeUndefined();
  });

  it('refuses a token of conversation A on conversation B with 403', async () => {
    const a = await newSession(h);
    const b = await newSession(h);
    for (const [method, path] of [
      ['GET', `${DL}/conversations/${b.conversationId}`],
      ['GET', `${DL}/conversations/${b.conversationId}/activities`],
      ['POST', `${DL}/conversations/${b.conversationId}/activities`],
    ] as const) {
      const res = await call(h.baseUrl, method, path, {
        token: a.token,
        ...(method === 'POST' ? { body: { type: 'message', text: 'ciao' } } : {}),
      });
      expectError(res, 403, 'wrong_conversation');
    }
  });

  it('answers 401 without a token and 403 with a forged one', async () => {
    const s = await newSession(h);
    expectError(
      await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities`),
      401,
      'token_missing',
    );
    const [head, payload] = s.token.split('.');
    const forged = `${head}.${payload}.${Buffer.alloc(32).toString('base64url')}`;
    expectError(
      await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities`, { token: forged }),
      403,
      'token_invalid',
    );
  });

  it('refuses an expired token with a clear message, and the page session endpoint with 401', async () => {
    const s = await newSession(h);
    const stored = await h.storage.get<{ key: string }>(SETTINGS, SIGNING_KEY);
    const old = new TokenService(
      Buffer.from(stored?.key ?? '', 'base64'),
      3600,
      () => new Date(Date.now() - 7_200_000),
    );
    const expired = old.sign(s.conversationId, 'dl_x');
    const res = await call(h.baseUrl, 'GET', `${DL}/conversations/${s.conversationId}/activities`, {
      token: expired,
    });
    expectError(res, 403, 'token_expired');
    expect(res.body.error.message).toMatch(/expired/);
    expectError(
      await call(h.baseUrl, 'POST', '/api/webchat/session', { body: { token: expired } }),
      401,
      'token_expired',
    );
    expectError(
      await call(h.baseUrl, 'POST', '/api/webchat/session', { body: { token: 'garbage' } }),
      401,
      'token_invalid',
    );
  });

  it('refreshes a token for the same conversation (tokens/refresh and the page session endpoint)', async () => {
    const s = await newSession(h);
    const refreshed = await call(h.baseUrl, 'POST', `${DL}/tokens/refresh`, { token: s.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(s.conversationId);
    const again = await call(h.baseUrl, 'POST', '/api/webchat/session', {
      body: { token: refreshed.body.token },
    });
    expect(again.body.conversationId).toBe(s.conversationId);
    expectError(await call(h.baseUrl, 'POST', `${DL}/tokens/refresh`), 401, 'token_missing');
  });

  it('builds streamUrl from the Host header', async () => {
    const s = await newSession(h);
    // fetch cannot set Host, so plain node:http.
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${h.baseUrl}${DL}/conversations/${s.conversationId}?watermark=3`,
        {
          headers: {
            Host: 'chat.comune.example:8443',
            'X-Forwarded-Proto': 'https',
            Authorization: `Bearer ${s.token}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body).streamUrl).toMatch(
      new RegExp(
        `^wss://chat\\.comune\\.example:8443/v3/directline/conversations/${s.conversationId}/stream\\?t=[^&]+&watermark=3$`,
      ),
    );
  });

  describe('bad input gets a 4xx JSON error, never a stack trace', () => {
    let s: { conversationId: string; token: string };
    let url: string;
    beforeAll(async () => {
      s = await newSession(h);
      url = `${DL}/conversations/${s.conversationId}/activities`;
    });

    it.each([
      ['malformed JSON', { raw: '{"type": "message", "text": ' }],
      ['a JSON array', { body: [1, 2, 3] }],
      ['no type', { body: { text: 'ciao' } }],
      ['a number as text', { body: { type: 'message', text: 42 } }],
      ['an empty message', { body: { type: 'message', text: '   ' } }],
      ['text over 4000 characters', { body: { type: 'message', text: 'a'.repeat(4001) } }],
      [
        'oversized channelData',
        { body: { type: 'message', text: 'x', channelData: { blob: 'x'.repeat(9000) } } },
      ],
      ['plain text body', { raw: 'hello', headers: { 'Content-Type': 'text/plain' } }],
    ])('%s', async (_what, options) => {
      const res = await call(h.baseUrl, 'POST', url, { token: s.token, ...options });
      expectError(res, 400);
    });

    it('text over 4000 characters says what is wrong', async () => {
      const res = await call(h.baseUrl, 'POST', url, {
        token: s.token,
        body: { type: 'message', text: 'a'.repeat(4001) },
      });
      expect(res.body.error.message).toMatch(/text/);
    });

    it('a body over the server limit', async () => {
      const res = await call(h.baseUrl, 'POST', url, {
        token: s.token,
        raw: JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }),
      });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toEqual(expect.any(String));
    });

    it('a bad watermark', async () => {
      expectError(
        await call(h.baseUrl, 'GET', `${url}?watermark=abc`, { token: s.token }),
        400,
        'bad_watermark',
      );
    });

    it('nothing was stored by the refused requests', async () => {
      const res = await call(h.baseUrl, 'GET', url, { token: s.token });
      expect(res.body.activities).toEqual([]);
    });
  });
});

describe('Direct Line API when the engine fails', () => {
  it('answers 503 with a polite message asking to send again, and shows nothing half-done', async () => {
    const h = await startHarness({ breakEngine: true });
    try {
      const s = await newSession(h);
      const url = `${DL}/conversations/${s.conversationId}/activities`;
      const res = await call(h.baseUrl, 'POST', url, {
        token: s.token,
        body: { type: 'message', text: 'ciao' },
      });
      expectError(res, 503, 'engine_unavailable');
      expect(res.body.error.message).toMatch(/try again.*not kept/);
      const stored = await call(h.baseUrl, 'GET', url, { token: s.token });
      expect(stored.body.activities).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('Direct Line API across a restart', () => {
  it('keeps tokens valid and the history, since key and activities live in storage', async () => {
    const storage = new MemoryStorage();
    const first = await startHarness({ storage });
    const s = await newSession(first);
    const url = `${DL}/conversations/${s.conversationId}/activities`;
    await call(first.baseUrl, 'POST', url, { token: s.token, body: { type: 'message', text: 'ciao' } });
    await first.close();

    const second = await startHarness({ storage });
    try {
      const res = await call(second.baseUrl, 'GET', url, { token: s.token });
      expect(res.status).toBe(200);
      expect(res.body.activities).toHaveLength(4);
      const next = await call(second.baseUrl, 'POST', url, {
        token: s.token,
        body: { type: 'message', text: 'menu' },
      });
      expect(next.body.id).toBe(`${s.conversationId}|0000005`);
    } finally {
      await second.close();
    }
  });
});
