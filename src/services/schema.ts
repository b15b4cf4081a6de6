import { z } from 'zod';
import { type FieldType as FieldTypeObject, stepObject } from './field-types/field-type';
import { BUILTIN_FIELD_TYPES } from './field-types/registry';
import { localizedSchema } from './field-types/step-base';

export { type Slots, slotsSchema } from './field-types/date-type';
export {
  type Condition,
  conditionSchema,
  type Localized,
  localizedSchema,
  PREFILL_CLAIMS,
  type PrefillClaim,
} from './field-types/step-base';

/**
 * The zod schema of a dialog file in `dialogs/`: one YAML file per service the citizen can request. The
 * docs/dialogs.md documents every key with a full example.
 */

/** The step object of each field type of a list, typed one by one (so `Step` is a union of their shapes). */
function stepObjects<const T extends readonly FieldTypeObject<string, z.ZodRawShape>[]>(
  types: T,
): { -readonly [I in keyof T]: ReturnType<typeof stepObject<T[I]['type'], T[I]['keys']>> } {
  return types.map((t) => stepObject(t.type, t.keys)) as never;
}

/**
 * One question of a form of a built-in type; `type` decides how the answer is validated. Each type's keys
 * and behaviour are one object in `field-types/`; field types registered by plug-ins are parsed with
 * `stepSchemaOfRegisteredTypes()`.
 */
export const stepSchema = z.discriminatedUnion('type', stepObjects(BUILTIN_FIELD_TYPES));
/** A parsed form step. */
export type Step = z.infer<typeof stepSchema>;
/** The field types a step can have. */
export type FieldType = Step['type'];

/**
 * The fee of a service (`fee:`): with pagoPA configured the citizen gets a pagoPA notice for it on
 * confirmation (one debt position on GPD with one transfer), else they are told to pay at the counter.
 */
export const feeSchema = z.strictObject({
  /** In euros, e.g. `25` or `16.50`. */
  amount: z
    .number()
    .positive()
    .max(1_000_000)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must be euros with at most two decimals'),
  /** What is paid for: the notice's remittance information (causale), at most 140 characters. */
  description: z.string().min(1).max(140),
  /** The pagoPA taxonomy code of the income (dati specifici di riscossione), e.g. `9/0101108TS/`. */
  category: z.string().regex(/^[0-9]+\/[0-9A-Z]+\/$/, 'must be a pagoPA taxonomy code such as 9/0101108TS/'),
  /** The comune's IBAN the transfer is credited to (registered on pagoPA). */
  iban: z.string().regex(/^IT[0-9]{2}[A-Z][0-9]{10}[0-9A-Z]{12}$/, 'must be an Italian IBAN (27 characters)'),
  /** Days the notice stays payable. */
  due_days: z.number().int().min(1).max(365).default(30),
  /** How to pay at the counter, said when pagoPA is not configured (a default sentence otherwise). */
  counter: localizedSchema.optional(),
});
/** A parsed {@link feeSchema}. */
export type Fee = z.infer<typeof feeSchema>;

/** The whole dialog file. */
export const dialogFileSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be lower case letters, digits and - (starting with a letter)'),
  /** The service name in the menu, in both languages. */
  title: z.strictObject({ it: z.string().min(1), en: z.string().min(1) }),
  description: localizedSchema.optional(),
  /** Phrases that start the service when a citizen writes them (matched on whole words, accents ignored). */
  triggers: z
    .strictObject({ it: z.array(z.string().min(2)).default([]), en: z.array(z.string().min(2)).default([]) })
    .default({ it: [], en: [] }),
  /** Said once when the form starts (what is needed, how long it takes). */
  intro: localizedSchema.optional(),
  steps: z.array(stepSchema).min(1, 'a dialog needs at least one step'),
  /** Said above the final summary. */
  summary: localizedSchema.optional(),
  /** Said after the ticket is stored; `{protocol}` is the protocol number. */
  done: localizedSchema.optional(),
  /** The service's fee, when it has one. */
  fee: feeSchema.optional(),
});
/** A parsed dialog file. */
export type DialogDefinition = z.infer<typeof dialogFileSchema>;
