import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud';
import { signBody } from '../../../src/channels/whatsapp-cloud/signature';
import type { ConversationRef } from '../../../src/engine/types';
import { createServer } from '../../../src/http/server';
import { type Citizen, channelContract, type Received } from '../channel.contract';
import { numberedChoices, visibleText } from '../whatsapp/visible-text';
import { FakeGraphApi, type GraphMessage } from './fake-graph-api';
import { APP_SECRET, firstMessage, fixture, PHONE_NUMBER_ID, VERIFY_TOKEN } from './harness';

/** What the citizen's app shows for one Graph API message. */
function asReceived(body: GraphMessage): Received {
  if (body.type === 'interactive') {
    const { interactive } = body;
    if (!interactive)
      throw new Error(`An interactive message without \`interactive\`: ${JSON.stringify(body)}`);
    const choices =
      interactive.type === 'button'
        ? interactive.action.buttons.map((b) => ({ label: b.reply.title, value: b.reply.id }))
        : interactive.action.sections.flatMap((s) =>
            s.rows.map((r) => ({ label: r.description ?? r.title, value: r.id })),
          );
    return { text: visibleText(interactive.body.text), raw: JSON.stringify(body), choices };
  }
  const raw: string = body.text?.body ?? body.template?.components?.[0]?.parameters?.[0]?.text ?? '';
  return { text: visibleText(raw), raw, choices: numberedChoices(raw) };
}

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
  let ids = 0;

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
      const waId = `39333${String(citizens).padStart(7, '0')}`;
      const ref: ConversationRef = { channel: 'whatsapp-cloud', conversationId: waId, userId: waId };
      /** A recorded payload re-addressed from this citizen, sent now, with a fresh id. */
      const payload = (name: string, patch: Record<string, unknown> = {}) => {
        ids += 1;
        const body = fixture(name);
        const contact = body.entry[0]?.changes[0]?.value.contacts?.[0];
        if (!contact) throw new Error(`Fixture ${name} has no contact`);
        contact.wa_id = waId;
        Object.assign(firstMessage(body), {
          from: waId,
          id: `wamid.CONTRACT${ids}`,
          timestamp: String(Math.floor(Date.now() / 1000)),
          ...patch,
        });
        return body;
      };
      const received = () => graph.sent.filter((c) => c.body.to === waId).map((c) => asReceived(c.body));
      return {
        ref,
        say: (text) => post(payload('text', { text: { body: text } })),
        async press(label) {
          const offer = received().findLast((r) => r.choices.some((c) => c.label === label));
          const choice = offer?.choices.find((c) => c.label === label);
          if (!offer || !choice) throw new Error(`No message offers "${label}"`);
          if (/^\d+$/.test(choice.value) && offer.raw.includes(`${choice.value}. ${label}`)) {
            await post(payload('text', { text: { body: choice.value } }));
            return;
          }
          const list = offer.raw.includes('"type":"list"');
          const reply = { id: choice.value, title: label.slice(0, 24) };
          await post(
            payload('button-reply', {
              interactive: list
                ? { type: 'list_reply', list_reply: reply }
                : { type: 'button_reply', button_reply: reply },
            }),
          );
        },
        shareLocation: (latitude, longitude) =>
          post(payload('location', { location: { latitude, longitude } })),
        sendPhoto: () => post(payload('image')),
        async sayTwice(text) {
          const body = payload('text', { text: { body: text } });
          await post(body);
          await post(body);
        },
        received,
      };
    },
    async close() {
      await wa.drain();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.stop();
    },
  };
});
