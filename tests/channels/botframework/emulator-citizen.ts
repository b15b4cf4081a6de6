import { renderMarkdown } from '../../../src/channels/render/markdown';
import type { Citizen, Received } from '../channel.contract';
import type { FakeConnector } from './fake-connector';

let nextConversation = 1;

/** Posts an activity to the bot's `/api/messages`; resolves the HTTP status and JSON body. */
export async function postActivity(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A citizen in the Bot Framework Emulator: activities as the Emulator sends them, replies read from the connector. */
export function emulatorCitizen(botUrl: string, serviceUrl: string, connector: FakeConnector): Citizen {
  const n = nextConversation++;
  const conversationId = `emu-conv-${n}|livechat`;
  const from = { id: `user-${n}`, name: 'Maria', role: 'user' };
  let seq = 1;
  const activity = (extra: Record<string, unknown>) => ({
    type: 'message',
    id: `act-${n}-${seq++}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl,
    locale: 'it-IT',
    from,
    recipient: { id: 'sportello-bot', name: 'Sportello', role: 'bot' },
    conversation: { id: conversationId },
    text: '',
    ...extra,
  });
  const post = async (a: unknown) => {
    const { status, body } = await postActivity(botUrl, a);
    if (status >= 300) throw new Error(`/api/messages answered ${status}: ${JSON.stringify(body)}`);
  };
  const received = () =>
    connector.messages(conversationId).map(({ activity: a }): Received => {
      const raw = a.text ?? '';
      return {
        raw,
        text: a.textFormat === 'markdown' ? renderMarkdown(raw, 'plain') : raw,
        choices: (a.suggestedActions?.actions ?? []).map((action) => ({
          label: action.title,
          value: String((action.value as { choice?: string })?.choice ?? action.value),
        })),
      };
    });
  return {
    ref: { channel: 'botframework', conversationId, userId: from.id },
    say: (text) => post(activity({ text })),
    async sayTwice(text) {
      const a = activity({ text });
      await post(a);
      await post(a);
    },
    async press(label) {
      const choice = received()
        .reverse()
        .flatMap((r) => r.choices)
        .find((c) => c.label === label);
      if (!choice) throw new Error(`no option "${label}" was offered`);
      await post(activity({ text: label, value: { choice: choice.value } }));
    },
    shareLocation: (latitude, longitude) =>
      post(activity({ entities: [{ type: 'GeoCoordinates', latitude, longitude }] })),
    sendPhoto: () =>
      post(
        activity({
          attachments: [
            { contentType: 'image/jpeg', contentUrl: `${serviceUrl}files/foto.jpg`, name: 'foto.jpg' },
          ],
        }),
      ),
    sendDocument: () =>
      post(
        activity({
          attachments: [
            {
              contentType: 'application/pdf',
              contentUrl: `${serviceUrl}files/libretto.pdf`,
              name: 'libretto.pdf',
            },
          ],
        }),
      ),
    received,
  };
}
