import type { Logger } from 'pino';
import { BoundedMap } from '../shared/bounded-map';
import { KeyedQueue } from '../shared/keyed-queue';
import { retryOnConflict } from '../storage/optimistic';
import type { BatchOp, Storage, Versioned } from '../storage/storage';
import type { OutboundChannel } from './channel';
import { compose, type Middleware } from './compose';
import {
  CONVERSATIONS,
  type ConversationState,
  conversationKey,
  hasRecentId,
  messageFingerprint,
  newConversationState,
  recentIdsOf,
  withRecentId,
} from './conversation-state';
import type { Dialog, ServiceEntry } from './dialog';
import { ChannelUnavailableError } from './errors';
import { greet } from './middleware/welcome';
import type { Skill } from './skill';
import { type TranscriptEntry, transcriptStream } from './transcript';
import {
  type EngineSettings,
  type RecordedReply,
  TurnContext,
  type TurnRefusal,
  type TurnServices,
} from './turn-context';
import type { ConversationRef, InboundMessage, Lang, OutboundReply, ReplyMeta } from './types';

/** What the engine needs from the composition root. */
export interface EngineOptions {
  storage: Storage;
  logger: Logger;
  settings: EngineSettings;
  /** Language for citizens whose channel gives no locale. */
  defaultLang: Lang;
  now?: () => Date;
  /**
   * Keeps each conversation's state in memory between its turns, as this engine saved it: the next turn asks
   * storage whether that version is still the stored one ({@link Storage.getIfChanged}) instead of reading and
   * parsing it again. Only where no other instance runs turns (SQLite, memory): another instance could delete a
   * state and create it anew at the same version, which this check cannot tell apart. Off by default.
   */
  keepStates?: boolean;
}

/** Conversations whose state a {@link EngineOptions.keepStates} engine keeps in memory (~2 KB each). */
const KEPT_STATES = 4096;

/** Told after every turn and every proactive message (metrics, analytics and the live console listen here). */
export type TurnListener = (event: {
  state: ConversationState;
  inbound?: InboundMessage;
  replies: readonly RecordedReply[];
  /**
   * A turn's duration in ms, from reading the conversation's state to the saved answer (a turn redone after
   * a version conflict counts from its first try: the citizen waited all along). Absent for proactive ones.
   */
  durationMs?: number;
}) => void;

/** Told of every message a turn refused (not stored): metrics count them. */
export type RefusalListener = (event: { ref: ConversationRef; refusal: TurnRefusal }) => void;

/** What one turn did: the replies, and where it recorded the message and the replies in the transcript. */
export interface TurnOutcome {
  /** Set when the message was refused (a flood): it was not stored, `inboundSeq` is absent. */
  refused?: TurnRefusal;
  replies: OutboundReply[];
  /** Transcript position of the citizen's message; absent when it was a redelivery, ignored. */
  inboundSeq?: number;
  /** Transcript positions of the replies, in order. */
  replySeqs: number[];
  /** The turn's time, as recorded. */
  at: Date;
}

const MAX_RECENT_IDS = 32;
const MAX_ATTEMPTS = 3;

/** Picks Italian or English from a channel locale such as `it-IT` or `en-GB`. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  const prefix = locale?.slice(0, 2).toLowerCase();
  return prefix === 'it' || prefix === 'en' ? prefix : undefined;
}

/**
 * The channel-agnostic dialog engine. A channel calls {@link Engine.handle} with an inbound message; the
 * engine loads the conversation's state, runs the middleware pipeline (standard-pipeline.ts), saves state and
 * transcript atomically, and returns the replies for the channel to send.
 */
export class Engine {
  private readonly middlewares: Middleware<TurnContext>[] = [];
  private readonly openSteps: Middleware<TurnContext>[] = [];
  private pipeline: ((ctx: TurnContext) => Promise<void>) | undefined;
  private readonly dialogs = new Map<string, Dialog>();
  private readonly serviceEntries: ServiceEntry[] = [];
  private readonly skills: Skill[] = [];
  private readonly channels = new Map<string, OutboundChannel>();
  private readonly listeners: TurnListener[] = [];
  private readonly refusalListeners: RefusalListener[] = [];
  private readonly queue = new KeyedQueue();
  private readonly now: () => Date;
  private readonly services: TurnServices;
  /**
   * With {@link EngineOptions.keepStates}: each conversation's state as its last turn saved it, with the
   * version that save made. A turn takes its conversation's copy out before changing it, so a turn that
   * fails (or is refused for its version) leaves no half-changed copy behind.
   */
  private readonly kept: BoundedMap<string, Versioned<ConversationState>> | undefined;

  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? (() => new Date());
    if (options.keepStates) this.kept = new BoundedMap(KEPT_STATES);
    this.services = {
      settings: options.settings,
      logger: options.logger,
      dialogs: this.dialogs,
      services: this.serviceEntries,
      skills: this.skills,
      now: this.now,
    };
  }

  /**
   * Adds a step to the greeting of a conversation opened before the citizen typed ({@link open}): it runs
   * before the welcome, as it would in a first turn (the notice of a verified identity, say).
   */
  onOpen(middleware: Middleware<TurnContext>): this {
    this.openSteps.push(middleware);
    return this;
  }

  /** Appends a middleware to the pipeline. */
  use(middleware: Middleware<TurnContext>): this {
    this.middlewares.push(middleware);
    this.pipeline = undefined;
    return this;
  }

  /** Registers a dialog; a service entry makes it startable from the services menu. */
  addDialog(dialog: Dialog, service?: Omit<ServiceEntry, 'dialogId'>): this {
    this.dialogs.set(dialog.id, dialog);
    if (service) this.serviceEntries.push({ dialogId: dialog.id, ...service });
    return this;
  }

  /** Appends a skill: asked for free text when no dialog runs. */
  addSkill(skill: Skill): this {
    this.skills.push(skill);
    return this;
  }

  /** Registers the outbound side of a channel for proactive messages. */
  addChannel(channel: OutboundChannel): this {
    this.channels.set(channel.name, channel);
    return this;
  }

  /** Subscribes to turns and proactive messages. */
  onTurn(listener: TurnListener): this {
    this.listeners.push(listener);
    return this;
  }

  /** Subscribes to refused messages (not stored, not told to turn listeners). */
  onRefused(listener: RefusalListener): this {
    this.refusalListeners.push(listener);
    return this;
  }

  /** The registered service entries (for menus and the back office). */
  get serviceList(): readonly ServiceEntry[] {
    return this.serviceEntries;
  }

  /**
   * Handles one inbound message and resolves the replies to send. Messages of one conversation are handled
   * one at a time; a redelivered message id yields no replies. When the pipeline fails the conversation's
   * state is left as it was before the message and the citizen gets a polite apology.
   */
  async handle(message: InboundMessage): Promise<OutboundReply[]> {
    return (await this.handleTurn(message)).replies;
  }

  /** Like {@link Engine.handle}, also telling where the turn was recorded in the transcript. */
  handleTurn(message: InboundMessage): Promise<TurnOutcome> {
    const key = conversationKey(message.ref);
    return this.queue.run(key, async () => {
      const started = performance.now();
      // Another instance or a proactive update wrote the state meanwhile: redo the turn on fresh state.
      return retryOnConflict(() => this.turn(key, message, started), { attempts: MAX_ATTEMPTS });
    });
  }

  /**
   * A chat window was opened (web chat): greets the citizen with the welcome, the privacy notice and the menu
   * before they type, once per conversation. A conversation already greeted (a reload, a reconnection, another
   * instance) gets nothing. Nothing of the citizen is recorded; the replies go to the transcript.
   */
  open(ref: ConversationRef, locale?: string): Promise<TurnOutcome> {
    const key = conversationKey(ref);
    return this.queue.run(key, () =>
      retryOnConflict(() => this.opening(key, ref, locale), { attempts: MAX_ATTEMPTS }),
    );
  }

  /**
   * Sends replies outside a turn (operator message, ticket update) on the channel the citizen used, and
   * records them in the transcript.
   */
  async sendProactive(
    ref: ConversationRef,
    replies: readonly OutboundReply[],
    meta?: ReplyMeta,
  ): Promise<void> {
    const channel = this.channels.get(ref.channel);
    if (!channel) throw new ChannelUnavailableError(ref.channel);
    const key = conversationKey(ref);
    const at = this.now();
    const record = () =>
      this.options.storage.batch(
        replies.map((reply) => ({
          op: 'append' as const,
          stream: transcriptStream(key),
          value: {
            dir: 'out',
            at: at.toISOString(),
            reply,
            proactive: true,
            ...(meta ? { meta } : {}),
          } satisfies TranscriptEntry,
        })),
      );
    if (channel.historyFromTranscript) {
      // The channel shows what the transcript holds: record first, then send with the positions.
      await channel.send(ref, replies, { at, seqs: await record() });
    } else {
      await channel.send(ref, replies);
      await record();
    }
    const state = await this.options.storage.get<ConversationState>(CONVERSATIONS, key);
    if (state) this.emit({ state, replies: replies.map((reply) => ({ reply, ...(meta ? { meta } : {}) })) });
  }

  /** Reads a conversation's saved state. */
  getState(ref: Pick<ConversationRef, 'channel' | 'conversationId'>): Promise<ConversationState | undefined> {
    return this.options.storage.get<ConversationState>(CONVERSATIONS, conversationKey(ref));
  }

  private async turn(key: string, message: InboundMessage, started: number): Promise<TurnOutcome> {
    const { storage, logger } = this.options;
    const stored = await this.load(key);
    const now = this.now();
    const fingerprint = messageFingerprint(message.id);
    if (stored && hasRecentId(recentIdsOf(stored.value), fingerprint)) {
      logger.debug({ conversation: key, messageId: message.id }, 'duplicate message ignored');
      this.kept?.set(key, stored);
      return { replies: [], replySeqs: [], at: now };
    }
    const fresh = () =>
      newConversationState(message.ref, langFromLocale(message.locale) ?? this.options.defaultLang, now);
    // The stored value was just parsed from storage or taken out of `kept`, so the turn may change it in place.
    let ctx = new TurnContext(message, stored?.value ?? fresh(), this.services);
    try {
      this.pipeline ??= compose(this.middlewares);
      await this.pipeline(ctx);
    } catch (err) {
      logger.error({ err, conversation: key }, 'turn failed; state rolled back');
      // Roll back: re-read the state as it was before this message. If it changed meanwhile, the versioned
      // write below fails and the whole turn is retried.
      const before = await storage.get<ConversationState>(CONVERSATIONS, key);
      ctx = new TurnContext(message, before ?? fresh(), this.services);
      ctx.reply({ text: ctx.t('failure'), format: 'plain' });
    }
    if (ctx.refusal) return this.refused(key, message, stored, ctx.replies, ctx.refusal, now);
    const state = ctx.state;
    state.ref = { ...state.ref, ...message.ref };
    state.turns += 1;
    const at = now.toISOString();
    state.updatedAt = at;
    state.recentIds = withRecentId(recentIdsOf(state), fingerprint, MAX_RECENT_IDS);

    const inbound: TranscriptEntry = { dir: 'in', at, messageId: message.id, text: message.text };
    if (message.value !== undefined) inbound.value = message.value;
    if (message.location) inbound.location = message.location;
    if (message.attachments?.length) {
      inbound.attachments = message.attachments.length;
      const files = message.attachments.flatMap(({ storedId, name, contentType, size }) =>
        storedId ? [{ storedId, contentType, ...(name ? { name } : {}), ...(size ? { size } : {}) }] : [],
      );
      if (files.length) inbound.files = files;
    }
    if (message.channelData) inbound.channelData = message.channelData;
    const stream = transcriptStream(key);
    const ops: BatchOp[] = [
      { op: 'put', collection: CONVERSATIONS, key, value: state, expectVersion: stored?.version ?? null },
      { op: 'append', stream, value: inbound },
    ];
    for (const r of ctx.replies) {
      const entry: TranscriptEntry = { dir: 'out', at, reply: r.reply };
      if (r.meta) entry.meta = r.meta;
      ops.push({ op: 'append', stream, value: entry });
    }
    const seqs = await storage.batch(ops);
    // The put was conditional on the version read, so it made the next one.
    this.kept?.set(key, { value: state, version: (stored?.version ?? 0) + 1 });
    const inboundSeq = seqs[0];
    const replySeqs = seqs.slice(1);
    this.emit({ state, inbound: message, replies: ctx.replies, durationMs: performance.now() - started });
    return {
      replies: ctx.replies.map((r) => r.reply),
      ...(inboundSeq !== undefined ? { inboundSeq } : {}),
      replySeqs,
      at: now,
    };
  }

  private async opening(key: string, ref: ConversationRef, locale?: string): Promise<TurnOutcome> {
    const stored = await this.load(key);
    const now = this.now();
    if (stored) this.kept?.set(key, stored);
    if (stored?.value.welcomed) return { replies: [], replySeqs: [], at: now };
    const lang = langFromLocale(locale) ?? this.options.defaultLang;
    const state = stored?.value ?? newConversationState(ref, lang, now);
    const ctx = new TurnContext({ id: `open:${key}`, ref, text: '', timestamp: now }, state, this.services);
    for (const step of this.openSteps) await step(ctx, async () => {});
    greet(ctx);
    ctx.reply(ctx.menu());
    state.updatedAt = now.toISOString();
    const stream = transcriptStream(key);
    const seqs = await this.options.storage.batch([
      { op: 'put', collection: CONVERSATIONS, key, value: state, expectVersion: stored?.version ?? null },
      ...ctx.replies.map((r) => ({
        op: 'append' as const,
        stream,
        value: { dir: 'out', at: state.updatedAt, reply: r.reply } satisfies TranscriptEntry,
      })),
    ]);
    this.kept?.set(key, { value: state, version: (stored?.version ?? 0) + 1 });
    this.emit({ state, replies: ctx.replies });
    return { replies: ctx.replies.map((r) => r.reply), replySeqs: seqs, at: now };
  }

  /**
   * Ends a refused turn: the message and the state are not written; the replies (the one "slow down" of a
   * flood) are recorded as the bot's own lines, so channels that show the transcript can show them.
   */
  private async refused(
    key: string,
    message: InboundMessage,
    stored: Versioned<ConversationState> | undefined,
    replies: readonly RecordedReply[],
    refusal: TurnRefusal,
    now: Date,
  ): Promise<TurnOutcome> {
    if (stored) this.kept?.set(key, stored);
    const at = now.toISOString();
    const stream = transcriptStream(key);
    const replySeqs = replies.length
      ? await this.options.storage.batch(
          replies.map((r) => ({
            op: 'append' as const,
            stream,
            value: { dir: 'out', at, reply: r.reply } satisfies TranscriptEntry,
          })),
        )
      : [];
    for (const listener of this.refusalListeners) {
      try {
        listener({ ref: message.ref, refusal });
      } catch (err) {
        this.options.logger.error({ err }, 'refusal listener failed');
      }
    }
    return { replies: replies.map((r) => r.reply), replySeqs, at: now, refused: refusal };
  }

  /**
   * A conversation's stored state: the copy kept from its last turn when storage still holds that version,
   * otherwise read. The copy is taken out either way (the turn changes it in place).
   */
  private async load(key: string): Promise<Versioned<ConversationState> | undefined> {
    const { storage } = this.options;
    const kept = this.kept?.get(key);
    if (!kept) return storage.getVersioned<ConversationState>(CONVERSATIONS, key);
    this.kept?.delete(key);
    const current = await storage.getIfChanged<ConversationState>(CONVERSATIONS, key, kept.version);
    return current === 'unchanged' ? kept : current;
  }

  private emit(event: Parameters<TurnListener>[0]): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.options.logger.error({ err }, 'turn listener failed');
      }
    }
  }
}
