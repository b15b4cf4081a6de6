import { z } from 'zod';
import type { Choice, InboundMessage, Lang } from '../../engine/types';
import type { Validation } from '../validators/result';
import { stepBase } from './step-base';

/** What a field type may look at besides the citizen's text. */
export interface FieldContext {
  /** The message itself: a shared location, files. */
  message: Pick<InboundMessage, 'location' | 'attachments'>;
  /** The city's date today, `YYYY-MM-DD`. */
  today: string;
}

/** A problem {@link FieldType.lint} finds in a step beyond its schema, at a path below the step. */
export interface LintProblem {
  path: Array<string | number>;
  reason: string;
}

/** The zod object of a step of one type: the common keys, `type`, and the type's own keys. */
export function stepObject<T extends string, K extends z.ZodRawShape>(type: T, keys: K) {
  return z.strictObject({ ...stepBase, type: z.literal(type), ...keys });
}

/** A parsed step of one field type. */
export type StepOf<T extends string, K extends z.ZodRawShape> = z.infer<ReturnType<typeof stepObject<T, K>>>;

/**
 * A field type as one object, like a botbuilder prompt class: the keys its steps may have in a dialog file,
 * how it validates and normalises an answer, how it shows the value in summaries, the buttons it offers, and
 * the checks a dialog file must pass beyond its schema. Register one with `registerFieldType()`
 * (docs/extending.md); the form, the summary, the back office and `dialogs validate` all go through it.
 */
export interface FieldType<T extends string = string, K extends z.ZodRawShape = z.ZodRawShape> {
  readonly type: T;
  /** The step keys of this type beyond the common ones (id, label, prompt, required, when, prefill…). */
  readonly keys: K;
  /** Validates and normalises the citizen's answer; a failure names a reason the form turns into a sentence. */
  validate(input: string, step: StepOf<T, K>, context: FieldContext): Validation<unknown>;
  /** The answer as readable text in a language (summaries, status messages, CSV); default `String(value)`. */
  format?(value: unknown, step: StepOf<T, K>, lang: Lang): string;
  /** Buttons offered with the question (a numbered menu where a channel has none). */
  choices?(step: StepOf<T, K>, lang: Lang): Choice[];
  /** Checks of a step that its schema cannot express (e.g. min not above max). */
  lint?(step: StepOf<T, K>): LintProblem[];
  /** The sentences of this type's own refusal reasons, by reason code (for a type added by a plug-in). */
  readonly reasons?: Readonly<Record<string, { it: string; en: string }>>;
}

/** Declares a field type with its step type inferred from its keys. */
export function defineFieldType<T extends string, K extends z.ZodRawShape>(
  type: FieldType<T, K>,
): FieldType<T, K> {
  return type;
}
