import type { Attachment, InboundMessage } from '../../engine/types';
import {
  type CloudMessage,
  changeValueSchema,
  cloudMessageSchema,
  type WebhookPayload,
} from './webhook-schema';

/** The channel name of the WhatsApp Business Cloud API adapter. */
export const CLOUD_CHANNEL = 'whatsapp-cloud';

/** What one webhook notification holds for Sportello. */
export interface WebhookContent {
  /** Citizens' messages, normalised, in delivery order. */
  messages: InboundMessage[];
  /** Entries that were skipped, with why (malformed message, another phone number…), for the log. */
  skipped: string[];
  /** Outbound messages Meta reports as failed, for the log. */
  failedStatuses: Array<{ id: string; to?: string; code?: number; title?: string }>;
}

const MEDIA_TYPES = ['image', 'document', 'video', 'audio'] as const;

/**
 * Turns a webhook notification into inbound messages for the engine. Only messages addressed to
 * `phoneNumberId` are taken; delivery statuses are not messages; a malformed message is skipped, not fatal,
 * so the rest of the batch is still answered.
 */
export function readWebhook(payload: WebhookPayload, phoneNumberId: string): WebhookContent {
  const content: WebhookContent = { messages: [], skipped: [], failedStatuses: [] };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = changeValueSchema.safeParse(change.value);
      if (!value.success) {
        content.skipped.push(`malformed change in entry ${entry.id}`);
        continue;
      }
      if (value.data.metadata.phone_number_id !== phoneNumberId) {
        content.skipped.push(`change for another phone number id ${value.data.metadata.phone_number_id}`);
        continue;
      }
      for (const status of value.data.statuses ?? []) {
        if (status.status !== 'failed') continue;
        const error = status.errors?.[0];
        content.failedStatuses.push({
          id: status.id,
          ...(status.recipient_id ? { to: status.recipient_id } : {}),
          ...(error ? { code: error.code, ...(error.title ? { title: error.title } : {}) } : {}),
        });
      }
      const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const raw of value.data.messages ?? []) {
        const message = cloudMessageSchema.safeParse(raw);
        if (!message.success) {
          content.skipped.push(`malformed message in entry ${entry.id}`);
          continue;
        }
        if (message.data.type === 'reaction') continue; // an emoji on an earlier message: nothing to answer
        content.messages.push(toInbound(message.data, names.get(message.data.from)));
      }
    }
  }
  return content;
}

/** Normalises one Cloud API message. Unsupported types arrive with empty text, which the engine answers politely. */
export function toInbound(message: CloudMessage, userName: string | undefined): InboundMessage {
  const inbound: InboundMessage = {
    id: message.id,
    ref: {
      channel: CLOUD_CHANNEL,
      conversationId: message.from,
      userId: message.from,
      ...(userName ? { userName } : {}),
    },
    text: '',
    timestamp: messageTime(message.timestamp),
  };
  if (message.text) inbound.text = message.text.body;
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (reply) {
    inbound.text = reply.title;
    inbound.value = reply.id;
  }
  if (message.button) {
    inbound.text = message.button.text;
    if (message.button.payload) inbound.value = message.button.payload;
  }
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    // Meta often repeats the place name at the start of the address.
    const place = name && address?.startsWith(name) ? address : [name, address].filter(Boolean).join(', ');
    inbound.location = { latitude, longitude, ...(place ? { address: place } : {}) };
  }
  const attachments: Attachment[] = [];
  for (const type of MEDIA_TYPES) {
    const media = message[type];
    if (!media) continue;
    attachments.push({
      contentType: media.mime_type ?? 'application/octet-stream',
      fileId: media.id,
      ...(media.filename ? { name: media.filename } : {}),
    });
    if (media.caption) inbound.text = media.caption;
  }
  if (attachments.length) inbound.attachments = attachments;
  return inbound;
}

/**
 * Meta's Unix seconds as a date. An unreadable or future time (a forged or corrupted replay) counts as now:
 * it would otherwise break the service-window record or keep the window open forever.
 */
function messageTime(seconds: string): Date {
  const now = new Date();
  const at = new Date(Number(seconds) * 1000);
  return Number.isNaN(at.getTime()) || at > now ? now : at;
}
