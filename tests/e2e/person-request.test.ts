import { conversationKey } from '../../src/engine/conversation-state';
import type { ConversationRef } from '../../src/engine/types';
import { HANDOFF_QUEUE, type HandoffCase } from '../../src/handoff/handoff-case';
import { PERSON_REQUESTS } from '../channels/channel.contract';
import { telegramCitizen, visibleText } from '../channels/telegram/telegram-citizen';
import { firstMessage, textPayload } from '../channels/whatsapp-cloud/harness';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { eventually } from '../helpers/eventually';
import { type AppHarness, SECRETS, startApp } from '../http/app-harness';

/**
 * The whole app, with the demo knowledge base answering free text: the everyday requests for a person must
 * reach the operators' queue on web chat, Telegram and WhatsApp, not the knowledge base (which answered them
 * with an FAQ or "non ho informazioni sicure" before).
 */

jest.setTimeout(60_000);

// What the knowledge base says when it handles a message: an answer's feedback question, "Forse cercavi…",
// or its "I don't know".
const KB_REPLY =
  /Ti è stata utile|Was this helpful|Forse cercavi|Did you mean|informazioni sicure|reliable information/;

describe('everyday requests for a person in the whole app', () => {
  let h: AppHarness;
  let citizens = 0;

  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The queued cases of one conversation. */
  async function casesOf(ref: Pick<ConversationRef, 'channel' | 'conversationId'>): Promise<HandoffCase[]> {
    const all = await h.app.storage.list<HandoffCase>(HANDOFF_QUEUE);
    return all.map((e) => e.value).filter((c) => c.conversation === conversationKey(ref));
  }

  it.each(PERSON_REQUESTS)('web chat (Direct Line): "%s"', async (request, told) => {
    const citizen = new DirectLineCitizen(h.url);
    await citizen.start();
    await citizen.say('ciao');
    const replies = await citizen.say(request);
    expect(replies).toContain(told);
    expect(replies).not.toMatch(KB_REPLY);
    expect(await casesOf({ channel: 'webchat', conversationId: citizen.conversationId })).toEqual([
      expect.objectContaining({ status: 'queued', reason: 'citizen' }),
    ]);
  });

  it.each(PERSON_REQUESTS)('Telegram (webhook): "%s"', async (request, told) => {
    const citizen = telegramCitizen(h.telegram, async (update) => {
      const res = await h.post('/telegram/webhook', update, {
        'X-Telegram-Bot-Api-Secret-Token': SECRETS.telegramWebhookSecret,
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    });
    await citizen.say('ciao');
    await eventually(() => expect(citizen.received().at(-1)?.text).toContain('Come posso aiutarti?'));
    const before = citizen.received().length;
    await citizen.say(request);
    await eventually(async () => {
      const replies = citizen.received().slice(before);
      expect(replies.map((r) => r.text).join('\n')).toContain(told);
      expect(await casesOf(citizen.ref)).toEqual([expect.objectContaining({ reason: 'citizen' })]);
    });
    expect(
      citizen
        .received()
        .slice(before)
        .map((r) => visibleText(r.text))
        .join('\n'),
    ).not.toMatch(KB_REPLY);
  });

  it.each(PERSON_REQUESTS)('WhatsApp (Cloud API): "%s"', async (request, told) => {
    citizens += 1;
    const waId = `39347${String(citizens).padStart(7, '0')}`;
    const send = async (text: string, id: string) => {
      const payload = textPayload(`wamid.PERSON${citizens}${id}`, text, Date.now());
      const contact = payload.entry[0]?.changes[0]?.value.contacts?.[0];
      if (contact) contact.wa_id = waId;
      firstMessage(payload).from = waId;
      const raw = JSON.stringify(payload);
      const res = await h.post('/whatsapp/webhook', raw, { 'X-Hub-Signature-256': h.signWhatsApp(raw) });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    };
    const received = () =>
      h.graph.sent
        .filter((c) => c.body.to === waId)
        .map((c) => c.body.text?.body ?? c.body.interactive?.body.text ?? '');
    await send('ciao', 'a');
    await eventually(() => expect(received().at(-1)).toContain('Come posso aiutarti?'));
    const before = received().length;
    await send(request, 'b');
    await eventually(async () => {
      expect(received().slice(before).join('\n')).toContain(told);
      expect(await casesOf({ channel: 'whatsapp-cloud', conversationId: waId })).toEqual([
        expect.objectContaining({ reason: 'citizen' }),
      ]);
    });
    expect(received().slice(before).join('\n')).not.toMatch(KB_REPLY);
  });
});
