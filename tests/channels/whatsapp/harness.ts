import { createWhatsAppWebChannel, type WhatsAppWebOptions } from '../../../src/channels/whatsapp';
import type { Storage } from '../../../src/storage/storage';
import { FakeClient } from './fake-client';
import { testEngine } from './test-engine';

/** The whatsapp-web.js adapter over client doubles (one per connection attempt), started but not yet linked. */
export async function webHarness(
  options: {
    storage?: Storage;
    clock?: () => number;
    /** Lets a test prepare each client as it is created (e.g. make it fail to start). */
    prepare?: (client: FakeClient, index: number) => void;
  } & Partial<Pick<WhatsAppWebOptions, 'pacing' | 'reconnect'>> = {},
) {
  // A given storage plays the part of the database a restarted process finds.
  const { engine, storage, logger } = testEngine(undefined, options.storage);
  const clients: FakeClient[] = [];
  const terminal: string[] = [];
  const wa = createWhatsAppWebChannel({
    engine,
    storage,
    logger,
    sessionDir: './data/whatsapp-session-test',
    chromiumPath: '/usr/bin/chromium',
    clientFactory: (factoryOptions) => {
      const client = new FakeClient(factoryOptions, options.clock);
      options.prepare?.(client, clients.length);
      clients.push(client);
      return client;
    },
    pacing: options.pacing ?? { perChatMs: 0, globalMs: 0 },
    reconnect: options.reconnect ?? { baseMs: 5, maxMs: 20 },
    terminal: { write: (text: string) => terminal.push(text) },
  });
  engine.addChannel(wa.channel);
  await wa.start();
  return { engine, storage, wa, clients, terminal, client: () => clients.at(-1) as FakeClient };
}
