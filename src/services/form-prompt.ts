import { format } from '../engine/texts';
import type { Lang, OutboundReply } from '../engine/types';
import { fieldTypeOf } from './field-types/registry';
import { formatAnswer } from './fields';
import { answerOf, type FormData, formProgress } from './form-state';
import { FORM_VALUES } from './form-words';
import { pick } from './localized';
import type { DialogDefinition, Step } from './schema';
import { reasonText, st } from './texts';

/**
 * The lines asking a form's question: an optional `prefix`, how far along the form is, the prompt and, when
 * the step is answered already (going back, editing), the current answer.
 */
export function questionLines(
  def: DialogDefinition,
  data: FormData,
  step: Step,
  lang: Lang,
  prefix?: string,
): Array<string | undefined> {
  const { n, total, exact } = formProgress(def, data.answers, step.id);
  const lines = [
    prefix,
    `_${st(lang, exact ? 'progress' : 'progressAtMost', { n, total })}_`,
    pick(step.prompt, lang),
  ];
  if (step.id in data.answers)
    lines.push(
      st(lang, 'currentAnswer', { value: formatAnswer(step, answerOf(data.answers, step.id), lang) }),
    );
  return lines;
}

/**
 * Why an answer was refused, as said to the citizen: the step's own `error` text, else the field type's words
 * for the reason, else the built-in ones.
 */
export function refusalText(
  step: Step,
  lang: Lang,
  reason: string,
  vars: Record<string, string | number> = {},
): string {
  if (step.error) return pick(step.error, lang);
  const own = fieldTypeOf(step.type).reasons?.[reason]?.[lang];
  return st(lang, 'invalid', { reason: own ? format(own, vars) : reasonText(lang, reason, vars) });
}

/** True when the step's question offers this (non-Sportello) value as one of its options. */
export function offersValue(step: Step, value: string): boolean {
  return (fieldTypeOf(step.type).choices?.(step, 'it') ?? []).some((c) => c.value === value);
}

/** The reply to "menu" in the middle of a form: go on with it, or leave it. */
export function menuInFormReply(def: DialogDefinition, lang: Lang): OutboundReply {
  return {
    text: st(lang, 'menuInForm', { title: def.title[lang] }),
    choices: [
      { label: st(lang, 'continueForm'), value: FORM_VALUES.resume },
      { label: st(lang, 'leaveForm'), value: 'annulla' },
    ],
  };
}
