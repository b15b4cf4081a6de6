import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'restify';
import type { z } from 'zod';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud';
import type { CloudTemplate } from '../../../src/channels/whatsapp-cloud/service-window';
import { signBody } from '../../../src/channels/whatsapp-cloud/signature';
import {
  type CloudMessage,
  changeValueSchema,
  cloudMessageSchema,
  type WebhookPayload,
  webhookSchema,
} from '../../../src/channels/whatsapp-cloud/webhook-schema';
import { createServer } from '../../../src/http/server';
import { testEngine } from '../whatsapp/test-engine';
import { FakeGraphApi } from './fake-graph-api';

export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'verify-me-please';
export const PHONE_NUMBER_ID = '106540352242922';
export const CITIZEN = '393331234567';
/** The time of the recorded messages (their `timestamp`), in ms. */
export const RECORDED_AT = 1749416383000;

/** The `value` of one change of a recorded payload, with its messages typed as the adapter parses each one. */
export type CloudChangeValue = Omit<z.infer<typeof changeValueSchema>, 'messages'> & {
  messages?: CloudMessage[];
};

type CloudEntry = WebhookPayload['entry'][number];
type CloudChange = CloudEntry['changes'][number];

/** A recorded webhook payload: the notification envelope, with each change's `value` typed. */
export type CloudPayload = Omit<WebhookPayload, 'entry'> & {
  entry: Array<
    Omit<CloudEntry, 'changes'> & { changes: Array<Omit<CloudChange, 'value'> & { value: CloudChangeValue }> }
  >;
};

/**
 * A recorded webhook payload from tests/fixtures/whatsapp/cloud, as a fresh copy. Every recorded file is a valid
 * notification: it is checked against the adapter's schemas (throwing if not), and returned as read, unknown
 * fields included.
 */
export function fixture(name: string): CloudPayload {
  const payload: unknown = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/whatsapp/cloud', `${name}.json`), 'utf8'),
  );
  for (const entry of webhookSchema.parse(payload).entry)
    for (const change of entry.changes) {
      const value = changeValueSchema.parse(change.value);
      for (const message of value.messages ?? []) cloudMessageSchema.parse(message);
    }
  return payload as CloudPayload;
}

/** The first message of a payload, to adjust its id, text or timestamp (throws if the payload has none). */
export function firstMessage(payload: CloudPayload): CloudMessage {
  const message = payload.entry[0]?.changes[0]?.value.messages?.[0];
  if (!message) throw new Error('The payload has no message');
  return message;
}

/** A text message payload (the recorded one with another id and body). */
export function textPayload(id: string, body: string, atMs = RECORDED_AT): CloudPayload {
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
