import type { OutboundReply, ReplyMeta } from './types';

/** One line of a conversation's transcript, channel-agnostic (operators and analytics read these). */
export type TranscriptEntry =
  | {
      dir: 'in';
      at: string;
      messageId: string;
      text: string;
      value?: string;
      location?: { latitude: number; longitude: number; address?: string };
      attachments?: number;
      /** The attachments Sportello keeps in its file store (web chat uploads), so operators can open them. */
      files?: Array<{ storedId: string; name?: string; contentType: string; size?: number }>;
      /** The channel's own fields of the message (`InboundMessage.channelData`). */
      channelData?: Record<string, unknown>;
    }
  | { dir: 'out'; at: string; reply: OutboundReply; meta?: ReplyMeta; proactive?: boolean };

/** The storage stream holding a conversation's transcript. */
export function transcriptStream(conversationKey: string): string {
  return `transcript:${conversationKey}`;
}
