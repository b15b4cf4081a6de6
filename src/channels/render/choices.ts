import type { Choice, Lang } from '../../engine/types';
import { normalize } from '../../shared/normalize';

const HINT: Record<Lang, string> = {
  it: 'Rispondi con il numero dell’opzione.',
  en: 'Reply with the number of the option.',
};

/**
 * A numbered text menu for channels without buttons: one `N. label` line per choice, then a hint in the
 * citizen's language. The numbers are what {@link matchChoice} accepts back.
 */
export function numberedMenu(choices: readonly Choice[], lang: Lang): string {
  if (choices.length === 0) return '';
  const lines = choices.map((choice, i) => `${i + 1}. ${choice.label}`);
  return `${lines.join('\n')}\n\n${HINT[lang]}`;
}

/**
 * The choice a citizen's reply to a numbered menu means: its number (`2`, `2.`, `2)`, ` 2 `), its label in any
 * case and with or without accents, or its value; `undefined` when the reply is something else (a question).
 */
export function matchChoice(input: string, choices: readonly Choice[]): Choice | undefined {
  const number = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(input);
  if (number) {
    const index = Number(number[1]) - 1;
    return index >= 0 ? choices[index] : undefined;
  }
  const folded = normalize(input);
  if (!folded) return undefined;
  return (
    choices.find((c) => normalize(c.label) === folded) ??
    choices.find((c) => c.value === input.trim() || normalize(c.value) === folded)
  );
}
