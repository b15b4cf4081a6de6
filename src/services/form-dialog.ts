import { randomUUID } from 'node:crypto';
import { type ButtonValue, menuValue, parseButtonValue } from '../engine/button-values';
import { localParts } from '../engine/calendar';
import type { DialogInstance } from '../engine/conversation-state';
import { type Dialog, type DialogTurnResult, WAITING } from '../engine/dialog';
import { KNOWLEDGE_BASE_SKILL } from '../engine/skill';
import type { TurnContext } from '../engine/turn-context';
import type { Choice, OutboundReply } from '../engine/types';
import { prefilledText } from '../identity/identity-texts';
import { normalize } from '../shared/normalize';
import { type AppointmentField, AppointmentQuestion, chooseDesk, forgetDesk } from './appointment-question';
import { SlotTakenError } from './errors';
import { fieldTypeOf } from './field-types/registry';
import { validateStep } from './fields';
import { menuInFormReply, offersValue, questionLines, refusalText } from './form-prompt';
import { applicableSteps, currentStep, type FormData, formData } from './form-state';
import { newTicketOf } from './form-submit';
import { confirmChoices, doneReply, editChoices, editedStep, summaryReply } from './form-summary';
import { FORM_VALUES, FORM_WORDS } from './form-words';
import { pick } from './localized';
import { type IdentitySource, prefillForm, ticketIdentityOf } from './prefill';
import { looksLikeQuestion } from './question';
import {
  addToRanking,
  dropOtherRanking,
  finishedRanking,
  type RankedField,
  rankingChoices,
  rankingLines,
  rankingSoFar,
  restartRanking,
  singleOption,
} from './ranked-question';
import type { DialogDefinition, Step } from './schema';
import type { SlotBook } from './slots';
import { st } from './texts';
import type { TicketStore } from './tickets/ticket-store';

/** After this many invalid answers in a row the form offers an operator. */
export const MAX_ERRORS = 3;

/** What a form needs besides its definition. */
export interface FormDependencies {
  tickets: TicketStore;
  slots: SlotBook;
  /** The verified identities of citizens signed in on the comune's portal; without it nothing is filled in. */
  identities?: IdentitySource;
  /** True when app IO messages are configured: only then is a step marked `io_consent` asked. */
  ioEnabled?: boolean;
  /** True when pagoPA is configured: a form with a `fee` then creates a pagoPA notice, else says "at the counter". */
  pagoPaEnabled?: boolean;
}

/**
 * A service request form built from a dialog file: asks each applicable step, validates answers, handles
 * "indietro", "aiuto", "menu", questions for the knowledge base and edits, then shows a summary and stores
 * a ticket on confirmation. All state is in the {@link DialogInstance} (`step` = `field:<id>`, `confirm` or
 * `edit`; `data` = {@link FormData}), so a restarted process resumes at the same question.
 */
export class FormDialog implements Dialog {
  readonly id: string;
  readonly definition: DialogDefinition;
  private readonly appointments: AppointmentQuestion;

  constructor(
    definition: DialogDefinition,
    private readonly deps: FormDependencies,
  ) {
    this.id = definition.id;
    // Without app IO configured, its consent question would promise what cannot be kept: it is not asked.
    this.definition = deps.ioEnabled
      ? definition
      : { ...definition, steps: definition.steps.filter((s) => !s.io_consent) };
    this.appointments = new AppointmentQuestion(this.id, deps.slots);
  }

  async begin(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    instance.data = { answers: {}, errors: 0 } satisfies FormData;
    const data = formData(instance);
    const intro = this.definition.intro
      ? pick(this.definition.intro, ctx.lang)
      : st(ctx.lang, 'intro', { title: this.definition.title[ctx.lang] });
    // A citizen signed in with SPID/CIE is not asked again what the portal vouched for.
    const citizen = await this.deps.identities?.verified(ctx.state.key);
    const prefilled = citizen
      ? prefillForm(this.definition, data, citizen, ctx.lang, localParts(ctx.services.now()).date)
      : [];
    this.say(ctx, prefilled.length ? `${intro}\n\n${prefilledText(ctx.lang, prefilled)}` : intro);
    return this.advance(ctx, instance);
  }

  async continue(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    // A message carrying files is an answer, whatever its caption says.
    const pressed = ctx.message.attachments?.length ? undefined : parseButtonValue(ctx.input);
    if (pressed) return this.onButton(ctx, instance, pressed);
    // Any other pressed value must be an option of the current question: an old button is never an answer.
    if (ctx.message.value !== undefined && !this.offers(instance, ctx.message.value))
      return this.reask(ctx, instance, st(ctx.lang, 'staleButton'));
    const folded = normalize(ctx.input);
    if (FORM_WORDS.back.has(folded)) return this.back(ctx, instance);
    if (FORM_WORDS.help.has(folded)) return this.help(ctx, instance);
    if (FORM_WORDS.menu.has(folded)) return this.menuInForm(ctx);
    if (FORM_WORDS.resume.has(folded)) return this.reask(ctx, instance);
    if (instance.step === 'confirm') return this.onConfirm(ctx, instance, folded);
    if (instance.step === 'edit') return this.onEdit(ctx, instance);
    const step = currentStep(this.definition, instance);
    if (!step) return this.advance(ctx, instance); // unknown step (file changed): ask what is missing
    return this.onAnswer(ctx, instance, step, folded);
  }

  async reprompt(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    return this.reask(ctx, instance);
  }

  /**
   * One of Sportello's own buttons, pressed now or long ago: the form's controls act where they make sense,
   * knowledge-base buttons do their job and the question is asked again, and any button that no longer
   * applies is answered as such; none is ever taken as the answer to the question.
   */
  private async onButton(
    ctx: TurnContext,
    instance: DialogInstance,
    pressed: ButtonValue,
  ): Promise<DialogTurnResult> {
    const step = currentStep(this.definition, instance);
    const stale = () => this.reask(ctx, instance, st(ctx.lang, 'staleButton'));
    switch (pressed.kind) {
      case 'menu':
        return this.menuInForm(ctx);
      case 'kb-entry':
      case 'kb-feedback':
        return (await this.askKnowledgeBase(ctx))
          ? this.reask(ctx, instance, st(ctx.lang, 'backToForm'))
          : stale();
      case 'form':
        switch (pressed.action) {
          case 'back':
            return this.back(ctx, instance);
          case 'resume':
            return this.reask(ctx, instance);
          case 'skip':
            return step && !step.required ? this.accept(ctx, instance, step, null) : stale();
          case 'confirm':
            return instance.step === 'confirm' ? this.submit(ctx, instance) : stale();
          case 'edit':
            return instance.step === 'confirm' || instance.step === 'edit'
              ? this.editMenu(ctx, instance)
              : stale();
          case 'desks':
            return step?.type === 'appointment' && forgetDesk(formData(instance), step)
              ? this.ask(ctx, instance, step)
              : stale();
          case 'rank-done':
          case 'rank-restart':
            return step?.type === 'ranked_choice'
              ? this.onRankAction(ctx, instance, step, pressed.action)
              : stale();
        }
        return stale();
      case 'form-edit':
        return instance.step === 'edit' ? this.onEdit(ctx, instance, pressed.step) : stale();
      case 'form-slot':
        return step?.type === 'appointment' ? this.onAppointment(ctx, instance, step) : stale();
      case 'form-rank':
        return step?.type === 'ranked_choice' ? this.onRank(ctx, instance, step, pressed.option) : stale();
      case 'form-desk':
        return step?.type === 'appointment' && chooseDesk(formData(instance), step, pressed.desk)
          ? this.ask(ctx, instance, step)
          : stale();
      default:
        // `service`: the command router starts it before any form sees it.
        return stale();
    }
  }

  /** True when the current question offers this (non-Sportello) value as one of its options. */
  private offers(instance: DialogInstance, value: string): boolean {
    const step = currentStep(this.definition, instance);
    return step ? offersValue(step, value) : false;
  }

  private menuInForm(ctx: TurnContext): DialogTurnResult {
    this.say(ctx, menuInFormReply(this.definition, ctx.lang));
    return WAITING;
  }

  /** Asks the first applicable question without an answer, or shows the summary when all are answered. */
  private async advance(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const data = formData(instance);
    const next = applicableSteps(this.definition, data.answers).find((s) => !(s.id in data.answers));
    return next ? this.ask(ctx, instance, next) : this.summary(ctx, instance);
  }

  private async ask(
    ctx: TurnContext,
    instance: DialogInstance,
    step: Step,
    prefix?: string,
  ): Promise<DialogTurnResult> {
    instance.step = `field:${step.id}`;
    const data = formData(instance);
    dropOtherRanking(data, step.id);
    const lines = questionLines(this.definition, data, step, ctx.lang, prefix);
    if (step.type === 'ranked_choice') lines.push(...rankingLines(data, step, ctx.lang));
    let choices = await this.choicesFor(ctx, instance, step);
    if (step.type === 'appointment') {
      const offer = this.appointments.offer(ctx, data, step, choices);
      lines.push(offer.line);
      choices = offer.choices;
    }
    this.say(ctx, { text: lines.filter(Boolean).join('\n\n'), ...(choices.length ? { choices } : {}) });
    return WAITING;
  }

  /** Every choice of the question: the field type's, the appointment's desks or slots, and "skip". */
  private async choicesFor(
    ctx: TurnContext,
    instance: DialogInstance,
    step: Step,
    day?: string,
  ): Promise<Choice[]> {
    const choices: Choice[] =
      step.type === 'ranked_choice'
        ? rankingChoices(formData(instance), step, ctx.lang)
        : (fieldTypeOf(step.type).choices?.(step, ctx.lang) ?? []);
    if (step.type === 'appointment')
      choices.push(...(await this.appointments.choices(ctx, formData(instance), step, day)));
    if (!step.required) choices.push({ label: st(ctx.lang, 'skip'), value: FORM_VALUES.skip });
    return choices;
  }

  private async onAnswer(
    ctx: TurnContext,
    instance: DialogInstance,
    step: Step,
    folded: string,
  ): Promise<DialogTurnResult> {
    if (!step.required && FORM_WORDS.skip.has(folded)) return this.accept(ctx, instance, step, null);
    if (step.type === 'appointment') return this.onAppointment(ctx, instance, step);
    if (step.type === 'ranked_choice') {
      // An option pressed under an older copy of the question, or "fatto"/"ricomincia" typed, builds the ranking.
      if (ctx.message.value !== undefined) return this.onRank(ctx, instance, step, ctx.message.value);
      if (FORM_WORDS.rankDone.has(folded)) return this.onRankAction(ctx, instance, step, 'rank-done');
      if (FORM_WORDS.rankRestart.has(folded)) return this.onRankAction(ctx, instance, step, 'rank-restart');
    }
    const result = validateStep(step, ctx.message, ctx.input, localParts(ctx.services.now()).date);
    // While a ranking is being built, one option typed adds it as pressing would; a typed list replaces it.
    const one = result.ok ? singleOption(result.value) : undefined;
    if (step.type === 'ranked_choice' && one && rankingSoFar(formData(instance), step).length)
      return this.onRank(ctx, instance, step, one);
    if (result.ok) return this.accept(ctx, instance, step, result.value);
    return this.invalid(ctx, instance, step, refusalText(step, ctx.lang, result.reason, result.vars));
  }

  /**
   * An answer that is none: a question in its place goes to the knowledge base and the question is asked
   * again; anything else is refused with the reason.
   */
  private async invalid(
    ctx: TurnContext,
    instance: DialogInstance,
    step: Step,
    reason: string,
  ): Promise<DialogTurnResult> {
    if (ctx.input && looksLikeQuestion(ctx.input) && (await this.askKnowledgeBase(ctx))) {
      return this.ask(ctx, instance, step, st(ctx.lang, 'backToForm'));
    }
    formData(instance).errors += 1;
    return this.refuse(ctx, instance, reason, await this.choicesFor(ctx, instance, step));
  }

  /** An answer to an appointment question: a desk, a slot (booked if still free) or a day to show. */
  private async onAppointment(
    ctx: TurnContext,
    instance: DialogInstance,
    step: AppointmentField,
  ): Promise<DialogTurnResult> {
    const answer = await this.appointments.answer(ctx, formData(instance), step, (day) =>
      this.choicesFor(ctx, instance, step, day),
    );
    switch (answer.kind) {
      case 'booked':
        return this.accept(ctx, instance, step, answer.value);
      case 'desk':
        return this.ask(ctx, instance, step);
      case 'day':
        this.say(ctx, answer.reply);
        return WAITING;
      case 'invalid':
        return this.invalid(ctx, instance, step, answer.reason);
    }
  }

  private async accept(
    ctx: TurnContext,
    instance: DialogInstance,
    step: Step,
    value: unknown,
  ): Promise<DialogTurnResult> {
    const data = formData(instance);
    data.answers[step.id] = value;
    data.errors = 0;
    restartRanking(data); // a typed list replaces the ranking being built
    return this.advance(ctx, instance);
  }

  /** An option pressed for a ranking: added next (the answer once `max` are chosen), or refused if chosen already. */
  private async onRank(
    ctx: TurnContext,
    instance: DialogInstance,
    step: RankedField,
    option: string,
  ): Promise<DialogTurnResult> {
    const press = addToRanking(formData(instance), step, option, ctx.lang);
    switch (press.kind) {
      case 'complete':
        return this.accept(ctx, instance, step, press.value);
      case 'added':
        return this.ask(ctx, instance, step);
      case 'repeated':
        return this.ask(ctx, instance, step, press.reason);
      case 'unknown':
        return this.reask(ctx, instance, st(ctx.lang, 'staleButton'));
    }
  }

  /** "Fatto" ends the ranking being built (once it has `min` options); "Ricomincia" empties it. */
  private async onRankAction(
    ctx: TurnContext,
    instance: DialogInstance,
    step: RankedField,
    action: 'rank-done' | 'rank-restart',
  ): Promise<DialogTurnResult> {
    const data = formData(instance);
    if (action === 'rank-restart') {
      restartRanking(data);
      return this.ask(ctx, instance, step, st(ctx.lang, 'rankRestarted'));
    }
    const done = finishedRanking(data, step);
    return done
      ? this.accept(ctx, instance, step, done)
      : this.ask(ctx, instance, step, st(ctx.lang, 'rankNeedMore', { min: step.min }));
  }

  /** Says why the answer was refused and re-offers the choices; after {@link MAX_ERRORS} offers an operator. */
  private refuse(
    ctx: TurnContext,
    instance: DialogInstance,
    reason: string,
    choices: Choice[],
  ): DialogTurnResult {
    const tooMany = formData(instance).errors >= MAX_ERRORS;
    const text = tooMany ? `${reason}\n\n${st(ctx.lang, 'tooManyErrors')}` : reason;
    const all = tooMany
      ? [...choices, { label: ctx.t('menuOperator'), value: menuValue('operator') }]
      : choices;
    this.say(ctx, { text, ...(all.length ? { choices: all } : {}) });
    return WAITING;
  }

  /** Lets the knowledge-base skill answer a question asked in the middle of the form. */
  private async askKnowledgeBase(ctx: TurnContext): Promise<boolean> {
    for (const skill of ctx.services.skills) {
      if (skill.id === KNOWLEDGE_BASE_SKILL && (await skill.handle(ctx))) return true;
    }
    return false;
  }

  private async back(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const data = formData(instance);
    data.errors = 0;
    const steps = applicableSteps(this.definition, data.answers);
    const current = currentStep(this.definition, instance);
    const index = current ? steps.findIndex((s) => s.id === current.id) : steps.length;
    const previous = steps[index - 1];
    if (!previous) {
      if (current) return this.ask(ctx, instance, current, st(ctx.lang, 'firstStep'));
      return this.advance(ctx, instance);
    }
    return this.ask(ctx, instance, previous);
  }

  private async help(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const step = currentStep(this.definition, instance);
    const own = step?.help ? `${pick(step.help, ctx.lang)}\n\n` : '';
    const hint = instance.step === 'confirm' ? st(ctx.lang, 'confirmHint') : st(ctx.lang, 'help');
    this.say(ctx, `${own}${hint}`);
    return this.reask(ctx, instance);
  }

  private async reask(
    ctx: TurnContext,
    instance: DialogInstance,
    prefix?: string,
  ): Promise<DialogTurnResult> {
    if (prefix && (instance.step === 'confirm' || instance.step === 'edit')) this.say(ctx, prefix);
    if (instance.step === 'confirm') return this.summary(ctx, instance);
    if (instance.step === 'edit') return this.editMenu(ctx, instance);
    const step = currentStep(this.definition, instance);
    return step ? this.ask(ctx, instance, step, prefix) : this.advance(ctx, instance);
  }

  private summary(ctx: TurnContext, instance: DialogInstance): DialogTurnResult {
    instance.step = 'confirm';
    const data = formData(instance);
    data.submissionId = randomUUID();
    this.say(ctx, summaryReply(this.definition, data, ctx.lang));
    return WAITING;
  }

  private async onConfirm(
    ctx: TurnContext,
    instance: DialogInstance,
    folded: string,
  ): Promise<DialogTurnResult> {
    if (FORM_WORDS.confirm.has(folded)) return this.submit(ctx, instance);
    if (FORM_WORDS.edit.has(folded)) return this.editMenu(ctx, instance);
    const data = formData(instance);
    data.errors += 1;
    return this.refuse(ctx, instance, st(ctx.lang, 'confirmHint'), confirmChoices(ctx.lang));
  }

  private editMenu(ctx: TurnContext, instance: DialogInstance): DialogTurnResult {
    instance.step = 'edit';
    const choices = editChoices(this.definition, formData(instance), ctx.lang);
    this.say(ctx, { text: st(ctx.lang, 'editWhich'), choices });
    return WAITING;
  }

  /** The step to change: the pressed one (`pressedStep`), or by its number or label as typed. */
  private async onEdit(
    ctx: TurnContext,
    instance: DialogInstance,
    pressedStep?: string,
  ): Promise<DialogTurnResult> {
    const data = formData(instance);
    const step = editedStep(this.definition, data, ctx.input, pressedStep);
    if (step) return this.ask(ctx, instance, step);
    data.errors += 1;
    return this.refuse(
      ctx,
      instance,
      st(ctx.lang, 'editWhich'),
      editChoices(this.definition, data, ctx.lang),
    );
  }

  private async submit(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const data = formData(instance);
    try {
      const citizen = await this.deps.identities?.verified(ctx.state.key);
      const { ticket } = await this.deps.tickets.create(
        newTicketOf(this.definition, data, ctx.state.ref, ctx.lang, citizen && ticketIdentityOf(citizen), {
          pagoPa: this.deps.pagoPaEnabled === true,
        }),
      );
      this.say(ctx, doneReply(this.definition, ticket, ctx.lang));
      return { status: 'complete', result: { protocol: ticket.protocol } };
    } catch (err) {
      if (!(err instanceof SlotTakenError)) throw err;
      // The slot filled up since it was chosen: ask for another one, keeping every other answer.
      const steps = applicableSteps(this.definition, data.answers);
      const step = this.appointments.takenStep(steps, data.answers, err.slotKey);
      if (!step) throw err;
      delete data.answers[step.id];
      return this.ask(ctx, instance, step, st(ctx.lang, 'slotTaken'));
    }
  }

  private say(ctx: TurnContext, reply: OutboundReply | string): void {
    ctx.reply(reply, { service: this.id });
  }
}
