import type { Activity } from 'botbuilder';
import type { Attachment, GeoLocation, InboundMessage } from '../../engine/types';

/** The channel name of Bot Framework conversations (Emulator, Azure Bot Service, Teams). */
export const BOTFRAMEWORK = 'botframework';

/** The pressed option's value: `{ choice }` from our messageBack actions, or a plain string value. */
function choiceValue(activity: Partial<Activity>): string | undefined {
  const value: unknown = activity.value;
  if (typeof value === 'string') return value;
  const choice = (value as { choice?: unknown } | null | undefined)?.choice;
  return typeof choice === 'string' ? choice : undefined;
}

/** A location from `GeoCoordinates` or `Place` entities (Teams, Web Chat's location sharing). */
function locationOf(activity: Partial<Activity>): GeoLocation | undefined {
  for (const entity of activity.entities ?? []) {
    const e = entity as {
      type?: string;
      latitude?: unknown;
      longitude?: unknown;
      geo?: unknown;
      address?: unknown;
    };
    const point = (e.type === 'Place' ? e.geo : e) as { latitude?: unknown; longitude?: unknown } | undefined;
    if ((e.type === 'GeoCoordinates' || e.type === 'Place') && point) {
      const latitude = Number(point.latitude);
      const longitude = Number(point.longitude);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
      const address = typeof e.address === 'string' ? e.address : undefined;
      return { latitude, longitude, ...(address ? { address } : {}) };
    }
  }
  return undefined;
}

/** Files the citizen sent; cards and other bot-side attachment kinds are not files. */
function attachmentsOf(activity: Partial<Activity>): Attachment[] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentUrl && !a.contentType.startsWith('application/vnd.microsoft.'))
    .map((a) => ({ contentType: a.contentType, url: a.contentUrl, ...(a.name ? { name: a.name } : {}) }));
}

/**
 * Translates a Bot Framework message activity into the engine's turn model. Returns `undefined` for an
 * activity without the ids a conversation needs.
 */
export function mapActivity(activity: Partial<Activity>): InboundMessage | undefined {
  const conversationId = activity.conversation?.id;
  const userId = activity.from?.id;
  if (!conversationId || !userId) return undefined;
  const value = choiceValue(activity);
  const location = locationOf(activity);
  const attachments = attachmentsOf(activity);
  const timestamp = activity.timestamp ? new Date(activity.timestamp) : new Date();
  return {
    id: activity.id ?? `${conversationId}:${timestamp.getTime()}`,
    ref: {
      channel: BOTFRAMEWORK,
      conversationId,
      userId,
      ...(activity.from?.name ? { userName: activity.from.name } : {}),
    },
    text: activity.text ?? '',
    ...(value !== undefined ? { value } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(location ? { location } : {}),
    ...(attachments.length ? { attachments } : {}),
    timestamp: Number.isNaN(timestamp.getTime()) ? new Date() : timestamp,
  };
}
