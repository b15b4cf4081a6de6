import { type Activity, ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import { SETTINGS, SIGNING_KEY, TokenService } from '../../../src/channels/directline/token-service';
import { call, fetchAjax, type Harness, NodeWebSocket, startHarness, waitFor } from './harness';

/**
 * The real `botframework-directlinejs` client (the one inside Web Chat) against Sportello's Direct Line API,
 * over polling and over the WebSocket stream.
 */

interface Session {
  conversationId: string;
  token: string;
}

async function session(h: Harness, token?: string): Promise<Session> {
  const res = await call(h.baseUrl, 'POST', '/api/webchat/session', { body: token ? { token } : {} });
  expect(res.status).toBe(200);
  return res.body;
}

function connect(
  h: Harness,
  s: Session,
  webSocket: boolean,
): { dl: DirectLine; seen: Activity[]; requests: string[] } {
  const requests: string[] = [];
  const dl = new DirectLine({
    token: s.token,
    conversationId: s.conversationId,
    domain: `${h.baseUrl}/v3/directline`,
    webSocket,
    pollingInterval: 200,
    // Node 20 has neither XMLHttpRequest nor a global WebSocket: inject fetch- and ws-based services.
    ajax: ((req: { method?: string; url: string }) => {
      requests.push(`${req.method ?? 'GET'} ${new URL(req.url).pathname}`);
      return fetchAjax(req as never);
    }) as never,
    WebSocket: NodeWebSocket as never,
  });
  const seen: Activity[] = [];
  // The stream errors when the client is ended or refused; the tests look at connectionStatus$ instead.
  dl.activity$.subscribe({ next: (a) => seen.push(a), error: () => undefined });
  return { dl, seen, requests };
}

function post(dl: DirectLine, activity: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    dl
      .postActivity({ from: { id: 'whoever' }, ...activity } as Activity)
      .subscribe({ next: resolve, error: reject }),
  );
}

const texts = (seen: Activity[]) => seen.map((a) => ('text' in a ? a.text : undefined));

describe.each([
  ['polling', false],
  ['WebSocket', true],
])('botframework-directlinejs over %s', (_mode, webSocket) => {
  let h: Harness;
  const clients: DirectLine[] = [];
  beforeAll(async () => {
    if (webSocket) (globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;
    h = await startHarness();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.end();
  });
  afterAll(async () => {
    await h.close();
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  it('greets with the privacy notice and the menu as suggested actions, echoing the citizen', async () => {
    const s = await session(h);
    const { dl, seen, requests } = connect(h, s, webSocket);
    clients.push(dl);
    const id = await post(dl, {
      type: 'message',
      text: 'ciao',
      channelData: { clientActivityID: 'client-1' },
    });
    expect(id).toBe(`${s.conversationId}|0000001`);

    const menu = await waitFor('the menu', () =>
      seen.find((a) => a.type === 'message' && a.suggestedActions),
    );
    const echo = seen[0];
    expect(echo?.type === 'message' && echo.text).toBe('ciao');
    expect(echo?.channelData).toEqual({ clientActivityID: 'client-1' });
    expect(echo?.from.role).toBe('user');
    expect(echo?.from.id).toMatch(/^dl_/);
    expect(texts(seen).join('\n')).toContain('sportello digitale del Comune di Esempio');
    expect(texts(seen).join('\n')).toContain('[informativa](https://example.org/privacy)');
    expect(menu.type === 'message' && menu.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Domande frequenti',
      'Avvia una pratica',
      'Parla con un operatore',
    ]);
    expect(menu.type === 'message' && menu.suggestedActions?.to).toEqual([echo?.from.id]);
    // The transport really is the one under test.
    const polls = requests.filter(
      (r) => r === `GET /v3/directline/conversations/${s.conversationId}/activities`,
    );
    if (webSocket) expect(polls).toEqual([]);
    else expect(polls.length).toBeGreaterThan(0);
  });

  it('takes a pressed suggested action (messageBack value) to the matching flow', async () => {
    const s = await session(h);
    const { dl, seen } = connect(h, s, webSocket);
    clients.push(dl);
    await post(dl, { type: 'message', text: 'ciao' });
    await waitFor('the menu', () => seen.find((a) => a.type === 'message' && a.suggestedActions));
    await post(dl, {
      type: 'message',
      text: 'Domande frequenti',
      value: { choice: 'menu:faq' },
      channelData: { messageBack: { displayText: 'Domande frequenti' } },
    });
    await waitFor('the FAQ prompt', () =>
      texts(seen).some((t) => t?.startsWith('Scrivi pure la tua domanda')),
    );
  });

  it('resumes a conversation after reconnecting with a refreshed token and sees the history', async () => {
    const s = await session(h);
    const first = connect(h, s, webSocket);
    clients.push(first.dl);
    await post(first.dl, { type: 'message', text: 'ciao' });
    await waitFor('the menu', () => first.seen.find((a) => a.type === 'message' && a.suggestedActions));
    first.dl.end();

    const again = connect(h, await session(h, s.token), webSocket);
    clients.push(again.dl);
    await waitFor('the history', () => again.seen.length >= 4);
    expect(again.seen.map((a) => a.id)).toEqual(first.seen.map((a) => a.id));
  });

  it('delivers proactive messages (e.g. an operator reply) to the open conversation', async () => {
    const s = await session(h);
    const { dl, seen } = connect(h, s, webSocket);
    clients.push(dl);
    await post(dl, { type: 'message', text: 'ciao' });
    await waitFor('the menu', () => seen.find((a) => a.type === 'message' && a.suggestedActions));
    const userId = seen[0]?.from.id ?? '';
    await h.engine.sendProactive({ channel: 'webchat', conversationId: s.conversationId, userId }, [
      { text: 'Sono Giulia dell’ufficio anagrafe, come posso aiutarti?' },
    ]);
    await waitFor('the operator message', () =>
      texts(seen).includes('Sono Giulia dell’ufficio anagrafe, come posso aiutarti?'),
    );
  });

  it('reports an expired token instead of connecting', async () => {
    const s = await session(h);
    const key = await h.storage.get<{ key: string }>(SETTINGS, SIGNING_KEY);
    const yesterday = new TokenService(
      Buffer.from(key?.key ?? '', 'base64'),
      3600,
      () => new Date(Date.now() - 86_400_000),
    );
    const expired = yesterday.sign(s.conversationId, 'dl_someone');
    const { dl } = connect(h, { conversationId: s.conversationId, token: expired }, webSocket);
    clients.push(dl);
    const status = await waitFor('a failed connection', () => {
      const v = dl.connectionStatus$.getValue();
      return v === ConnectionStatus.FailedToConnect || v === ConnectionStatus.ExpiredToken ? v : undefined;
    });
    expect([ConnectionStatus.FailedToConnect, ConnectionStatus.ExpiredToken]).toContain(status);
  });
});
