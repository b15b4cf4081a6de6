import { invalid, type Validation, valid } from './result';

/** Limits of a free-text field. */
export interface TextRules {
  minLength?: number;
  maxLength?: number;
  /** A regular expression (JavaScript syntax, whole answer) the text must match. */
  pattern?: string;
}

/** Validates free text: trimmed, within its length limits and matching the optional pattern. */
export function validateText(input: string, rules: TextRules = {}): Validation<string> {
  const text = input.trim().replace(/[ \t]+/g, ' ');
  const min = rules.minLength ?? 1;
  const max = rules.maxLength ?? 2000;
  if (text.length < min) return invalid('text_short', { min });
  if (text.length > max) return invalid('text_long', { max, length: text.length });
  if (rules.pattern && !new RegExp(`^(?:${rules.pattern})$`, 'u').test(text)) return invalid('text_pattern');
  return valid(text);
}
