import { localParts } from '../engine/calendar';
import type { TurnContext } from '../engine/turn-context';
import type { Lang } from '../engine/types';
import { validateStep } from './fields';
import type { FormMove } from './form-move';
import { refusalText } from './form-prompt';
import type { FormData } from './form-state';
import { FORM_WORDS } from './form-words';
import {
  addToRanking,
  finishedRanking,
  type RankedField,
  rankingSoFar,
  restartRanking,
  singleOption,
} from './ranked-question';
import type { Step } from './schema';
import { st } from './texts';

/**
 * What a typed (or non-Sportello pressed) answer to the question `step` does: "salta" skips an optional
 * step, an appointment question reads its own answers, a ranking being built takes one option at a time,
 * and anything else is validated by the field type: accepted, or refused with the reason.
 */
export function answerMove(ctx: TurnContext, data: FormData, step: Step, folded: string): FormMove {
  if (!step.required && FORM_WORDS.skip.has(folded)) return { kind: 'accept', step, value: null };
  if (step.type === 'appointment') return { kind: 'appointment', step };
  if (step.type === 'ranked_choice') {
    // An option pressed under an older copy of the question, or "fatto"/"ricomincia" typed, builds the ranking.
    if (ctx.message.value !== undefined) return rankMove(data, step, ctx.message.value, ctx.lang);
    if (FORM_WORDS.rankDone.has(folded)) return rankActionMove(data, step, 'rank-done', ctx.lang);
    if (FORM_WORDS.rankRestart.has(folded)) return rankActionMove(data, step, 'rank-restart', ctx.lang);
  }
  const result = validateStep(step, ctx.message, ctx.input, localParts(ctx.services.now()).date);
  // While a ranking is being built, one option typed adds it as pressing would; a typed list replaces it.
  const one = result.ok ? singleOption(result.value) : undefined;
  if (step.type === 'ranked_choice' && one && rankingSoFar(data, step).length)
    return rankMove(data, step, one, ctx.lang);
  if (result.ok) return { kind: 'accept', step, value: result.value };
  return { kind: 'invalid', step, reason: refusalText(step, ctx.lang, result.reason, result.vars) };
}

/** An option pressed for a ranking: added next (the answer once `max` are chosen), or refused if chosen already. */
export function rankMove(data: FormData, step: RankedField, option: string, lang: Lang): FormMove {
  const press = addToRanking(data, step, option, lang);
  switch (press.kind) {
    case 'complete':
      return { kind: 'accept', step, value: press.value };
    case 'added':
      return { kind: 'ask', step };
    case 'repeated':
      return { kind: 'ask', step, prefix: press.reason };
    case 'unknown':
      return { kind: 'stale' };
  }
}

/** "Fatto" ends the ranking being built (once it has `min` options); "Ricomincia" empties it. */
export function rankActionMove(
  data: FormData,
  step: RankedField,
  action: 'rank-done' | 'rank-restart',
  lang: Lang,
): FormMove {
  if (action === 'rank-restart') {
    restartRanking(data);
    return { kind: 'ask', step, prefix: st(lang, 'rankRestarted') };
  }
  const done = finishedRanking(data, step);
  return done
    ? { kind: 'accept', step, value: done }
    : { kind: 'ask', step, prefix: st(lang, 'rankNeedMore', { min: step.min }) };
}
