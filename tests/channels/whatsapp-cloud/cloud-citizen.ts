import type { ConversationRef } from '../../../src/engine/types';
import type { Citizen, Received } from '../channel.contract';
import { numberedChoices, visibleText } from '../whatsapp/visible-text';
import type { FakeGraphApi, GraphMessage } from './fake-graph-api';
import { firstMessage, fixture } from './harness';

let ids = 0;

/** What the citizen's app shows for one Graph API message. */
export function asReceived(body: GraphMessage): Received {
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

/**
 * A WhatsApp user of the Cloud API: recorded webhook payloads re-addressed from `waId` and handed to `post`
 * (which signs and delivers them as Meta does); replies read from what the fake Graph API received.
 */
export function cloudCitizen(
  graph: FakeGraphApi,
  waId: string,
  post: (payload: unknown) => Promise<void>,
): Citizen {
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
      id: `wamid.CITIZEN${ids}`,
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
    shareLocation: (latitude, longitude) => post(payload('location', { location: { latitude, longitude } })),
    sendPhoto: () => post(payload('image')),
    sendDocument: () => post(payload('document')),
    async sayTwice(text) {
      const body = payload('text', { text: { body: text } });
      await post(body);
      await post(body);
    },
    received,
  };
}
