import type http from 'node:http';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { IoNotice } from '../appio';
import type { Engine } from '../engine/engine';
import type { ConversationRef } from '../engine/types';
import type { EventBus } from '../events/event-bus';
import type { FileStore } from '../files';
import type { HandoffService } from '../handoff/handoff-service';
import type { VerifiedCitizen } from '../identity';
import type { FormView } from '../services/form-view';
import type { Ticket } from '../services/tickets/ticket';
import type { Storage } from '../storage/storage';
import { CannedResponses } from './canned-responses';
import { registerConsoleApi } from './console-api';
import { ConsoleAuth } from './console-auth';
import { registerConsolePage } from './console-page';
import { ConsoleSocket } from './console-socket';
import { LoginLockout } from './lockout';
import { LoginLimits } from './login-limits';
import type { PasswordHasher } from './password-hasher';
import { SessionStore } from './sessions';
import { UserStore } from './users';
import { registerWhatsAppApi, type WhatsAppStatusSource } from './whatsapp-api';

export { UserStore } from './users';
export type { WhatsAppStatusRecord, WhatsAppStatusSource } from './whatsapp-api';

/** What {@link registerConsole} needs from the composition root. */
export interface ConsoleOptions {
  storage: Storage;
  engine: Engine;
  handoff: HandoffService;
  logger: Logger;
  config: {
    CONSOLE_SESSION_TTL_MINUTES: number;
    PUBLIC_URL?: string | undefined;
    TRUST_PROXY?: boolean;
    LOGIN_RATE_PER_ADDRESS?: number;
    LOGIN_RATE_GLOBAL?: number;
    CITY_NAME?: string;
    CITY_REGION?: string | undefined;
    PRIVACY_URL?: string;
    ACCESSIBILITY_URL?: string;
  };
  /** Relays live events between instances (PostgreSQL); without it the console is process-local. */
  bus?: EventBus;
  /** The WhatsApp Web session's status for the admins' WhatsApp page; without it the page says it is off. */
  whatsApp?: WhatsAppStatusSource;
  /** The files citizens sent (web chat uploads), which operators open from a case. */
  files?: FileStore;
  /** The readable view of a service form's answers, for the case's "Dati del modulo". */
  describeForm?: (dialogId: string, answers: Record<string, unknown>) => FormView | undefined;
  /** The identity verified with SPID/CIE of a conversation's citizen (by conversation key), shown on its case. */
  identityOf?: (conversationKey: string) => Promise<VerifiedCitizen | undefined>;
  /** What was sent to the app IO about the tickets of a case's citizen, and whether IO accepted it. */
  ioNoticesOf?: (ref: ConversationRef) => Promise<IoNotice[]>;
  /** The citizen's tickets with a fee, shown with their pagoPA notice. */
  paymentsOf?: (ref: ConversationRef) => Promise<Ticket[]>;
  /** bcrypt cost for passwords created through the API (tests lower it). */
  bcryptCost?: number;
  /** Where passwords are hashed and checked; the process's password thread by default. */
  passwords?: PasswordHasher;
  now?: () => Date;
}

/** The registered console: attach its WebSocket to the HTTP server, close it on shutdown. */
export interface OperatorConsole {
  /** Serves `/console/ws` upgrades (other upgrade paths are left alone). */
  attach(httpServer: http.Server): void;
  close(): Promise<void>;
  /** The console's session, role and CSRF checks, for rooms adding routes under `/api/console/`. */
  auth: ConsoleAuth;
}

/**
 * Registers the operator console: the page at `/console`, the JSON API under `/api/console/*` (with the
 * admins' WhatsApp linking page) and the live WebSocket at `/console/ws`.
 */
export function registerConsole(server: Server, options: ConsoleOptions): OperatorConsole {
  const { storage, engine, handoff, logger, config } = options;
  const sessions = new SessionStore(storage, config.CONSOLE_SESSION_TTL_MINUTES, options.now);
  const auth = new ConsoleAuth(sessions, { ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) });
  const socket = new ConsoleSocket(auth, handoff, engine, logger, options.bus);
  registerConsolePage(server, {
    city: config.CITY_NAME ?? 'Comune di Esempio',
    region: config.CITY_REGION,
    privacyUrl: config.PRIVACY_URL ?? '#',
    accessibilityUrl: config.ACCESSIBILITY_URL ?? '#',
  });
  registerConsoleApi(server, {
    storage,
    handoff,
    auth,
    users: new UserStore(storage, options.bcryptCost, options.passwords),
    lockout: new LoginLockout(storage, options.now),
    loginLimits: new LoginLimits({
      perAddressPerMinute: config.LOGIN_RATE_PER_ADDRESS ?? 30,
      globalPerMinute: config.LOGIN_RATE_GLOBAL ?? 60,
    }),
    canned: new CannedResponses(storage),
    logger,
    onLogout: (username) => socket.disconnect(username),
    trustProxy: config.TRUST_PROXY ?? false,
    ...(options.files ? { files: options.files } : {}),
    ...(options.describeForm ? { describeForm: options.describeForm } : {}),
    ...(options.identityOf ? { identityOf: options.identityOf } : {}),
    ...(options.ioNoticesOf ? { ioNoticesOf: options.ioNoticesOf } : {}),
    ...(options.paymentsOf ? { paymentsOf: options.paymentsOf } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  registerWhatsAppApi(server, {
    auth,
    logger,
    ...(options.whatsApp ? { whatsApp: options.whatsApp } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { attach: (httpServer) => socket.attach(httpServer), close: () => socket.close(), auth };
}
