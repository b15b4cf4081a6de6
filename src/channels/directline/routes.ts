import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { conversationKey } from '../../engine/conversation-state';
import { langFromLocale } from '../../engine/engine';
import type { Lang } from '../../engine/types';
import type { FileStore } from '../../files';
import { UPLOAD_MAX_BYTES } from '../../http/body-limits';
import { clientIp } from '../../http/client-ip';
import { bodyless, refuseEarly } from '../../http/early-refusal';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';
import type { LimitRefusal } from '../../shared/address-limits';
import type { CitizenSignInPort } from '../channel-module';
import { WEBCHAT_CHANNEL } from './activity-mapper';
import { bearerOf, type DirectLineAuth } from './auth';
import type { ConversationLimits } from './conversation-limits';
import { parseWatermark } from './conversation-store';
import {
  type DirectLineService,
  EngineUnavailableError,
  MessageRefusedError,
  type PostedFiles,
} from './direct-line-service';
import { type PostedActivity, postedActivitySchema, sessionBodySchema } from './schemas';
import type { TokenService } from './token-service';
import { readUpload } from './upload';

/** Path prefix of the Direct Line 3.0 API. */
export const DIRECTLINE_BASE = '/v3/directline';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The WebSocket URL of a conversation's stream, built from the request's Host header so it works behind any
 * port or proxy (`X-Forwarded-Proto: https` gives `wss:`).
 */
export function streamUrlFor(
  req: IncomingMessage,
  conversationId: string,
  token: string,
  watermark?: number,
): string {
  const host = req.headers.host ?? '';
  if (!HOST.test(host)) throw new HttpError(400, 'bad_host', 'The Host header is missing or invalid.');
  const secure = req.headers['x-forwarded-proto'] === 'https' || (req.socket as TLSSocket).encrypted === true;
  const w = watermark ? `&watermark=${watermark}` : '';
  return `${secure ? 'wss' : 'ws'}://${host}${DIRECTLINE_BASE}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}${w}`;
}

/** What the routes need. */
export interface RouteDeps {
  service: DirectLineService;
  auth: DirectLineAuth;
  tokens: TokenService;
  secret: string | undefined;
  logger: Logger;
  /** New conversations per client address and per instance (`POST /api/webchat/session` without a token). */
  newConversations?: ConversationLimits;
  /** Take the client's address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy?: boolean;
  /** Told of each new conversation refused by a limit. */
  onNewConversationRefused?: (scope: 'address' | 'global') => void;
  /** Where uploaded files are kept; without it the upload route answers 404 like an unknown one. */
  files?: FileStore;
  /** Takes the identity assertion (`citizenToken`) of a citizen signed in on the comune's portal. */
  citizenSignIn?: CitizenSignInPort;
}

/** Most files in one web chat message. */
export const MAX_FILES_PER_MESSAGE = 10;
/** Most files one web chat conversation may hold: past it uploads are refused (a full disk helps nobody). */
export const MAX_FILES_PER_CONVERSATION = 50;

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}

function watermarkOf(req: Request): number {
  const watermark = parseWatermark((req.query as Record<string, unknown> | undefined)?.watermark);
  if (watermark === undefined) throw new HttpError(400, 'bad_watermark', 'watermark must be a whole number.');
  return watermark;
}

/** The language to tell a session's page in: its own locale, else its browser's first language, else Italian. */
function sessionLang(locale: string | undefined, acceptLanguage: string | undefined): Lang {
  return langFromLocale(locale) ?? langFromLocale(acceptLanguage?.split(',')[0]?.trim()) ?? 'it';
}

/** Registers the Direct Line 3.0 endpoints and the public page's session endpoint on the server. */
export function registerDirectLineRoutes(server: Server, deps: RouteDeps): void {
  const { service, auth, tokens, secret, logger } = deps;
  const newConversation = (req: IncomingMessage) => {
    const refusal = deps.newConversations?.admit(clientIp(req, deps.trustProxy));
    if (refusal) deps.onNewConversationRefused?.(refusal.scope);
    return refusal;
  };
  const tooMany = (refusal: LimitRefusal) =>
    `Too many new conversations ${refusal.scope === 'address' ? 'from your network' : 'right now'}: try again in ${refusal.retryAfter} seconds.`;
  // The page asks for a new conversation with an empty body: counted, and refused past the limits, before the
  // request is routed (a flood of refusals then costs little); with a body the route decides below.
  refuseEarly(
    server,
    { method: 'POST', path: '/api/webchat/session' },
    (req) => (bodyless(req) ? newConversation(req) : undefined),
    tooMany,
  );
  const conversationReply = (req: Request, conversationId: string, userId: string, watermark?: number) => {
    const token = tokens.sign(conversationId, userId);
    return {
      conversationId,
      token,
      expires_in: tokens.ttl,
      streamUrl: streamUrlFor(req, conversationId, token, watermark),
    };
  };

  server.post(
    `${DIRECTLINE_BASE}/tokens/generate`,
    route(logger, async (req, res) => {
      noStore(res);
      if (!secret) throw new HttpError(403, 'secret_not_configured', 'Direct Line secret not configured.');
      const credential = bearerOf(req);
      if (!credential) throw new HttpError(401, 'secret_missing', 'Missing Authorization: Bearer <secret>.');
      if (!auth.isSecret(credential))
        throw new HttpError(403, 'secret_invalid', 'The Direct Line secret is wrong.');
      const { conversationId, userId } = service.store.newIds();
      res.json({ conversationId, token: tokens.sign(conversationId, userId), expires_in: tokens.ttl });
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/tokens/refresh`,
    route(logger, async (req, res) => {
      noStore(res);
      const principal = auth.principal(bearerOf(req));
      if (principal.kind !== 'token')
        throw new HttpError(400, 'not_a_token', 'Refresh needs a conversation token, not the secret.');
      const { conversationId, userId } = principal.claims;
      res.json({ conversationId, token: tokens.sign(conversationId, userId), expires_in: tokens.ttl });
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/conversations`,
    route(logger, async (req, res) => {
      noStore(res);
      const principal = auth.principal(bearerOf(req));
      const { conversationId, userId } =
        principal.kind === 'token' ? principal.claims : service.store.newIds();
      const { conversation, created } = await service.store.ensure(conversationId, userId);
      res.status(created ? 201 : 200);
      res.json(conversationReply(req, conversation.id, conversation.userId));
    }),
  );

  server.get(
    `${DIRECTLINE_BASE}/conversations/:id`,
    route(logger, async (req, res) => {
      noStore(res);
      const id = String(req.params.id);
      const conversation = await service.conversationFor(auth.forConversation(bearerOf(req), id), id);
      res.json(conversationReply(req, conversation.id, conversation.userId, watermarkOf(req)));
    }),
  );

  server.get(
    `${DIRECTLINE_BASE}/conversations/:id/activities`,
    route(logger, async (req, res) => {
      noStore(res);
      const id = String(req.params.id);
      const conversation = await service.conversationFor(auth.forConversation(bearerOf(req), id), id);
      const from = await service.store.startFrom(conversation.id, watermarkOf(req));
      res.json(await service.store.read(conversation.id, from));
    }),
  );

  /** Hands a citizen's message to the engine and answers its id, or the 429/503 a refusal or failure is. */
  const postMessage = async (
    req: Request,
    res: Response,
    conversation: Awaited<ReturnType<DirectLineService['conversationFor']>>,
    posted: PostedActivity,
    files?: PostedFiles,
  ): Promise<void> => {
    try {
      res.json({ id: await service.post(conversation, posted, clientIp(req, deps.trustProxy), files) });
    } catch (err) {
      if (err instanceof MessageRefusedError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        throw new HttpError(
          429,
          'too_many_requests',
          'You are writing too fast: this message was not kept. Wait a few seconds and send it again.',
        );
      }
      if (!(err instanceof EngineUnavailableError)) throw err;
      throw new HttpError(
        503,
        'engine_unavailable',
        'Sportello cannot answer right now: please try again in a moment (your message was not kept).',
      );
    }
  };

  server.post(
    `${DIRECTLINE_BASE}/conversations/:id/activities`,
    route(logger, async (req, res) => {
      const id = String(req.params.id);
      const principal = auth.forConversation(bearerOf(req), id);
      const posted = parseBody(postedActivitySchema, req.body);
      const conversation = await service.conversationFor(principal, id);
      await postMessage(req, res, conversation, posted);
    }),
  );

  const files = deps.files;
  if (files)
    server.post(
      `${DIRECTLINE_BASE}/conversations/:id/upload`,
      route(logger, async (req, res) => {
        // Who may upload is settled before a byte of the body is read.
        const id = String(req.params.id);
        const principal = auth.forConversation(bearerOf(req), id);
        const conversation = await service.conversationFor(principal, id);
        const key = conversationKey({ channel: WEBCHAT_CHANNEL, conversationId: conversation.id });
        if ((await files.count(key)) >= MAX_FILES_PER_CONVERSATION) {
          res.setHeader('Connection', 'close');
          throw new HttpError(413, 'too_many_files', 'This conversation holds as many files as it may.');
        }
        const upload = await readUpload(req, {
          maxBytes: UPLOAD_MAX_BYTES,
          maxFiles: MAX_FILES_PER_MESSAGE,
          store: files,
          conversation: key,
        });
        const discard = async () => {
          await Promise.all(upload.files.map((f) => files.remove(key, f.id)));
        };
        let posted: PostedActivity;
        try {
          // The files are what was received and stored, whatever the activity says about them.
          const template = (upload.activity ?? {}) as Record<string, unknown>;
          const channelData = template.channelData;
          posted = parseBody(postedActivitySchema, {
            ...template,
            attachments: upload.files.map((f) => ({ contentType: f.contentType, name: f.name })),
            channelData: {
              ...(channelData && typeof channelData === 'object' ? channelData : {}),
              // Web Chat shows each file's size from here.
              attachmentSizes: upload.files.map((f) => f.size),
            },
          });
          if (posted.type !== 'message' || upload.files.length === 0)
            throw new HttpError(400, 'bad_request', 'An upload is a message with at least one file.');
        } catch (err) {
          await discard();
          throw err;
        }
        const attachments = upload.files.map((f) => ({
          contentType: f.contentType,
          name: f.name,
          size: f.size,
          storedId: f.id,
        }));
        await postMessage(req, res, conversation, posted, { attachments, discard });
      }),
    );

  server.post(
    '/api/webchat/session',
    route(logger, async (req, res) => {
      noStore(res);
      const body = parseBody(sessionBodySchema, req.body === '' ? undefined : req.body);
      let ids: { conversationId: string; userId: string };
      if (body.token === undefined) {
        // The public page's way in: a fresh conversation, stored on first use; so many per address and hour.
        const refusal = bodyless(req) ? undefined : newConversation(req);
        if (refusal) {
          res.setHeader('Retry-After', String(refusal.retryAfter));
          throw new HttpError(429, 'too_many_requests', tooMany(refusal));
        }
        ids = service.store.newIds();
      } else ids = tokens.verify(body.token);
      const { conversationId, userId } = ids;
      // A portal's sign-in is kept with the conversation; refused, the session opens anonymous all the same.
      const identity =
        body.citizenToken !== undefined && deps.citizenSignIn
          ? await deps.citizenSignIn.accept(
              conversationKey({ channel: WEBCHAT_CHANNEL, conversationId }),
              body.citizenToken,
              sessionLang(body.locale, req.headers['accept-language']),
            )
          : undefined;
      res.json({
        conversationId,
        token: tokens.sign(conversationId, userId),
        expires_in: tokens.ttl,
        ...(identity ? { identity } : {}),
      });
    }),
  );
}
