/**
 * The result every field validator returns: the normalised value, or a reason code (with placeholders) that
 * the form turns into a polite sentence in the citizen's language.
 */
export type Validation<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; vars?: Record<string, string | number> };

/** A successful validation. */
export function valid<T>(value: T): Validation<T> {
  return { ok: true, value };
}

/** A failed validation with its reason code. */
export function invalid<T = never>(reason: string, vars?: Record<string, string | number>): Validation<T> {
  return vars ? { ok: false, reason, vars } : { ok: false, reason };
}
