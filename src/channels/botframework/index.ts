import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { z } from 'zod';
import type { OutboundChannel } from '../../engine/channel';
import type { Engine } from '../../engine/engine';
import type { ConversationRef, OutboundReply } from '../../engine/types';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';
import type { Storage } from '../../storage/storage';
import { BOTFRAMEWORK, mapActivity } from './activity-mapper';
import type { BotCredentials, SportelloCloudAdapter } from './adapter';
import { ChoiceMemory } from './choice-memory';
import { BotFrameworkDeliveryError, ConversationReferenceMissingError } from './errors';
import { REFERENCES } from './references';
import { replyActivity } from './reply-activities';
import { isLoopbackServiceUrl } from './service-url';

export { BotFrameworkDeliveryError, ConversationReferenceMissingError } from './errors';

export { botFrameworkRecords } from './personal-data';
export { REFERENCES } from './references';

/** Where Azure Bot Service, Teams and the Bot Framework Emulator post activities. */
export const MESSAGES_PATH = '/api/messages';

/** What {@link createBotFrameworkChannel} needs; credentials come from `MICROSOFT_APP_*`. */
export interface BotFrameworkChannelOptions extends BotCredentials {
  engine: Engine;
  storage: Storage;
  logger: Logger;
  /**
   * `BOTFRAMEWORK_ALLOW_ANONYMOUS`: without an app id, take requests without a token (the Emulator), replying
   * only to loopback `serviceUrl`s. Off, and without an app id, the endpoint answers 401.
   */
  allowAnonymous?: boolean;
}

/** The Bot Framework channel as the composition root sees it. */
export interface BotFrameworkChannelHandle {
  /** Mounts `POST /api/messages`. */
  registerRoutes(server: Server): void;
  /** The outbound adapter to give to `engine.addChannel`. */
  channel: OutboundChannel;
}

// The fields Sportello relies on; botbuilder validates the rest of the activity itself.
const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string().min(1) }).optional(),
});

function isAuthFailure(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number };
  return e.name === 'AuthenticationError' || e.statusCode === 401 || e.statusCode === 403;
}

/**
 * Creates the Bot Framework endpoint on botbuilder's CloudAdapter, so the Emulator, Azure Bot Service and
 * Teams reach the same engine. With an app id, every request must carry a valid Bot Framework JWT (401
 * otherwise); without one the endpoint answers 401, unless anonymous use is asked for (the Emulator on a
 * developer's machine: loopback `serviceUrl`s only). botbuilder stays inside this folder: activities become
 * {@link import('../../engine/types').InboundMessage}s here.
 */
export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): BotFrameworkChannelHandle {
  const { engine, storage, logger, appId } = options;
  const anonymous = !appId && options.allowAnonymous === true;
  // botbuilder (tens of MB) is loaded on the channel's first use: most city halls never use this endpoint.
  let loaded: SportelloCloudAdapter | undefined;
  const adapter = (): SportelloCloudAdapter => {
    loaded ??= new (require('./adapter') as typeof import('./adapter')).SportelloCloudAdapter(options);
    return loaded;
  };
  const choices = new ChoiceMemory(storage);
  if (anonymous)
    logger.warn('Bot Framework endpoint is anonymous (BOTFRAMEWORK_ALLOW_ANONYMOUS): for the Emulator only');
  else if (!appId) logger.info('Bot Framework endpoint answers 401: set MICROSOFT_APP_ID to use it');

  async function deliver(context: TurnContext, replies: readonly OutboundReply[]): Promise<void> {
    // In a proactive turn botbuilder's continuation activity also has the citizen in `from`.
    const { channelId, conversation, from } = context.activity;
    const userId = from?.id;
    const offered = [...replies].reverse().find((r) => r.choices?.length)?.choices;
    if (channelId === 'msteams' && offered) await choices.remember(conversation.id, offered);
    await context.sendActivities(replies.map((r) => replyActivity(r, channelId, userId ?? '')));
  }

  async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const started =
      activity.type === 'conversationUpdate' &&
      activity.membersAdded?.some((m) => m.id !== activity.recipient?.id);
    if (activity.type !== 'message' && !started) return;
    let message = mapActivity(activity);
    if (!message) return;
    if (started) {
      // Greet once, when the citizen opens the chat; later joins (or a restart) do not re-greet.
      if (await engine.getState(message.ref)) return;
      message = { ...message, text: '' };
    }
    const { TurnContext: Context } = require('botbuilder') as typeof import('botbuilder');
    await storage.put(REFERENCES, message.ref.conversationId, Context.getConversationReference(activity));
    if (activity.channelId === 'msteams' && message.value === undefined) {
      const value = await choices.valueFor(message.ref.conversationId, message.text);
      if (value !== undefined) message = { ...message, value };
    }
    const replies = await engine.handle(message);
    if (replies.length > 0) await deliver(context, replies);
  }

  const channel: OutboundChannel = {
    name: BOTFRAMEWORK,
    capabilities: { buttons: true, markup: 'markdown' },
    async send(ref: ConversationRef, replies: readonly OutboundReply[]): Promise<void> {
      const reference = await storage.get<Partial<ConversationReference>>(REFERENCES, ref.conversationId);
      if (!reference) throw new ConversationReferenceMissingError(ref.conversationId);
      try {
        await adapter().continueConversationAsync(appId ?? '', reference, (context) =>
          deliver(context, replies),
        );
      } catch (err) {
        throw new BotFrameworkDeliveryError(ref.conversationId, err);
      }
    },
  };

  return {
    channel,
    registerRoutes(server) {
      server.post(
        MESSAGES_PATH,
        route(logger, async (req, res) => {
          const auth = req.header('authorization') ?? '';
          // Refuse early what can never be a valid token, so no key lookup happens for it.
          if (!anonymous && !/^Bearer [\w-]+\.[\w-]+\.[\w-]*$/.test(auth))
            throw new HttpError(401, 'unauthorized', 'A valid Bot Framework bearer token is required.');
          if (!appId && !anonymous)
            throw new HttpError(401, 'unauthorized', 'This server takes no Bot Framework requests.');
          const activity = parseBody(activitySchema, req.body) as unknown as Activity;
          if (anonymous && !isLoopbackServiceUrl(activity.serviceUrl))
            throw new HttpError(
              403,
              'service_url_not_allowed',
              'Without MICROSOFT_APP_ID replies go only to a serviceUrl on this machine (the Emulator).',
            );
          try {
            const invoke = await adapter().handleActivity(auth, activity, onTurn);
            res.send(invoke?.status ?? 200, invoke?.body);
          } catch (err) {
            if (isAuthFailure(err))
              throw new HttpError(401, 'unauthorized', 'The Bot Framework token was refused.');
            throw err;
          }
        }),
      );
    },
  };
}
