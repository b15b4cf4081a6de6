import type { DialogInstance } from '../engine/conversation-state';
import type { Condition, DialogDefinition, Step } from './schema';

/** What a service form keeps in its {@link DialogInstance} between turns (JSON only). */
export interface FormData {
  /** Normalised answers by step id; `null` for a skipped optional step. */
  answers: Record<string, unknown>;
  /** Invalid answers in a row to the current question. */
  errors: number;
  /** Id of the confirmation shown last; a repeated confirmation stores the ticket once. */
  submissionId?: string;
  /**
   * Answers filled in from the citizen's identity verified with SPID/CIE, by step id: such an answer is shown
   * as verified while it is unchanged (a citizen who edits it typed it).
   */
  verified?: Record<string, unknown>;
}

/** True when the step's answer is still the one filled in from the verified identity. */
export function isVerifiedAnswer(data: FormData, stepId: string): boolean {
  return (
    data.verified !== undefined &&
    Object.hasOwn(data.verified, stepId) &&
    Object.hasOwn(data.answers, stepId) &&
    data.verified[stepId] === data.answers[stepId]
  );
}

/** The form data of an instance, initialised when empty. */
export function formData(instance: DialogInstance): FormData {
  const data = instance.data as Partial<FormData>;
  data.answers ??= {};
  data.errors ??= 0;
  return data as FormData;
}

/**
 * The answer given to a step, or undefined: only the object's own fields count (a step may be called
 * `constructor`, which every object has).
 */
export function answerOf(answers: Record<string, unknown>, stepId: string): unknown {
  return Object.hasOwn(answers, stepId) ? answers[stepId] : undefined;
}

/** True when a condition holds for the answers given so far. */
export function holds(condition: Condition, answers: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers));
  const value = answerOf(answers, condition.field);
  if ('answered' in condition) return (value !== undefined && value !== null) === condition.answered;
  if ('equals' in condition) return value !== undefined && String(value) === String(condition.equals);
  if ('notEquals' in condition) return value === undefined || String(value) !== String(condition.notEquals);
  return condition.in.some((v) => value !== undefined && String(v) === String(value));
}

/** The steps that apply given the answers (their `when` holds), in form order. */
export function applicableSteps(def: DialogDefinition, answers: Record<string, unknown>): Step[] {
  return def.steps.filter((s) => !s.when || holds(s.when, answers));
}

/** The current step of an instance whose step name is `field:<id>`. */
export function currentStep(def: DialogDefinition, instance: DialogInstance): Step | undefined {
  if (!instance.step.startsWith('field:')) return undefined;
  const id = instance.step.slice('field:'.length);
  return def.steps.find((s) => s.id === id);
}

/** The answers of the applicable steps only (what goes into the ticket). */
export function effectiveAnswers(
  def: DialogDefinition,
  answers: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const step of applicableSteps(def, answers))
    if (Object.hasOwn(answers, step.id)) out[step.id] = answers[step.id];
  return out;
}
