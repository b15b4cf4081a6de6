import { z } from 'zod';
import { pick } from '../localized';
import { st } from '../texts';
import { validateChoice } from '../validators/choice';
import { validateYesNo } from '../validators/yes-no';
import { defineFieldType } from './field-type';
import { optionSchema } from './step-base';

/** The values a yes/no question's buttons carry (the validator also reads typed "sì", "no", "yes"…). */
export const YES_NO_VALUES = { yes: 'sì', no: 'no' } as const;

/** One of a list of options, offered as buttons and read by value, label or number. */
export const choiceField = defineFieldType({
  type: 'choice',
  keys: {
    options: z.array(optionSchema).min(2, 'a choice needs at least 2 options'),
  },
  validate: (input, step) =>
    validateChoice(
      input,
      step.options.map((o) => ({ value: o.value, labels: [pick(o.label, 'it'), pick(o.label, 'en')] })),
    ),
  format: (value, step, lang) => {
    const option = step.options.find((o) => o.value === value);
    return option ? pick(option.label, lang) : String(value);
  },
  choices: (step, lang) => step.options.map((o) => ({ label: pick(o.label, lang), value: o.value })),
  lint(step) {
    const values = step.options.map((o) => o.value);
    const dup = values.find((v, j) => values.indexOf(v) !== j);
    return dup ? [{ path: ['options'], reason: `duplicate option value "${dup}"` }] : [];
  },
});

/** Yes or no, offered as two buttons. */
export const yesNoField = defineFieldType({
  type: 'yes_no',
  keys: {},
  validate: (input) => validateYesNo(input),
  format: (value, _step, lang) => st(lang, value ? 'yes' : 'no'),
  choices: (_step, lang) => [
    { label: st(lang, 'yes'), value: YES_NO_VALUES.yes },
    { label: st(lang, 'no'), value: YES_NO_VALUES.no },
  ],
});
