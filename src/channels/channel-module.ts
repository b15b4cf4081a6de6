import type http from 'node:http';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { ZodType } from 'zod';
import type { Backend } from '../backends';
import type { Config } from '../config';
import type { OutboundChannel } from '../engine/channel';
import type { Engine } from '../engine/engine';
import type { Lang } from '../engine/types';
import type { FileStore } from '../files';
import type { ChannelRecords } from '../privacy/channel-records';

/**
 * What a channel needs of the identity room when a page passes the comune portal's signed assertion: verify
 * it for a conversation, record the outcome, and answer what to tell the page (a refusal never fails the
 * session: it opens anonymous).
 */
export interface CitizenSignInPort {
  accept(conversationKey: string, assertion: string, lang: Lang): Promise<Record<string, unknown>>;
}

/** What the composition root hands every channel when it creates it. */
export interface ChannelContext {
  config: Config;
  engine: Engine;
  logger: Logger;
  /** Storage, event bus and leader locks (`backend.storage` is the storage every room shares). */
  backend: Backend;
  /** Files citizens send: bytes in `FILES_DIR`, records in storage. */
  files: FileStore;
  /** This channel's own settings, parsed from the environment by its `settings` schema (undefined without). */
  settings: unknown;
  /** Signs in citizens the comune's portal vouches for (SPID/CIE), when that is configured. */
  citizenSignIn?: CitizenSignInPort;
  /** When operators answer, as citizens read it (the office hours), for pages and headers. */
  operatorHours(lang: Lang): string;
  /** Counts a refusal on `/metrics` (e.g. a new conversation over a limit). */
  countRefusal(what: string, reason: string): void;
}

/** A created channel: how messages leave, the routes they arrive on, and its lifecycle. */
export interface RunningChannel {
  /** Sends replies and proactive messages; registered with the engine under the channel's name. */
  outbound: OutboundChannel;
  /** Adds the channel's HTTP routes (webhooks, APIs, pages). */
  routes?(server: Server): void;
  /** Takes over protocol upgrades on the HTTP server (WebSocket streams). */
  attach?(httpServer: http.Server): void;
  /** Runs once the server listens (connect, set a webhook, start polling). A failure stops only this channel. */
  start?(): Promise<void>;
  /** Stops receiving and lets messages in flight leave, before storage closes. */
  stop?(): Promise<void>;
}

/**
 * A channel as one plug-in, like a Botpress integration or a Hono adapter: its name, when the configuration
 * turns it on, its own settings, what it keeps about citizens, and how to create it. Register one with
 * `registerChannel()` (docs/extending.md); the composition root creates every enabled one the same way.
 */
export interface ChannelModule {
  /** The channel name conversations carry in their ref (`webchat`, `telegram`…). */
  readonly name: string;
  /** True when the configuration turns this channel on. */
  enabled(config: Config): boolean;
  /**
   * The channel's own environment variables, parsed at start-up; a bad value stops start-up naming the
   * variable, as for every other setting. Built-in channels keep theirs in `src/config.ts`.
   */
  readonly settings?: ZodType;
  /** The personal data it keeps beyond the engine's state and transcripts, for erasure and retention. */
  readonly records?: ChannelRecords;
  /** Creates the running channel. */
  create(context: ChannelContext): RunningChannel | Promise<RunningChannel>;
}
