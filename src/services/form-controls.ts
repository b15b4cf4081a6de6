import type { ButtonValue } from '../engine/button-values';
import type { DialogInstance } from '../engine/conversation-state';
import type { TurnContext } from '../engine/turn-context';
import { chooseDesk, forgetDesk } from './appointment-question';
import { rankActionMove, rankMove } from './form-answer';
import { editMove } from './form-confirm';
import type { FormMove } from './form-move';
import { backMove, helpMove } from './form-navigation';
import { currentStep, formData } from './form-state';
import { FORM_WORDS } from './form-words';
import type { DialogDefinition } from './schema';

/**
 * What one of Sportello's own buttons does inside a form, pressed now or long ago: the form's controls act
 * where they make sense, knowledge-base buttons do their job and the question is asked again, and any button
 * that no longer applies is answered as such; none is ever taken as the answer to the question.
 */
export function pressedMove(
  ctx: TurnContext,
  def: DialogDefinition,
  instance: DialogInstance,
  pressed: ButtonValue,
): FormMove {
  const step = currentStep(def, instance);
  const stale: FormMove = { kind: 'stale' };
  switch (pressed.kind) {
    case 'menu':
      return { kind: 'menu' };
    case 'kb-entry':
    case 'kb-feedback':
      return { kind: 'knowledge-base' };
    case 'form':
      switch (pressed.action) {
        case 'back':
          return backMove(def, instance, ctx.lang);
        case 'resume':
          return { kind: 'reask' };
        case 'skip':
          return step && !step.required ? { kind: 'accept', step, value: null } : stale;
        case 'confirm':
          return instance.step === 'confirm' ? { kind: 'submit' } : stale;
        case 'edit':
          return instance.step === 'confirm' || instance.step === 'edit' ? { kind: 'edit-menu' } : stale;
        case 'desks':
          return step?.type === 'appointment' && forgetDesk(formData(instance), step)
            ? { kind: 'ask', step }
            : stale;
        case 'rank-done':
        case 'rank-restart':
          return step?.type === 'ranked_choice'
            ? rankActionMove(formData(instance), step, pressed.action, ctx.lang)
            : stale;
      }
      return stale;
    case 'form-edit':
      return instance.step === 'edit' ? editMove(ctx, def, instance, pressed.step) : stale;
    case 'form-slot':
      return step?.type === 'appointment' ? { kind: 'appointment', step } : stale;
    case 'form-rank':
      return step?.type === 'ranked_choice'
        ? rankMove(formData(instance), step, pressed.option, ctx.lang)
        : stale;
    case 'form-desk':
      return step?.type === 'appointment' && chooseDesk(formData(instance), step, pressed.desk)
        ? { kind: 'ask', step }
        : stale;
    default:
      // `service`: the command router starts it before any form sees it.
      return stale;
  }
}

/** What a word typed anywhere in a form does: "indietro", "aiuto", "menu" and "continua"; else undefined. */
export function controlWordMove(
  ctx: TurnContext,
  def: DialogDefinition,
  instance: DialogInstance,
  folded: string,
): FormMove | undefined {
  if (FORM_WORDS.back.has(folded)) return backMove(def, instance, ctx.lang);
  if (FORM_WORDS.help.has(folded)) return helpMove(def, instance, ctx.lang);
  if (FORM_WORDS.menu.has(folded)) return { kind: 'menu' };
  if (FORM_WORDS.resume.has(folded)) return { kind: 'reask' };
  return undefined;
}
