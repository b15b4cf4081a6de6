import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'restify';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud';
import type { CloudTemplate } from '../../../src/channels/whatsapp-cloud/service-window';
import { signBody } from '../../../src/channels/whatsapp-cloud/signature';
import { createServer } from '../../../src/http/server';
import { testEngine } from '../whatsapp/test-engine';
import { FakeGraphApi } from './fake-graph-api';

export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'verify-me-please';
export const PHONE_NUMBER_ID = '106540352242922';
export const CITIZEN = '393331234567';
/** The time of the recorded messages (their `timestamp`), in ms. */
export const RECORDED_AT = 1749416383000;

/** A recorded webhook payload from tests/fixtures/whatsapp/cloud, as a fresh copy. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/whatsapp/cloud', `${name}.json`), 'utf8'));
}

/** The first message of a payload, to adjust its id, text or timestamp. */
export function firstMessage(payload: any): any {
  return payload.entry[0].changes[0].value.messages[0];
}

/** A text message payload (the recorded one with another id and body). */
export function textPayload(id: string, body: string, atMs = RECORDED_AT): any {
  const payload = fixture('text');
  Object.assign(firstMessage(payload), { id, text: { body }, timestamp: String(Math.floor(atMs / 1000)) });
  return payload;
}

/** The Cloud API adapter on a real restify server, talking to a fake Graph API, with a settable clock. */
export async function cloudHarness(options: { template?: CloudTemplate } = {}) {
  const graph = await new FakeGraphApi().start();
  const clock = { now: new Date(RECORDED_AT + 2000) };
  const now = () => clock.now;
  const { engine, storage, logger } = testEngine(now);
  const wa = createWhatsAppCloudChannel({
    engine,
    storage,
    logger,
    token: 'test-token',
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    apiRoot: graph.root,
    now,
    retryDelaysMs: [],
    ...(options.template ? { template: options.template } : {}),
  });
  engine.addChannel(wa.channel);
  const server: Server = createServer(logger);
  wa.registerRoutes(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Posts a payload as Meta does (signed unless told otherwise) and waits until it is answered. */
  async function post(payload: unknown, signature?: string | null) {
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = signature === undefined ? signBody(raw, APP_SECRET) : signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    const res = await fetch(`${base}/whatsapp/webhook`, { method: 'POST', headers, body: raw });
    const body = await res.json();
    await wa.drain();
    return { status: res.status, body };
  }

  return {
    graph,
    clock,
    engine,
    storage,
    wa,
    base,
    post,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.stop();
    },
  };
}
