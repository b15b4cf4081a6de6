import pino from 'pino';
import { createTelegramChannel } from '../../src/channels/telegram';
import { createWhatsAppWebChannel } from '../../src/channels/whatsapp';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { emulatorCitizen } from '../channels/botframework/emulator-citizen';
import { FakeConnector } from '../channels/botframework/fake-connector';
import type { Citizen, Received } from '../channels/channel.contract';
import { FakeBotApi } from '../channels/telegram/fake-bot-api';
import { telegramCitizen } from '../channels/telegram/telegram-citizen';
import { FakeClient } from '../channels/whatsapp/fake-client';
import { webCitizen } from '../channels/whatsapp/web-citizen';
import { cloudCitizen } from '../channels/whatsapp-cloud/cloud-citizen';
import { type AppHarness, startApp } from '../http/app-harness';

/** The channels a citizen can use besides the web chat, each through its real adapter and a test client. */
export const CHANNELS = ['telegram', 'whatsapp-web', 'whatsapp-cloud', 'botframework'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A whole Sportello (composition root, demo dialogs, real knowledge base) with a citizen factory per channel. */
export interface ChannelsHarness {
  app: AppHarness;
  citizen(channel: ChannelName): Citizen;
  /** The ticket stored under a protocol number. */
  ticket(protocol: string): Promise<Ticket | undefined>;
  close(): Promise<void>;
}

/**
 * Starts the app of tests/http/app-harness.ts (SQLite, every HTTP channel) with Bot Framework open to the
 * Emulator, plus two adapters on its engine that need a test double in place of the network: whatsapp-web.js
 * over its client double, and Telegram by long polling against a fake Bot API paced for tests (the app's own
 * Telegram, in webhook mode, keeps Telegram's real one-message-a-second pacing per chat).
 */
export async function startChannels(): Promise<ChannelsHarness> {
  const app = await startApp({
    BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
    RATE_LIMIT_BURST: '1000',
    RATE_LIMIT_PER_MINUTE: '1000',
  });
  const { engine, storage } = app.app;
  const logger = pino({ level: 'silent' });

  const botApi = new FakeBotApi();
  const telegram = createTelegramChannel({
    engine,
    storage,
    logger,
    token: botApi.token,
    apiRoot: await botApi.start(),
    limits: { perChatIntervalMs: 5 },
  });
  engine.addChannel(telegram.channel);
  await telegram.start();

  let client: FakeClient | undefined;
  const whatsApp = createWhatsAppWebChannel({
    engine,
    storage,
    logger,
    sessionDir: './data/whatsapp-session-test',
    chromiumPath: '/usr/bin/chromium',
    clientFactory: (options) => {
      client = new FakeClient(options);
      return client;
    },
    pacing: { perChatMs: 0, globalMs: 0 },
    terminal: { write: () => undefined },
  });
  engine.addChannel(whatsApp.channel);
  await whatsApp.start();
  client?.link();

  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  let n = 0;

  return {
    app,
    citizen(channel) {
      n += 1;
      const number = `39347${String(n).padStart(7, '0')}`;
      switch (channel) {
        case 'telegram':
          return telegramCitizen(botApi, async (update) => botApi.push(update));
        case 'whatsapp-web':
          return webCitizen(() => client, `${number}@c.us`);
        case 'whatsapp-cloud':
          return cloudCitizen(app.graph, number, async (payload) => {
            const raw = JSON.stringify(payload);
            const res = await app.post('/whatsapp/webhook', raw, {
              'x-hub-signature-256': app.signWhatsApp(raw),
            });
            if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
          });
        case 'botframework':
          return emulatorCitizen(app.url, serviceUrl, connector);
      }
    },
    ticket: (protocol) => storage.get<Ticket>(TICKETS, protocol),
    async close() {
      await telegram.stop();
      await whatsApp.stop();
      await app.close();
      await botApi.close();
      await connector.close();
    },
  };
}

/**
 * A citizen's side of a conversation, read in order: each step waits for the message it expects after the
 * last one it saw, as a person reads a chat.
 */
export class Chat {
  private at = 0;

  constructor(
    readonly citizen: Citizen,
    readonly channel: ChannelName,
  ) {}

  /** Waits for the next message matching `what` (text or offered option); resolves it. */
  async sees(what: RegExp | string | ((r: Received) => boolean)): Promise<Received> {
    const match =
      typeof what === 'function'
        ? what
        : (r: Received) => (typeof what === 'string' ? r.text.includes(what) : what.test(r.text));
    const deadline = Date.now() + 15_000;
    for (;;) {
      const all = this.citizen.received();
      const index = all.findIndex((r, i) => i >= this.at && match(r));
      const found = all[index];
      if (found) {
        this.at = index + 1;
        return found;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.channel}: no message ${String(what)} after #${this.at}; all received: ${JSON.stringify(
            all.map((r) => [r.text.slice(0, 80), r.choices.map((c) => c.label)]),
            null,
            1,
          )}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Where the reading is: {@link textSince} reads from here to the last message seen. */
  mark(): number {
    return this.at;
  }

  /** The text of the messages from a mark to the last one seen (channels may join a turn's replies in one). */
  textSince(mark: number): string {
    return this.citizen
      .received()
      .slice(mark, this.at)
      .map((r) => r.text)
      .join('\n');
  }

  /** Waits for a message offering an option with this label. */
  offers(label: string): Promise<Received> {
    return this.sees((r) => r.choices.some((c) => c.label === label));
  }

  async say(text: string, then: RegExp | string): Promise<Received> {
    await this.citizen.say(text);
    return this.sees(then);
  }

  async press(label: string, then: RegExp | string): Promise<Received> {
    await this.citizen.press(label);
    return this.sees(then);
  }

  /** Waits for the protocol number of a stored request; resolves it. */
  async protocol(): Promise<string> {
    const done = await this.sees(/[A-Z]{2,6}-\d{4}-\d{6}/);
    return /[A-Z]{2,6}-\d{4}-\d{6}/.exec(done.text)?.[0] ?? '';
  }
}
