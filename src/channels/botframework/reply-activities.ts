// Types only: the activity schema's values are written as the strings they stand for, so the Bot Framework
// library is loaded only once the channel is used (see index.ts).
import type { Activity, CardAction } from 'botbuilder';
import type { OutboundReply } from '../../engine/types';
import { signedText } from '../render/author';

/** Escapes the characters that would end a Markdown link label. */
function label(text: string): string {
  return text.replace(/[[\]\\]/g, '\\$&');
}

/**
 * Turns a reply into a Bot Framework message activity: Markdown text (links appended as a Markdown list),
 * choices as suggested actions and attachments by URL. Choices are `messageBack` actions carrying
 * `{ choice: value }`, so the citizen sees the label while the engine gets the value; Teams, which shows only
 * `imBack` suggested actions, gets the label as text, which the channel turns back into the value
 * (see `choice-memory.ts`).
 */
export function replyActivity(
  reply: OutboundReply,
  channelId: string | undefined,
  userId: string,
): Partial<Activity> {
  const links = (reply.links ?? []).map(
    (l) =>
      `- [${label(l.label)}](${l.url.replace(/\s/g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29')})`,
  );
  // The bot's name and avatar are the channel's: an operator signs their message.
  const own = signedText(reply);
  const text = links.length ? `${own}\n\n${links.join('\n')}` : own;
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    textFormat: reply.format === 'plain' && links.length === 0 ? 'plain' : 'markdown',
  };
  if (reply.choices?.length) {
    const actions: CardAction[] = reply.choices.map((c) =>
      channelId === 'msteams'
        ? { type: 'imBack', title: c.label, value: c.label }
        : {
            type: 'messageBack',
            title: c.label,
            displayText: c.label,
            text: c.label,
            value: { choice: c.value },
          },
    );
    activity.suggestedActions = { actions, to: [userId] };
  }
  if (reply.attachments?.length) {
    activity.attachments = reply.attachments
      .filter((a) => a.url)
      .map((a) => ({ contentType: a.contentType, contentUrl: a.url, ...(a.name ? { name: a.name } : {}) }));
  }
  return activity;
}
