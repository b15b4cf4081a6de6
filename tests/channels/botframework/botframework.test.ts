import pino from 'pino';
import type { Server } from 'restify';
import { createBotFrameworkChannel, REFERENCES } from '../../../src/channels/botframework';
import { createServer } from '../../../src/http/server';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { contractEngine } from '../channel.contract';
import { postActivity } from './emulator-citizen';
import { FakeConnector } from './fake-connector';

const logger = pino({ level: 'silent' });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.url.replace('[::]', '127.0.0.1');
}

async function until<T>(read: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Bot Framework endpoint, anonymous (Emulator)', () => {
  const connector = new FakeConnector();
  const storage = new MemoryStorage();
  const engine = contractEngine(storage);
  const server = createServer(logger);
  const bot = createBotFrameworkChannel({
    engine,
    storage,
    logger,
    appType: 'MultiTenant',
    allowAnonymous: true,
  });
  bot.registerRoutes(server);
  engine.addChannel(bot.channel);
  let botUrl: string;
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    botUrl = await listen(server);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector.close();
  });

  const base = (conversationId: string) => ({
    channelId: 'emulator',
    serviceUrl,
    locale: 'it-IT',
    from: { id: 'u-1', name: 'Maria' },
    recipient: { id: 'bot-1', name: 'Sportello' },
    conversation: { id: conversationId },
  });

  it('greets when the Emulator opens a conversation, replying to that activity with markdown and suggested actions', async () => {
    const res = await postActivity(botUrl, {
      ...base('conv-open'),
      type: 'conversationUpdate',
      id: 'cu-1',
      membersAdded: [{ id: 'bot-1' }, { id: 'u-1' }],
    });
    expect(res.status).toBe(200);
    const menu = await until(() => connector.messages('conv-open').find((p) => p.activity.suggestedActions));
    const all = connector.messages('conv-open');
    expect(all[0]?.activity.text).toContain('sportello digitale del Comune di Esempio');
    expect(all.every((p) => p.replyToId === 'cu-1' && p.activity.textFormat === 'markdown')).toBe(true);
    expect(menu.activity.suggestedActions?.actions[0]).toMatchObject({
      type: 'messageBack',
      title: 'Domande frequenti',
      value: { choice: 'menu:faq' },
    });
  });

  it('does not greet twice when the bot itself joins or the citizen re-joins', async () => {
    const before = connector.messages('conv-open').length;
    await postActivity(botUrl, {
      ...base('conv-open'),
      type: 'conversationUpdate',
      id: 'cu-2',
      membersAdded: [{ id: 'u-1' }],
    });
    await postActivity(botUrl, { ...base('conv-open'), type: 'typing', id: 't-1' });
    expect(connector.messages('conv-open')).toHaveLength(before);
  });

  it('stores the conversation reference and sends proactive messages through the connector', async () => {
    await postActivity(botUrl, { ...base('conv-pro'), type: 'message', id: 'm-1', text: 'ciao' });
    expect(await storage.get(REFERENCES, 'conv-pro')).toMatchObject({
      serviceUrl,
      conversation: { id: 'conv-pro' },
    });
    await bot.channel.send({ channel: 'botframework', conversationId: 'conv-pro', userId: 'u-1' }, [
      { text: 'Pratica chiusa.', links: [{ label: 'Dettagli [1]', url: 'https://example.org/t (1)' }] },
    ]);
    const proactive = connector
      .messages('conv-pro')
      .find((p) => p.activity.text?.startsWith('Pratica chiusa'));
    expect(proactive?.activity.text).toBe(
      'Pratica chiusa.\n\n- [Dettagli \\[1\\]](https://example.org/t%20%281%29)',
    );
  });

  it('refuses a proactive message to an unknown conversation with a named error', async () => {
    await expect(
      bot.channel.send({ channel: 'botframework', conversationId: 'nobody', userId: 'x' }, [{ text: 'hi' }]),
    ).rejects.toMatchObject({ name: 'ConversationReferenceMissingError' });
  });

  it('answers a malformed activity with a JSON 400 and no stack trace', async () => {
    const res = await postActivity(botUrl, { type: 'message', text: 'no conversation' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request' } });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('Bot Framework endpoint with MICROSOFT_APP_ID (JWT enforced)', () => {
  const storage = new MemoryStorage();
  const engine = contractEngine(storage);
  const server = createServer(logger);
  const connector = new FakeConnector();
  let botUrl: string;
  let serviceUrl: string;
  createBotFrameworkChannel({
    engine,
    storage,
    logger,
    appId: '00000000-0000-0000-0000-000000000001',
    appPassword: 'not-a-real-secret',
    appType: 'MultiTenant',
  }).registerRoutes(server);

  beforeAll(async () => {
    serviceUrl = await connector.start();
    botUrl = await listen(server);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector.close();
  });

  const activity = () => ({
    type: 'message',
    id: 'a-1',
    channelId: 'emulator',
    serviceUrl,
    from: { id: 'u' },
    recipient: { id: 'b' },
    conversation: { id: 'c-auth' },
    text: 'ciao',
  });

  // A token whose issuer is not Microsoft's is refused before any signing-key lookup, so this runs offline.
  const unsignedJwt = [
    Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' })).toString('base64url'),
    Buffer.from(
      JSON.stringify({ iss: 'https://evil.example', aud: '00000000-0000-0000-0000-000000000001' }),
    ).toString('base64url'),
    'c2lnbmF0dXJl',
  ].join('.');

  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer', { authorization: 'Bearer garbage' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a JWT not issued by the Bot Framework', { authorization: `Bearer ${unsignedJwt}` }],
  ])('answers 401 JSON to %s and never runs the bot', async (_what, headers) => {
    const res = await postActivity(botUrl, activity(), headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(connector.posted).toHaveLength(0);
    expect(await engine.getState({ channel: 'botframework', conversationId: 'c-auth' })).toBeUndefined();
  });
});
