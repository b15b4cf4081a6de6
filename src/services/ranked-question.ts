import type { Choice, Lang } from '../engine/types';
import type { FormData } from './form-state';
import { FORM_VALUES } from './form-words';
import { pick } from './localized';
import type { Step } from './schema';
import { st } from './texts';

/** A form step of type `ranked_choice`, as the dialog file's schema reads it. */
export type RankedField = Extract<Step, { type: 'ranked_choice' }>;

/**
 * What pressing one option does to the ranking being built: adds it (the ranking is complete at the step's
 * `max`), or is refused because it was chosen already (its place, from 1) or is no option of the step.
 */
export type RankPress =
  | { kind: 'added' }
  | { kind: 'complete'; value: string[] }
  | { kind: 'repeated'; reason: string }
  | { kind: 'unknown' };

/** The options chosen so far for the step, first choice first; empty when none is being built. */
export function rankingSoFar(data: FormData, step: Step): string[] {
  return data.ranking?.step === step.id ? data.ranking.values : [];
}

/** Forgets a ranking being built for any step other than `keep` (the form moved to another question). */
export function dropOtherRanking(data: FormData, keep?: string): void {
  if (data.ranking && data.ranking.step !== keep) delete data.ranking;
}

/** Forgets the ranking being built, to choose again from the first option. */
export function restartRanking(data: FormData): void {
  delete data.ranking;
}

/** Adds a pressed option next to the ranking of `step`, kept in the form's data until the step is answered. */
export function addToRanking(data: FormData, step: RankedField, option: string, lang: Lang): RankPress {
  const chosen = step.options.find((o) => o.value === option);
  if (!chosen) return { kind: 'unknown' };
  const values = rankingSoFar(data, step);
  const place = values.indexOf(option);
  if (place >= 0)
    return {
      kind: 'repeated',
      reason: st(lang, 'rankRepeated', { item: pick(chosen.label, lang), n: place + 1 }),
    };
  const next = [...values, option];
  data.errors = 0;
  if (next.length >= step.max) return { kind: 'complete', value: next };
  data.ranking = { step: step.id, values: next };
  return { kind: 'added' };
}

/** The ranking built so far when it may end now ("Fatto" with at least `min` options); else undefined. */
export function finishedRanking(data: FormData, step: RankedField): string[] | undefined {
  const values = rankingSoFar(data, step);
  return values.length >= step.min ? values : undefined;
}

/** The lines under the question while a ranking is being built: the options so far and what to do next. */
export function rankingLines(data: FormData, step: RankedField, lang: Lang): string[] {
  const values = rankingSoFar(data, step);
  if (!values.length) return [];
  const ranking = values
    .map((v, i) => {
      const option = step.options.find((o) => o.value === v);
      return `${i + 1}. ${option ? pick(option.label, lang) : v}`;
    })
    .join(', ');
  const next =
    values.length >= step.min ? st(lang, 'rankNextOrDone') : st(lang, 'rankNext', { min: step.min });
  return [`${st(lang, 'rankSoFar', { ranking })}\n${next}`];
}

/**
 * The question's buttons: each option not chosen yet (pressing adds it), then "Fatto" once `min` are chosen and
 * "Ricomincia" once any is; a channel without buttons numbers them, so a typed "2" adds one too.
 */
export function rankingChoices(data: FormData, step: RankedField, lang: Lang): Choice[] {
  const values = rankingSoFar(data, step);
  const choices: Choice[] = step.options
    .filter((o) => !values.includes(o.value))
    .map((o) => ({ label: pick(o.label, lang), value: FORM_VALUES.rank(o.value) }));
  if (values.length && values.length >= step.min)
    choices.push({ label: st(lang, 'rankDone'), value: FORM_VALUES.rankDone });
  if (values.length) choices.push({ label: st(lang, 'rankRestart'), value: FORM_VALUES.rankRestart });
  return choices;
}

/** The one option of a validated ranking that names a single one; undefined for a longer list. */
export function singleOption(value: unknown): string | undefined {
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}
