import { randomUUID } from 'node:crypto';
import { parseButtonValue } from '../engine/button-values';
import { localParts } from '../engine/calendar';
import type { DialogInstance } from '../engine/conversation-state';
import { type Dialog, type DialogTurnResult, WAITING } from '../engine/dialog';
import type { TurnContext } from '../engine/turn-context';
import type { Choice, OutboundReply } from '../engine/types';
import { prefilledText } from '../identity/identity-texts';
import { normalize } from '../shared/normalize';
import { type AppointmentField, AppointmentQuestion } from './appointment-question';
import { fieldTypeOf } from './field-types/registry';
import { answerMove } from './form-answer';
import { confirmMove, editMove, submitMove } from './form-confirm';
import { controlWordMove, pressedMove } from './form-controls';
import type { FormDependencies } from './form-dependencies';
import { askKnowledgeBase } from './form-knowledge-base';
import type { FormMove } from './form-move';
import { menuInFormReply, offersValue, questionLines } from './form-prompt';
import { refusalReply } from './form-refusal';
import { applicableSteps, currentStep, type FormData, formData } from './form-state';
import { editChoices, summaryReply } from './form-summary';
import { FORM_VALUES } from './form-words';
import { pick } from './localized';
import { prefillForm } from './prefill';
import { looksLikeQuestion } from './question';
import { dropOtherRanking, rankingChoices, rankingLines, restartRanking } from './ranked-question';
import type { DialogDefinition, Step } from './schema';
import { st } from './texts';

export type { FormDependencies } from './form-dependencies';
export { MAX_ERRORS } from './form-refusal';

/**
 * A service request form built from a dialog file: asks each applicable step, validates answers, handles
 * "indietro", "aiuto", "menu", questions for the knowledge base and edits, then shows a summary and stores
 * a ticket on confirmation. All state is in the {@link DialogInstance} (`step` = `field:<id>`, `confirm` or
 * `edit`; `data` = {@link FormData}), so a restarted process resumes at the same question. Each turn's
 * handler decides a {@link FormMove}; this class carries it out and alone moves between the states.
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
    return this.run(ctx, instance, this.decide(ctx, instance));
  }

  async reprompt(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    return this.reask(ctx, instance);
  }

  /** What this turn's message does, given where the form is: a button, a control word, or an answer. */
  private decide(ctx: TurnContext, instance: DialogInstance): FormMove {
    const def = this.definition;
    // A message carrying files is an answer, whatever its caption says.
    const pressed = ctx.message.attachments?.length ? undefined : parseButtonValue(ctx.input);
    if (pressed) return pressedMove(ctx, def, instance, pressed);
    // Any other pressed value must be an option of the current question: an old button is never an answer.
    const step = currentStep(def, instance);
    if (ctx.message.value !== undefined && !(step && offersValue(step, ctx.message.value)))
      return { kind: 'stale' };
    const folded = normalize(ctx.input);
    const control = controlWordMove(ctx, def, instance, folded);
    if (control) return control;
    if (instance.step === 'confirm') return confirmMove(ctx, formData(instance), folded);
    if (instance.step === 'edit') return editMove(ctx, def, instance);
    if (!step) return { kind: 'advance' }; // unknown step (file changed): ask what is missing
    return answerMove(ctx, formData(instance), step, folded);
  }

  /** Carries out a move: asks, accepts, refuses, sums up or ends the form. */
  private async run(ctx: TurnContext, instance: DialogInstance, move: FormMove): Promise<DialogTurnResult> {
    switch (move.kind) {
      case 'ask':
        return this.ask(ctx, instance, move.step, move.prefix);
      case 'reask':
        return this.reask(ctx, instance, move.prefix);
      case 'stale':
        return this.reask(ctx, instance, st(ctx.lang, 'staleButton'));
      case 'advance':
        return this.advance(ctx, instance);
      case 'accept':
        return this.accept(ctx, instance, move.step, move.value);
      case 'invalid':
        return this.invalid(ctx, instance, move.step, move.reason);
      case 'refuse':
        this.say(ctx, refusalReply(ctx, formData(instance), move.reason, move.choices));
        return WAITING;
      case 'help':
        this.say(ctx, move.text);
        return this.reask(ctx, instance);
      case 'menu':
        this.say(ctx, menuInFormReply(this.definition, ctx.lang));
        return WAITING;
      case 'knowledge-base':
        return this.reask(
          ctx,
          instance,
          st(ctx.lang, (await askKnowledgeBase(ctx)) ? 'backToForm' : 'staleButton'),
        );
      case 'appointment':
        return this.onAppointment(ctx, instance, move.step);
      case 'edit-menu':
        return this.editMenu(ctx, instance);
      case 'submit':
        return this.run(
          ctx,
          instance,
          await submitMove(ctx, this.definition, formData(instance), this.deps, this.appointments),
        );
      case 'complete':
        this.say(ctx, move.reply);
        return { status: 'complete', result: { protocol: move.protocol } };
    }
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
    if (ctx.input && looksLikeQuestion(ctx.input) && (await askKnowledgeBase(ctx))) {
      return this.ask(ctx, instance, step, st(ctx.lang, 'backToForm'));
    }
    formData(instance).errors += 1;
    const choices = await this.choicesFor(ctx, instance, step);
    return this.run(ctx, instance, { kind: 'refuse', reason, choices });
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

  /** Asks again where the form is: the current question, the summary or the edit menu, after `prefix`. */
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

  /** Shows the summary to confirm, under a new submission id so a repeated confirmation stores one ticket. */
  private summary(ctx: TurnContext, instance: DialogInstance): DialogTurnResult {
    instance.step = 'confirm';
    const data = formData(instance);
    data.submissionId = randomUUID();
    this.say(ctx, summaryReply(this.definition, data, ctx.lang));
    return WAITING;
  }

  private editMenu(ctx: TurnContext, instance: DialogInstance): DialogTurnResult {
    instance.step = 'edit';
    const choices = editChoices(this.definition, formData(instance), ctx.lang);
    this.say(ctx, { text: st(ctx.lang, 'editWhich'), choices });
    return WAITING;
  }

  private say(ctx: TurnContext, reply: OutboundReply | string): void {
    ctx.reply(reply, { service: this.id });
  }
}
