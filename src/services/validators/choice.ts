import { normalize } from '../../shared/normalize';
import { invalid, type Validation, valid } from './result';

/** One option of a choice field: the stored value and what the citizen reads. */
export interface ChoiceOption {
  value: string;
  labels: readonly string[];
}

/**
 * Validates a choice: the option's value (a pressed button), its number in the list (`2`), its label in any
 * language, or a word that matches exactly one label. The value is the option's value.
 */
export function validateChoice(input: string, options: readonly ChoiceOption[]): Validation<string> {
  const raw = input.trim();
  const byValue = options.find((o) => o.value === raw);
  if (byValue) return valid(byValue.value);
  const n = /^(\d{1,2})[.)]?$/.exec(raw);
  const indexed = n ? options[Number(n[1]) - 1] : undefined;
  if (indexed) return valid(indexed.value);
  const folded = normalize(raw);
  if (!folded) return invalid('choice_unknown');
  const exact = options.find(
    (o) => normalize(o.value) === folded || o.labels.some((l) => normalize(l) === folded),
  );
  if (exact) return valid(exact.value);
  const partial = options.filter((o) =>
    o.labels.some((l) => {
      const label = ` ${normalize(l)} `;
      return label.includes(` ${folded} `) || (folded.length >= 4 && ` ${folded} `.includes(label));
    }),
  );
  const only = partial.length === 1 ? partial[0] : undefined;
  return only ? valid(only.value) : invalid('choice_unknown');
}
