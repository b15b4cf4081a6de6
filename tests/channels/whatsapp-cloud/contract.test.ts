import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud';
import { signBody } from '../../../src/channels/whatsapp-cloud/signature';
import { createServer } from '../../../src/http/server';
import { type Citizen, channelContract } from '../channel.contract';
import { cloudCitizen } from './cloud-citizen';
import { FakeGraphApi } from './fake-graph-api';
import { APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN } from './harness';

channelContract('whatsapp-cloud (Cloud API webhook)', async ({ engine, storage }) => {
  const graph = await new FakeGraphApi().start();
  const logger = pino({ level: 'silent' });
  const wa = createWhatsAppCloudChannel({
    engine,
    storage,
    logger,
    token: 'test-token',
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    apiRoot: graph.root,
    retryDelaysMs: [],
  });
  const server = createServer(logger);
  wa.registerRoutes(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whatsapp/webhook`;
  let citizens = 0;

  async function post(payload: unknown): Promise<void> {
    const raw = JSON.stringify(payload);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, APP_SECRET) },
      body: raw,
    });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  }

  return {
    channel: wa.channel,
    citizen(): Citizen {
      citizens += 1;
      return cloudCitizen(graph, `39333${String(citizens).padStart(7, '0')}`, post);
    },
    async close() {
      await wa.drain();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.stop();
    },
  };
});
