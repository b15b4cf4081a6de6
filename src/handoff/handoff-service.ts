import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { buttonValue, parseButtonValue } from '../engine/button-values';
import { CONVERSATIONS, type ConversationState, type DialogInstance } from '../engine/conversation-state';
import type { Engine } from '../engine/engine';
import type { Handoff, PersonRequest } from '../engine/middleware/handoff-gate';
import type { TurnContext } from '../engine/turn-context';
import type { Lang, OutboundReply } from '../engine/types';
import { VersionConflictError } from '../storage/errors';
import { retryOnConflict, updateVersioned } from '../storage/optimistic';
import type { BatchOp, Storage } from '../storage/storage';
import { AUDIT_STREAM, AuditLog } from './audit-log';
import { CaseAlreadyClaimedError, CaseNotFoundError, NotCaseOwnerError } from './errors';
import {
  HANDOFF_CLOSED,
  HANDOFF_COUNTER,
  HANDOFF_QUEUE,
  type HandoffCase,
  type HandoffOutcome,
  type HandoffReason,
  type HandoffVars,
  handoffVars,
  notesStream,
} from './handoff-case';
import type { HandoffLimits } from './handoff-limits';
import {
  clearSignals,
  noteAnswered,
  noteNotUseful,
  noteOffered,
  noteUnanswered,
  offerReason,
  signals,
} from './handoff-signals';
import { describeOpening, describeWeek, type HandoffTextKey, ht } from './handoff-texts';
import type { OfficeHours } from './office-hours';
import { operatorOffer } from './operator-offer';
import { recognisePersonRequest } from './person-request';

/** Id of the dialog asking for a 1–5 rating after an operator conversation. */
export const RATING_DIALOG = 'handoff-rating';
/** Id of the dialog collecting a callback contact outside office hours. */
export const CALLBACK_DIALOG = 'handoff-callback';

const MAX_ATTEMPTS = 8;

/** Who acts in the console: the username (audit, ownership) and the name the citizen sees. */
export interface OperatorRef {
  username: string;
  name: string;
}

/** An internal note on a case, visible to operators only. */
export interface CaseNote {
  at: string;
  author: string;
  text: string;
}

/** Told when a request for an operator was refused by a {@link HandoffLimits} limit (metrics count them). */
export interface HandoffRefusal {
  channel: string;
  scope: 'conversation' | 'address';
}

/** Told of every change to the queue or to a case (the console pushes it to operators). */
export interface HandoffChange {
  caseId: string;
  type: 'queued' | 'claimed' | 'transferred' | 'closed' | 'note';
}

/** What {@link HandoffService} needs. */
export interface HandoffServiceOptions {
  storage: Storage;
  logger: Logger;
  /** For proactive messages to citizens (operator replies, queue updates); without it none are sent. */
  engine?: Engine;
  /** Without office hours operators are assumed always reachable. */
  officeHours?: OfficeHours;
  /** City hall name used in citizen messages. */
  city?: string;
  /** Limits on new requests per conversation and per web chat address; without them, none. */
  limits?: HandoffLimits;
  now?: () => Date;
}

/**
 * The human escalation room: queues a citizen's request, lets one operator claim it atomically, relays the
 * operator's messages on the citizen's own channel, and hands the conversation back to the bot or closes it
 * with an outcome and a rating request. While an operator holds the conversation the handoff gate keeps the
 * bot silent on every channel. Open cases live in `handoff-queue`, their pointer in the conversation's
 * `vars.handoff`; both are written in one atomic batch so they never disagree.
 */
export class HandoffService implements Handoff {
  /** Emits `change` with a {@link HandoffChange}, `refused` with a {@link HandoffRefusal}. */
  readonly events = new EventEmitter();
  readonly audit: AuditLog;
  private readonly now: () => Date;

  constructor(private readonly options: HandoffServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.audit = new AuditLog(options.storage, this.now);
  }

  /** True when the office is open now (always, without office hours). */
  isOfficeOpen(at: Date = this.now()): boolean {
    return this.options.officeHours?.isOpen(at) ?? true;
  }

  /** When the office next opens, in words, in the language; empty without office hours. */
  nextOpening(lang: Lang, at: Date = this.now()): string {
    const opening = this.options.officeHours?.nextOpening(at);
    return opening ? describeOpening(lang, opening) : '';
  }

  /** The office's weekly hours in words, in the language; empty without office hours or when always open. */
  weeklyHours(lang: Lang): string {
    const hours = this.options.officeHours;
    return hours ? describeWeek(lang, hours.weekly) : '';
  }

  isHeld(ctx: TurnContext): boolean {
    return handoffVars(ctx.state.vars)?.status === 'assigned';
  }

  asksForPerson(ctx: TurnContext): PersonRequest | undefined {
    // The callback dialog is already about reaching a person: what the citizen writes there is its answer.
    if (ctx.activeDialog?.dialogId === CALLBACK_DIALOG) return undefined;
    return recognisePersonRequest(ctx.input);
  }

  async forward(ctx: TurnContext): Promise<void> {
    // The engine records the message in the transcript and tells its turn listeners, which is how the
    // console shows it live; the bot must say nothing.
    this.options.logger.debug({ conversation: ctx.state.key }, 'message for the operator');
  }

  async request(ctx: TurnContext, reason: string): Promise<void> {
    const current = handoffVars(ctx.state.vars);
    if (current?.status === 'assigned') {
      ctx.reply({ text: ht(ctx.lang, 'alreadyHeld'), format: 'plain' });
      return;
    }
    if (current?.status === 'queued') {
      const open = await this.options.storage.get<HandoffCase>(HANDOFF_QUEUE, current.caseId);
      if (open) {
        const position = await this.positionOf(open.id);
        ctx.reply({
          text: ht(ctx.lang, 'alreadyQueued', {
            position: this.positionText(ctx.lang, position),
            hours: this.whenAnswered(ctx.lang),
          }),
        });
        return;
      }
      delete ctx.state.vars.handoff; // closed meanwhile: start afresh
    }
    const refused = this.options.limits?.admit(ctx.state.key, ctx.message.clientAddress);
    if (refused) {
      const key = refused === 'conversation' ? 'limitedConversation' : 'limitedAddress';
      ctx.reply({ text: ht(ctx.lang, key), format: 'plain' });
      this.events.emit('refused', {
        channel: ctx.state.ref.channel,
        scope: refused,
      } satisfies HandoffRefusal);
      return;
    }
    const forms = this.takeForms(ctx);
    const why = this.reasonFor(ctx, reason, forms);
    clearSignals(ctx);
    if (!this.isOfficeOpen()) {
      await ctx.beginDialog(CALLBACK_DIALOG, { reason: why, forms });
      return;
    }
    const open = await this.openCase(ctx, why, forms);
    const position = await this.positionOf(open.id);
    ctx.reply({
      text: ht(ctx.lang, 'queued', {
        position: this.positionText(ctx.lang, position),
        hours: this.whenAnswered(ctx.lang),
      }),
      format: 'plain',
    });
    if (position !== undefined) await this.updateCase(open.id, (c) => ({ ...c, toldPosition: position }));
  }

  /**
   * While the citizen's request waits in the queue, what they write is for the operator: it stays in the
   * transcript (the console shows it when the case is opened) and the bot answers only with where they are
   * in the queue and when operators answer, never with the knowledge base. Resolves false when nothing waits.
   * Registered as the first skill, so commands ("annulla", "menu"), buttons and running dialogs still work.
   */
  async keepForOperator(ctx: TurnContext): Promise<boolean> {
    const vars = handoffVars(ctx.state.vars);
    // A pressed button (knowledge-base feedback, a menu choice) is the citizen using the bot meanwhile.
    if (vars?.status !== 'queued' || ctx.message.value !== undefined) return false;
    const open = await this.options.storage.get<HandoffCase>(HANDOFF_QUEUE, vars.caseId);
    if (!open) {
      delete ctx.state.vars.handoff; // closed meanwhile: the bot answers again
      return false;
    }
    const position = await this.positionOf(open.id);
    ctx.reply({
      text: ht(ctx.lang, 'keptForOperator', {
        position: this.positionText(ctx.lang, position),
        hours: this.whenAnswered(ctx.lang),
      }),
      format: 'plain',
    });
    if (position !== undefined && position !== open.toldPosition)
      await this.updateCase(open.id, (c) => ({ ...c, toldPosition: position }));
    this.options.logger.debug(
      { conversation: ctx.state.key, caseId: open.id },
      'message kept for the operator',
    );
    return true;
  }

  async withdraw(ctx: TurnContext): Promise<boolean> {
    const vars = handoffVars(ctx.state.vars);
    if (vars?.status !== 'queued') return false;
    const { storage } = this.options;
    const open = await storage.get<HandoffCase>(HANDOFF_QUEUE, vars.caseId);
    delete ctx.state.vars.handoff;
    if (open?.status !== 'queued') return false;
    const closed: HandoffCase = {
      ...open,
      status: 'closed',
      outcome: 'withdrawn',
      closedAt: this.now().toISOString(),
      closedBy: 'citizen',
    };
    await storage.batch([
      { op: 'delete', collection: HANDOFF_QUEUE, key: open.id },
      { op: 'put', collection: HANDOFF_CLOSED, key: open.id, value: closed },
      { op: 'append', stream: AUDIT_STREAM, value: this.audit.entry('citizen', 'withdraw', open.id) },
    ]);
    this.emit({ caseId: open.id, type: 'closed' });
    ctx.reply(ctx.menu(ht(ctx.lang, 'withdrawn')));
    await this.notifyPositions();
    return true;
  }

  async afterTurn(ctx: TurnContext): Promise<void> {
    if (handoffVars(ctx.state.vars) || ctx.activeDialog?.dialogId === CALLBACK_DIALOG) return;
    const pressed = parseButtonValue(ctx.input);
    if (pressed?.kind === 'kb-feedback' && !pressed.useful) noteNotUseful(ctx);
    const noAnswer = isNoAnswer(ctx);
    if (noAnswer && signals(ctx).notedAt !== ctx.state.turns) noteUnanswered(ctx);
    else if (ctx.replies.some((r) => r.meta?.outcome === 'kb-answer' || r.meta?.outcome === 'kb-suggest'))
      noteAnswered(ctx);
    // The bot does not escalate by itself: it offers an operator and the citizen chooses.
    const reason = offerReason(ctx);
    if (!reason) return;
    noteOffered(ctx, reason);
    ctx.reply(
      operatorOffer(ctx, {
        open: this.isOfficeOpen(),
        opening: this.nextOpening(ctx.lang),
        hours: this.weeklyHours(ctx.lang),
      }),
    );
  }

  /**
   * Creates (or, when a retried turn already created it, finds) the open case of this conversation and
   * points the conversation's state at it.
   */
  async openCase(
    ctx: TurnContext,
    reason: HandoffReason,
    forms: DialogInstance[],
    callback?: HandoffCase['callback'],
  ): Promise<HandoffCase> {
    const { storage } = this.options;
    const existing = (await storage.list<HandoffCase>(HANDOFF_QUEUE)).find(
      ({ value }) => value.conversation === ctx.state.key && value.status !== 'closed',
    )?.value;
    let open = existing;
    if (!open) {
      const id = String(await storage.increment(HANDOFF_COUNTER));
      open = {
        id,
        conversation: ctx.state.key,
        ref: ctx.state.ref,
        lang: ctx.lang,
        reason,
        status: 'queued',
        requestedAt: this.now().toISOString(),
        forms,
        ...(callback ? { callback } : {}),
      };
      await storage.put(HANDOFF_QUEUE, id, open, { expectVersion: null });
      this.emit({ caseId: id, type: 'queued' });
    }
    const vars: HandoffVars = {
      caseId: open.id,
      status: open.status === 'assigned' ? 'assigned' : 'queued',
      ...(open.operator ? { operator: open.operator } : {}),
    };
    ctx.state.vars.handoff = vars;
    return open;
  }

  /** Open cases, oldest request first (callbacks included). */
  async openCases(): Promise<HandoffCase[]> {
    const all = await this.options.storage.list<HandoffCase>(HANDOFF_QUEUE);
    return all.map((e) => e.value).sort(byRequest);
  }

  /** A case, open or closed. */
  async getCase(caseId: string): Promise<HandoffCase | undefined> {
    const { storage } = this.options;
    return (
      (await storage.get<HandoffCase>(HANDOFF_QUEUE, caseId)) ??
      (await storage.get<HandoffCase>(HANDOFF_CLOSED, caseId))
    );
  }

  /** Position (1 = next) of a waiting live case; `undefined` for callbacks and held cases. */
  async positionOf(caseId: string): Promise<number | undefined> {
    const waiting = (await this.openCases()).filter(isWaitingLive);
    const index = waiting.findIndex((c) => c.id === caseId);
    return index === -1 ? undefined : index + 1;
  }

  /**
   * Claims a waiting case for an operator. Atomic: of two operators claiming at once exactly one wins, the
   * other gets {@link CaseAlreadyClaimedError}. Claiming a case one already holds is a no-op.
   */
  async claim(caseId: string, operator: OperatorRef): Promise<HandoffCase> {
    const claimed = await this.mutate(caseId, operator.username, 'claim', undefined, (c) => {
      if (c.status === 'assigned') {
        if (c.operator === operator.username) return undefined;
        throw new CaseAlreadyClaimedError(caseId, c.operator);
      }
      return { ...c, status: 'assigned', operator: operator.username, claimedAt: this.now().toISOString() };
    });
    if (claimed.changed) {
      this.emit({ caseId, type: 'claimed' });
      await this.tell(claimed.value, [{ text: ht(claimed.value.lang, 'claimed', this.vars(operator)) }]);
      await this.notifyPositions();
    }
    return claimed.value;
  }

  /** Sends the operator's message to the citizen on their channel (as plain text: nothing is interpreted). */
  async sendMessage(caseId: string, operator: OperatorRef, text: string): Promise<void> {
    const open = await this.held(caseId, operator.username);
    if (!this.options.engine) throw new Error('HandoffService has no engine to deliver messages');
    // Signed with the operator's name, so the citizen never mistakes a person for the bot.
    const author = {
      name: operator.name,
      label: ht(open.lang, 'operatorLabel', { operator: operator.name }),
    };
    await this.options.engine.sendProactive(open.ref, [{ text, format: 'plain', author }], {
      operator: operator.username,
    });
    await this.audit.record(operator.username, 'message', caseId);
  }

  /** Adds an internal note to a case (operators only; the citizen never sees it). */
  async addNote(caseId: string, author: string, text: string): Promise<CaseNote> {
    if (!(await this.getCase(caseId))) throw new CaseNotFoundError(caseId);
    const note: CaseNote = { at: this.now().toISOString(), author, text };
    await this.options.storage.batch([
      { op: 'append', stream: notesStream(caseId), value: note },
      { op: 'append', stream: AUDIT_STREAM, value: this.audit.entry(author, 'note', caseId) },
    ]);
    this.emit({ caseId, type: 'note' });
    return note;
  }

  /** The internal notes of a case, oldest first. */
  async notes(caseId: string): Promise<CaseNote[]> {
    return (await this.options.storage.read<CaseNote>(notesStream(caseId))).map((e) => e.value);
  }

  /** Passes a held case to another operator (the caller must hold it). */
  async transfer(caseId: string, from: OperatorRef, to: OperatorRef): Promise<HandoffCase> {
    const moved = await this.mutate(caseId, from.username, 'transfer', to.username, (c) => {
      if (c.status !== 'assigned' || c.operator !== from.username)
        throw new NotCaseOwnerError(caseId, from.username);
      return { ...c, operator: to.username };
    });
    this.emit({ caseId, type: 'transferred' });
    await this.tell(moved.value, [{ text: ht(moved.value.lang, 'transferred', this.vars(to)) }]);
    return moved.value;
  }

  /**
   * Ends the operator's part: `returned` hands the conversation back to the bot, any other outcome closes it.
   * Either way the citizen is told and asked for a 1–5 rating.
   */
  async close(caseId: string, operator: OperatorRef, outcome: HandoffOutcome): Promise<HandoffCase> {
    const { storage } = this.options;
    // A citizen's turn or another operator may write first: the close is then re-decided on fresh data.
    const closed = await retryOnConflict(
      async () => {
        const stored = await storage.getVersioned<HandoffCase>(HANDOFF_QUEUE, caseId);
        if (!stored) throw new CaseNotFoundError(caseId);
        const c = stored.value;
        if (c.status !== 'assigned' || c.operator !== operator.username)
          throw new NotCaseOwnerError(caseId, operator.username);
        const closed: HandoffCase = {
          ...c,
          status: 'closed',
          outcome,
          closedAt: this.now().toISOString(),
          closedBy: operator.username,
        };
        const conv = await storage.getVersioned<ConversationState>(CONVERSATIONS, c.conversation);
        const ops: BatchOp[] = [
          { op: 'delete', collection: HANDOFF_QUEUE, key: caseId },
          { op: 'put', collection: HANDOFF_CLOSED, key: caseId, value: closed },
          {
            op: 'append',
            stream: AUDIT_STREAM,
            value: this.audit.entry(
              operator.username,
              outcome === 'returned' ? 'handback' : 'close',
              caseId,
              outcome,
            ),
          },
        ];
        if (conv && handoffVars(conv.value.vars)?.caseId === caseId) {
          const state = conv.value;
          delete state.vars.handoff;
          // The citizen's next message answers the rating question (or, if it is not a rating, goes on normally).
          if (this.options.engine) state.stack = [{ dialogId: RATING_DIALOG, step: 'ask', data: { caseId } }];
          ops.push({
            op: 'put',
            collection: CONVERSATIONS,
            key: c.conversation,
            value: state,
            expectVersion: conv.version,
          });
        }
        await storage.batch(ops);
        return closed;
      },
      { attempts: MAX_ATTEMPTS },
    );
    this.emit({ caseId, type: 'closed' });
    const bye: HandoffTextKey = outcome === 'returned' ? 'returned' : 'closed';
    await this.tell(closed, [
      { text: ht(closed.lang, bye), format: 'plain' },
      {
        text: ht(closed.lang, 'ratingAsk'),
        format: 'plain',
        choices: ([1, 2, 3, 4, 5] as const).map((stars) => ({
          label: `${stars} ★`,
          value: buttonValue({ kind: 'handoff-rating', stars }),
        })),
      },
    ]);
    await this.notifyPositions();
    return closed;
  }

  /** Records the citizen's 1–5 rating of a closed case. */
  async rate(caseId: string, rating: number): Promise<void> {
    const { storage } = this.options;
    const stored = await storage.get<HandoffCase>(HANDOFF_CLOSED, caseId);
    if (stored) await storage.put(HANDOFF_CLOSED, caseId, { ...stored, rating });
  }

  /** Tells every waiting citizen whose queue position changed their new position. */
  async notifyPositions(): Promise<void> {
    const waiting = (await this.openCases()).filter(isWaitingLive);
    for (const [index, c] of waiting.entries()) {
      const position = index + 1;
      if (c.toldPosition === position) continue;
      await this.updateCase(c.id, (cur) => ({ ...cur, toldPosition: position }));
      const key: HandoffTextKey = position === 1 ? 'positionUpdateFirst' : 'positionUpdate';
      await this.tell(c, [{ text: ht(c.lang, key, { n: position }), format: 'plain' }]);
    }
  }

  private emit(change: HandoffChange): void {
    this.events.emit('change', change);
  }

  private vars(operator: OperatorRef): Record<string, string> {
    return { operator: operator.name, city: this.options.city ?? '' };
  }

  /** When operators answer, for a waiting citizen: the weekly hours, or when the closed office reopens. */
  private whenAnswered(lang: Lang): string {
    const hours = this.weeklyHours(lang);
    if (!hours) return '';
    if (this.isOfficeOpen()) return ht(lang, 'hoursOpen', { hours });
    return ht(lang, 'hoursClosed', { hours, opening: this.nextOpening(lang) });
  }

  private positionText(lang: Lang, position: number | undefined): string {
    if (position === undefined) return '';
    return position === 1 ? ht(lang, 'positionFirst') : ht(lang, 'position', { n: position });
  }

  /** Running forms are ended, but what they collected goes with the case for the operator to see. */
  private takeForms(ctx: TurnContext): DialogInstance[] {
    const forms = ctx.state.stack.filter(
      (d) => d.dialogId !== RATING_DIALOG && d.dialogId !== CALLBACK_DIALOG,
    );
    ctx.cancelAllDialogs();
    return structuredClone(forms);
  }

  private reasonFor(ctx: TurnContext, reason: string, forms: DialogInstance[]): HandoffReason {
    if (reason === 'unanswered' || reason === 'not-useful' || reason === 'callback' || reason === 'form')
      return reason;
    const s = signals(ctx);
    if (forms.some((f) => f.dialogId !== 'faq-question')) return 'form';
    // Accepting the operator the bot offered: the case says why it was offered.
    if (s.offered) return s.offered;
    if (s.notUsefulAt !== undefined) return 'not-useful';
    if (s.unanswered > 0) return 'unanswered';
    return 'citizen';
  }

  private async held(caseId: string, username: string): Promise<HandoffCase> {
    const c = await this.options.storage.get<HandoffCase>(HANDOFF_QUEUE, caseId);
    if (!c) throw new CaseNotFoundError(caseId);
    if (c.status !== 'assigned' || c.operator !== username) throw new NotCaseOwnerError(caseId, username);
    return c;
  }

  /** Sends proactive replies to the citizen of a case; a channel that is down is logged, not fatal. */
  private async tell(c: HandoffCase, replies: OutboundReply[]): Promise<void> {
    if (!this.options.engine) return;
    try {
      await this.options.engine.sendProactive(c.ref, replies);
    } catch (err) {
      this.options.logger.warn({ err, caseId: c.id, channel: c.ref.channel }, 'could not notify the citizen');
    }
  }

  /** Read-modify-write of an open case with optimistic retries; `undefined` from `change` means "no change". */
  private async updateCase(
    caseId: string,
    change: (c: HandoffCase) => HandoffCase | undefined,
  ): Promise<void> {
    // Bookkeeping (positions told, signals): after too many lost races the next change records it anyway.
    await updateVersioned(this.options.storage, HANDOFF_QUEUE, caseId, change, MAX_ATTEMPTS).catch((err) => {
      if (!(err instanceof VersionConflictError)) throw err;
    });
  }

  /**
   * Changes an open case and the conversation's `vars.handoff` mirror in one atomic batch with an audit line,
   * retrying when the citizen's turn or another operator wrote first (the change is then re-decided on fresh
   * data, which is what makes claims atomic).
   */
  private async mutate(
    caseId: string,
    actor: string,
    action: 'claim' | 'transfer',
    detail: string | undefined,
    change: (c: HandoffCase) => HandoffCase | undefined,
  ): Promise<{ value: HandoffCase; changed: boolean }> {
    const { storage } = this.options;
    return retryOnConflict(
      async () => {
        const stored = await storage.getVersioned<HandoffCase>(HANDOFF_QUEUE, caseId);
        if (!stored) throw new CaseNotFoundError(caseId);
        const next = change(stored.value);
        if (!next) return { value: stored.value, changed: false };
        const ops: BatchOp[] = [
          { op: 'put', collection: HANDOFF_QUEUE, key: caseId, value: next, expectVersion: stored.version },
          { op: 'append', stream: AUDIT_STREAM, value: this.audit.entry(actor, action, caseId, detail) },
        ];
        const conv = await storage.getVersioned<ConversationState>(CONVERSATIONS, next.conversation);
        if (conv) {
          const state = conv.value;
          state.vars.handoff = { caseId, status: 'assigned', operator: next.operator } satisfies HandoffVars;
          state.stack = state.stack.filter((d) => d.dialogId !== CALLBACK_DIALOG);
          ops.push({
            op: 'put',
            collection: CONVERSATIONS,
            key: next.conversation,
            value: state,
            expectVersion: conv.version,
          });
        }
        await storage.batch(ops);
        return { value: next, changed: true };
      },
      { attempts: MAX_ATTEMPTS },
    );
  }
}

/**
 * True when the bot could not answer this turn's free text: the engine's own "no answer" / "not understood",
 * or any reply whose first choice is "talk to an operator" without a knowledge-base answer (the knowledge
 * base's honest "I don't know" has that shape).
 */
function isNoAnswer(ctx: TurnContext): boolean {
  const outcomes = ctx.replies.map((r) => r.meta?.outcome);
  if (outcomes.includes('kb-answer') || outcomes.includes('kb-suggest')) return false;
  return outcomes.includes('kb-none') || outcomes.includes('not-understood');
}

function byRequest(a: HandoffCase, b: HandoffCase): number {
  return a.requestedAt.localeCompare(b.requestedAt) || Number(a.id) - Number(b.id);
}

function isWaitingLive(c: HandoffCase): boolean {
  return c.status === 'queued' && !c.callback;
}
