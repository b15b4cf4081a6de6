import type { InboundMessage, Lang } from '../engine/types';
import { fieldTypeOf } from './field-types/registry';
import type { Step } from './schema';
import { st } from './texts';
import type { Validation } from './validators/result';

/**
 * Validates the citizen's answer to a step with its field type. `today` is the city's ISO date. Appointment
 * slots are checked by the form, which needs storage.
 */
export function validateStep(
  step: Step,
  message: Pick<InboundMessage, 'location' | 'attachments'>,
  input: string,
  today: string,
): Validation<unknown> {
  return fieldTypeOf(step.type).validate(input, step, { message, today });
}

/** An answer as readable text in a language (summaries, status messages, CSV). */
export function formatAnswer(step: Step, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return st(lang, 'skipped');
  const type = fieldTypeOf(step.type);
  return type.format ? type.format(value, step, lang) : String(value);
}
