import { z } from 'zod';

/** Text in Italian and optionally English; a plain string is used for both languages. */
export const localizedSchema = z.union([
  z.string().min(1),
  z.strictObject({ it: z.string().min(1), en: z.string().min(1).optional() }),
]);
/** A text as written in a dialog file. */
export type Localized = z.infer<typeof localizedSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A condition on earlier answers that decides whether a step is asked (`when:`). */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] };

/** The schema of {@link Condition}. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: z.string(), equals: scalar }),
    z.strictObject({ field: z.string(), notEquals: scalar }),
    z.strictObject({ field: z.string(), in: z.array(scalar).min(1) }),
    z.strictObject({ field: z.string(), answered: z.boolean() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
  ]),
);

/**
 * Which claim of a citizen's identity verified with SPID/CIE fills a step in (`prefill:`): the step is then
 * not asked. `full_name` is `name` and `family_name` joined, for a single "nome e cognome" field.
 */
export const PREFILL_CLAIMS = ['fiscal_number', 'name', 'family_name', 'full_name', 'email'] as const;
/** A claim a step can be filled in from. */
export type PrefillClaim = (typeof PREFILL_CLAIMS)[number];

/** The keys every step has, whatever its type. */
export const stepBase = {
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and _ (starting with a letter)'),
  label: localizedSchema,
  prompt: localizedSchema,
  help: localizedSchema.optional(),
  error: localizedSchema.optional(),
  required: z.boolean().default(true),
  when: conditionSchema.optional(),
  prefill: z.enum(PREFILL_CLAIMS).optional(),
  /**
   * Marks the yes/no step asking whether the citizen wants updates on the app IO: a "yes" with a codice
   * fiscale in the form sends them. Without IO configured the step is not asked.
   */
  io_consent: z.boolean().optional(),
};
/** The keys of a step that takes files (photo, attachment). */
export const fileKeys = {
  accept: z
    .array(z.string().regex(/^[a-z]+\/([a-z0-9.+-]+|\*)$/, 'must be a MIME type such as image/*'))
    .optional(),
  maxSizeMb: z.number().positive().max(50).optional(),
  maxFiles: z.number().int().min(1).max(10).optional(),
};

/** One option of a choice or a ranked choice: the value stored and the label shown. */
export const optionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9_-]+$/, 'must be lower case letters, digits, - or _'),
  label: localizedSchema,
});
