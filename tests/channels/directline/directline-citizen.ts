import { type Activity, DirectLine } from 'botframework-directlinejs';
import { renderMarkdown } from '../../../src/channels/render/markdown';
import type { Citizen, Received } from '../channel.contract';
import { fetchAjax, NodeWebSocket } from './harness';

let nextClientId = 1;

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
    // directlinejs sends files through the multipart `/upload` endpoint, which Sportello does not offer yet (the
    // page hides Web Chat's upload button); the API takes attachments by URL, as a custom client would post them.
    async sendPhoto() {
      const res = await fetch(`${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          from: { id: userId },
          attachments: [
            { contentType: 'image/jpeg', contentUrl: 'https://example.org/foto.jpg', name: 'foto.jpg' },
          ],
        }),
      });
      if (res.status !== 200) throw new Error(`photo refused: ${res.status} ${await res.text()}`);
    },
    received,
    end: () => dl.end(),
  };
}
