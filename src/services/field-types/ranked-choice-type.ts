import { z } from 'zod';
import { pick } from '../localized';
import { validateChoice } from '../validators/choice';
import { invalid, type Validation, valid } from '../validators/result';
import { defineFieldType } from './field-type';
import { optionSchema } from './step-base';

/** Marks that always separate items of a typed ranking: commas, semicolons, new lines, ">". */
const MARKS = /\s*[,;\n>]\s*/;
/** Words that separate items ("poi", "then", "e", "and", " - "), unless they are part of an option's name. */
const WORDS = /\s+(?:e poi|and then|poi|quindi|then|e|and|-)\s+/i;

type Options = Parameters<typeof validateChoice>[1];

/**
 * The citizen's typed ranking as option values in order, or the first item that is no option. A part between
 * marks is split on words only when every piece is a different option, so "Sole e Luna" can still be one name.
 */
function rankedValues(input: string, options: Options): { values: string[] } | { unknown: string } {
  const raw = input.trim();
  const parts = /^\d{1,2}(?:[.)]?\s+\d{1,2}[.)]?)+$/.test(raw) ? raw.split(/\s+/) : raw.split(MARKS);
  const values: string[] = [];
  for (const part of parts.map((p) => p.replace(/^\d{1,2}[.)°]\s+/, '').trim()).filter(Boolean)) {
    const pieces = part.split(WORDS).map((p) => validateChoice(p, options));
    const split = pieces.flatMap((p) => (p.ok ? [p.value] : []));
    const whole = validateChoice(part, options);
    const distinct = new Set(split).size === split.length;
    if (pieces.length > 1 && split.length === pieces.length && (distinct || !whole.ok)) values.push(...split);
    else if (whole.ok) values.push(whole.value);
    else return { unknown: part };
  }
  return { values };
}

/**
 * Up to `max` options in order of preference (e.g. schools): the citizen types numbers or labels in order
 * ("2, 1, 5", "Arcobaleno poi Girasole"), or the form builds the list from options pressed one at a time
 * (ranked-question.ts); the value is the array of option values, first choice first.
 */
export const rankedChoiceField = defineFieldType({
  type: 'ranked_choice',
  keys: {
    options: z.array(optionSchema).min(2, 'a ranked choice needs at least 2 options'),
    max: z.number().int().min(1).max(5).default(3),
    min: z.number().int().min(1).default(1),
  },
  validate(input, step): Validation<string[]> {
    const options = step.options.map((o) => ({
      value: o.value,
      labels: [pick(o.label, 'it'), pick(o.label, 'en')],
    }));
    const ranked = rankedValues(input, options);
    if ('unknown' in ranked) return invalid('ranked_unknown', { item: ranked.unknown });
    const { values } = ranked;
    const repeated = values.find((v, i) => values.indexOf(v) !== i);
    if (repeated) {
      const option = step.options.find((o) => o.value === repeated);
      // Validation knows no language: the option's name in both, each reason text taking its own.
      return invalid('ranked_repeated', {
        item: option ? pick(option.label, 'it') : repeated,
        itemEn: option ? pick(option.label, 'en') : repeated,
      });
    }
    if (values.length < step.min) return invalid('ranked_too_few', { min: step.min });
    if (values.length > step.max) return invalid('ranked_too_many', { max: step.max });
    return valid(values);
  },
  format(value, step, lang) {
    if (!Array.isArray(value)) return String(value);
    return value
      .map((v, i) => {
        const option = step.options.find((o) => o.value === v);
        return `${i + 1}. ${option ? pick(option.label, lang) : String(v)}`;
      })
      .join('; ');
  },
  choices: (step, lang) => step.options.map((o) => ({ label: pick(o.label, lang), value: o.value })),
  lint(step) {
    const problems = [];
    const values = step.options.map((o) => o.value);
    const dup = values.find((v, j) => values.indexOf(v) !== j);
    if (dup) problems.push({ path: ['options'], reason: `duplicate option value "${dup}"` });
    if (step.min > step.max) problems.push({ path: ['min'], reason: 'min is greater than max' });
    if (step.max > step.options.length)
      problems.push({ path: ['max'], reason: 'max is greater than the number of options' });
    return problems;
  },
  reasons: {
    ranked_unknown: {
      it: '«{item}» non è tra le opzioni: scrivi i numeri o i nomi delle opzioni in ordine di preferenza, separati da virgole (per esempio «2, 1, 3»).',
      en: '“{item}” is not one of the options: type the numbers or names of the options in order of preference, separated by commas (for example “2, 1, 3”).',
    },
    ranked_repeated: {
      it: '«{item}» compare due volte: indica ogni opzione una sola volta.',
      en: '“{itemEn}” appears twice: name each option only once.',
    },
    ranked_too_few: {
      it: 'indica almeno {min} opzioni in ordine di preferenza, separate da virgole.',
      en: 'please name at least {min} options in order of preference, separated by commas.',
    },
    ranked_too_many: {
      it: 'puoi indicare al massimo {max} opzioni: tieni solo le preferite, in ordine.',
      en: 'you can name at most {max} options: keep only your favourites, in order.',
    },
  },
});
