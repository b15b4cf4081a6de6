import { type Activity, DirectLine } from 'botframework-directlinejs';
import { renderMarkdown } from '../../../src/channels/render/markdown';
import type { Citizen, Received } from '../channel.contract';
import { fetchAjax, NodeWebSocket } from './harness';

let nextClientId = 1;

/** The first bytes of a JPEG photo (JFIF), what the server sniffs. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0xff, 0xd9,
]);

/**
 * A citizen on web chat, driven through the real `botframework-directlinejs` client over the WebSocket stream,
 * posting activities the way Web Chat does (clientActivityID, messageBack values, location entities).
 */
export async function directLineCitizen(baseUrl: string): Promise<Citizen & { end(): void }> {
  const res = await fetch(`${baseUrl}/api/webchat/session`, { method: 'POST' });
  const session = (await res.json()) as { conversationId: string; token: string };
  const userId = JSON.parse(Buffer.from(session.token.split('.')[1] ?? '', 'base64url').toString())
    .user as string;
  // directlinejs only streams when a global WebSocket exists (Node 20 has none); otherwise it polls.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
  const dl = new DirectLine({
    token: session.token,
    conversationId: session.conversationId,
    domain: `${baseUrl}/v3/directline`,
    webSocket: true,
    ajax: fetchAjax as never,
    WebSocket: NodeWebSocket as never,
  });
  const bot: Activity[] = [];
  dl.activity$.subscribe({
    next: (a) => {
      if (a.from.role === 'bot' && a.type === 'message') bot.push(a);
    },
    error: () => undefined,
  });

  const post = (extra: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) =>
      dl
        .postActivity({
          type: 'message',
          from: { id: userId },
          locale: 'it-IT',
          channelData: { clientActivityID: `client-${nextClientId++}` },
          ...extra,
        } as Activity)
        .subscribe({ next: () => resolve(), error: reject }),
    );

  const received = (): Received[] =>
    bot.map((a) => {
      const m = a as Activity & {
        text?: string;
        textFormat?: string;
        suggestedActions?: { actions: unknown[] };
      };
      const raw = m.text ?? '';
      return {
        raw,
        text: m.textFormat === 'plain' ? raw : renderMarkdown(raw, 'plain'),
        choices: (
          (m.suggestedActions?.actions ?? []) as Array<{ title: string; value?: { choice?: string } }>
        ).map((action) => ({ label: action.title, value: String(action.value?.choice ?? '') })),
      };
    });

  return {
    ref: { channel: 'webchat', conversationId: session.conversationId, userId },
    say: (text) => post({ text }),
    async sayTwice(text) {
      // A client retry: the same activity, same clientActivityID, posted again.
      const clientActivityID = `client-${nextClientId++}`;
      await post({ text, channelData: { clientActivityID } });
      await post({ text, channelData: { clientActivityID } });
    },
    async press(label) {
      const choice = received()
        .reverse()
        .flatMap((r) => r.choices)
        .find((c) => c.label === label);
      if (!choice) throw new Error(`no option "${label}" was offered`);
      await post({
        text: label,
        value: { choice: choice.value },
        channelData: { messageBack: { displayText: label } },
      });
    },
    shareLocation: (latitude, longitude) =>
      post({ entities: [{ type: 'GeoCoordinates', latitude, longitude }] }),
    // As Web Chat's paperclip: the client reads the picked file from its local URL and posts it to `/upload`.
    sendPhoto: () =>
      post({
        attachments: [
          {
            contentType: 'image/jpeg',
            contentUrl: `data:image/jpeg;base64,${JPEG.toString('base64')}`,
            name: 'foto.jpg',
          },
        ],
      }),
    received,
    end: () => dl.end(),
  };
}
