import { call, type Harness, startHarness } from './harness';

const DL = '/v3/directline';
const OPEN = { type: 'event', name: 'startConversation', from: { id: 'citizen' }, locale: 'it-IT' };

describe('Direct Line "startConversation" event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('greets a new conversation once: the welcome, the privacy notice and the menu, and nothing on a repeat', async () => {
    const session = await call(h.baseUrl, 'POST', '/api/webchat/session');
    const { conversationId, token } = session.body;
    const activities = `${DL}/conversations/${conversationId}/activities`;
    expect((await call(h.baseUrl, 'POST', activities, { token, body: OPEN })).status).toBe(200);
    // A reload or a reconnection posts it again.
    expect((await call(h.baseUrl, 'POST', activities, { token, body: OPEN })).status).toBe(200);

    const read = await call(h.baseUrl, 'GET', `${activities}?watermark=0`, { token });
    const seen = read.body.activities as Array<{
      id: string;
      type: string;
      text?: string;
      from: { role?: string };
      suggestedActions?: { actions: Array<{ title: string }> };
    }>;
    expect(seen.map((a) => a.from.role)).toEqual(['bot', 'bot', 'bot']);
    expect(seen[0]?.text).toContain('Sono lo sportello digitale del Comune di Esempio');
    expect(seen[2]?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Domande frequenti',
      'Avvia una pratica',
      'Parla con un operatore',
    ]);
    expect(new Set(seen.map((a) => a.id)).size).toBe(3);

    // The first message is answered, not welcomed again.
    await call(h.baseUrl, 'POST', activities, {
      token,
      body: { type: 'message', text: 'ciao', from: { id: 'citizen' } },
    });
    const later = await call(h.baseUrl, 'GET', `${activities}?watermark=${read.body.watermark}`, { token });
    const texts = (later.body.activities as Array<{ text?: string }>).map((a) => a.text ?? '').join('\n');
    expect(texts).not.toContain('informativa');
  });

  it('ignores other events, as before', async () => {
    const session = await call(h.baseUrl, 'POST', '/api/webchat/session');
    const { conversationId, token } = session.body;
    const activities = `${DL}/conversations/${conversationId}/activities`;
    await call(h.baseUrl, 'POST', activities, { token, body: { ...OPEN, name: 'webchat/join' } });
    const read = await call(h.baseUrl, 'GET', `${activities}?watermark=0`, { token });
    expect(read.body.activities).toEqual([]);
  });
});
