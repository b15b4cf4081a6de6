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
  /** The desk chosen for an appointment step with several desks, by step id, before its time is chosen. */
  desks?: Record<string, string>;
  /** The ranking a `ranked_choice` step is building one pressed option at a time: its step and values so far. */
  ranking?: { step: string; values: string[] };
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

/**
 * Whether a condition holds as far as the answers tell: `true` or `false` once every field it reads that
 * matters is answered (a skipped field counts as answered), `undefined` while the answer is still to come.
 */
export function mayHold(condition: Condition, answers: Record<string, unknown>): boolean | undefined {
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const decisive = 'any' in condition; // `any` is decided by one true part, `all` by one false part
    const results = parts.map((c) => mayHold(c, answers));
    if (results.includes(decisive)) return decisive;
    return results.includes(undefined) ? undefined : !decisive;
  }
  return Object.hasOwn(answers, condition.field) ? holds(condition, answers) : undefined;
}

/** Where a form is, for "Domanda 6 di 7": its number, and how many questions there are at most. */
export interface FormProgress {
  /** The question's number among the questions that apply. */
  n: number;
  /** How many questions the form asks at most, given the answers so far. */
  total: number;
  /** True when the total is exact: no question remains whose asking depends on an answer still to come. */
  exact: boolean;
}

/**
 * The progress to show at a step: the total counts every question that may still apply, so it can only shrink
 * as answers come in (a form never promises 7 questions and then asks 8); it is exact once no conditional
 * question is pending.
 */
export function formProgress(
  def: DialogDefinition,
  answers: Record<string, unknown>,
  stepId: string,
): FormProgress {
  const n = applicableSteps(def, answers).findIndex((s) => s.id === stepId) + 1;
  const possible = def.steps.map((s) => (s.when ? mayHold(s.when, answers) : true));
  return {
    n,
    total: possible.filter((p) => p !== false).length,
    exact: !possible.includes(undefined),
  };
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
