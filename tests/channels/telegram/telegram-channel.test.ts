import pino from 'pino';
import type { Server } from 'restify';
import { createTelegramChannel, type TelegramChannelHandle } from '../../../src/channels/telegram';
import { createServer } from '../../../src/http/server';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { contractEngine } from '../channel.contract';
import { FakeBotApi } from './fake-bot-api';
import { telegramCitizen } from './telegram-citizen';

const logger = pino({ level: 'silent' });
const SECRET = 'webhook-secret-0123456789';

async function until<T>(read: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Telegram channel in webhook mode', () => {
  const api = new FakeBotApi();
  const storage = new MemoryStorage();
  const engine = contractEngine(storage);
  const server: Server = createServer(logger);
  let telegram: TelegramChannelHandle;
  let webhookUrl: string;

  beforeAll(async () => {
    const apiRoot = await api.start();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    webhookUrl = `${server.url.replace('[::]', '127.0.0.1')}/telegram/webhook`;
    telegram = createTelegramChannel({
      engine,
      storage,
      logger,
      token: api.token,
      apiRoot,
      webhookUrl,
      webhookSecret: SECRET,
    });
    telegram.registerRoutes(server);
    engine.addChannel(telegram.channel);
    await telegram.start();
  });
  afterAll(async () => {
    await telegram.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  });

  it('sets the webhook with the secret and registers the commands in Italian and English', () => {
    expect(api.webhook).toEqual({ url: webhookUrl, secret: SECRET });
    const commands = api.callsOf('setMyCommands');
    expect(commands.map((c) => c.payload.language_code)).toEqual([undefined, 'it', 'en']);
    expect(
      (commands[1]?.payload.commands as Array<{ command: string }> | undefined)?.map((c) => c.command),
    ).toEqual(expect.arrayContaining(['start', 'help', 'operatore', 'privacy']));
  });

  it('answers 403 to updates without the right secret token, and does not process them', async () => {
    const update = {
      update_id: api.updateId(),
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 1, type: 'private' },
        from: { id: 1, is_bot: false, first_name: 'X' },
        text: 'ciao',
      },
    };
    expect(await api.deliver(update, 'wrong-secret-0123456789')).toBe(403);
    expect(await api.deliver(update, '')).toBe(403);
    const res = await fetch(webhookUrl, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.callsOf('sendMessage', 1)).toHaveLength(0);
  });

  it('maps /help to the help text and answers every button press, duplicates included', async () => {
    const citizen = telegramCitizen(api, async (u) => void (await api.deliver(u)));
    await citizen.say('/help@SportelloTestBot');
    await until(() => citizen.received().find((r) => r.text.includes('«operatore» per parlare')));
    await citizen.press('Domande frequenti');
    await until(() => citizen.received().find((r) => r.text.includes('Scrivi pure la tua domanda')));
    expect(api.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('keeps long choice values behind short callback data and gets them back when pressed', async () => {
    const citizen = telegramCitizen(api, async (u) => void (await api.deliver(u)));
    const long = `eco ${'lunghissimo '.repeat(8)}fine`;
    await citizen.say('ciao');
    await until(() => citizen.received().find((r) => r.choices.length > 0));
    await telegram.channel.send(citizen.ref, [
      { text: 'Scegli', choices: [{ label: 'Lungo', value: long }] },
    ]);
    const offered = await until(() => citizen.received().find((r) => r.text === 'Scegli'));
    const data = offered.choices[0]?.value ?? '';
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data).not.toBe(long);
    await citizen.press('Lungo');
    await until(() => citizen.received().find((r) => r.text.includes('Hai scritto: lunghissimo')));
  });

  it('waits the retry_after of a 429 before sending the same message again', async () => {
    const citizen = telegramCitizen(api, async (u) => void (await api.deliver(u)));
    api.failWith429('sendMessage', 1);
    await telegram.channel.send(citizen.ref, [{ text: 'Aggiornamento della pratica' }]);
    const calls = api.callsOf('sendMessage', citizen.ref.conversationId);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.payload.text).toBe('Aggiornamento della pratica');
    // Arrival times at the fake server jitter by some ms around the queue's own spacing (which
    // outbound-queue.test.ts checks exactly with fake timers).
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('sends at most one message per second to a chat', async () => {
    const citizen = telegramCitizen(api, async (u) => void (await api.deliver(u)));
    const menu = (text: string) => ({ text, choices: [{ label: 'Ok', value: 'menu' }] });
    await telegram.channel.send(citizen.ref, [menu('primo'), menu('secondo'), menu('terzo')]);
    const at = api.callsOf('sendMessage', citizen.ref.conversationId).map((c) => c.at);
    expect(at).toHaveLength(3);
    // About one second apart at the receiver (arrival jitters by some ms; the exact spacing is checked with
    // fake timers in outbound-queue.test.ts).
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('resolves a file id the citizen sent to a download URL on the Bot API', async () => {
    expect(await telegram.fileUrl('large-id')).toMatch(
      /\/file\/bot123456:TEST-token_abc\/photos\/file_1\.jpg$/,
    );
  });
});

describe('Telegram channel start-up', () => {
  it('fails with a clear error when the token is refused', async () => {
    const api = new FakeBotApi();
    const apiRoot = await api.start();
    const storage = new MemoryStorage();
    const telegram = createTelegramChannel({
      engine: contractEngine(storage),
      storage,
      logger,
      token: '999:wrong',
      apiRoot,
    });
    await expect(telegram.start()).rejects.toMatchObject({ name: 'TelegramStartError' });
    await api.close();
  });

  it('refuses webhook mode without a secret', () => {
    const storage = new MemoryStorage();
    expect(() =>
      createTelegramChannel({
        engine: contractEngine(storage),
        storage,
        logger,
        token: '1:x',
        webhookUrl: 'https://example.org/telegram/webhook',
      }),
    ).toThrow(/secret/);
  });
});
