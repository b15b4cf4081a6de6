import { z } from 'zod';

/**
 * The zod schema of a dialog file in `dialogs/`: one YAML file per service the citizen can request. The
 * docs/dialogs.md documents every key with a full example.
 */

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

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const dateLimit = z
  .string()
  .regex(/^(today|[+-]\d+d|\d{4}-\d{2}-\d{2})$/, 'must be today, +Nd, -Nd or YYYY-MM-DD');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** Bookable appointment slots of a `date` field: which weekdays and times, and how many people per slot. */
export const slotsSchema = z.strictObject({
  weekdays: z.array(weekday).min(1),
  times: z.array(time).min(1),
  /** Citizens per slot (e.g. number of open desks). */
  capacity: z.number().int().min(1).default(1),
  /** How many days ahead can be booked. */
  horizonDays: z.number().int().min(1).max(366).default(30),
  /** Minimum hours between booking and appointment. */
  minNoticeHours: z.number().min(0).default(2),
  /** Closed days (holidays), ISO dates. */
  closed: z.array(isoDate).default([]),
  timezone: z.string().default('Europe/Rome'),
  /** How many free slots to offer as buttons. */
  offer: z.number().int().min(1).max(12).default(6),
});
/** Parsed {@link slotsSchema}. */
export type Slots = z.infer<typeof slotsSchema>;

/**
 * Which claim of a citizen's identity verified with SPID/CIE fills a step in (`prefill:`): the step is then
 * not asked. `full_name` is `name` and `family_name` joined, for a single "nome e cognome" field.
 */
export const PREFILL_CLAIMS = ['fiscal_number', 'name', 'family_name', 'full_name', 'email'] as const;
/** A claim a step can be filled in from. */
export type PrefillClaim = (typeof PREFILL_CLAIMS)[number];

const base = {
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
const files = {
  accept: z
    .array(z.string().regex(/^[a-z]+\/([a-z0-9.+-]+|\*)$/, 'must be a MIME type such as image/*'))
    .optional(),
  maxSizeMb: z.number().positive().max(50).optional(),
  maxFiles: z.number().int().min(1).max(10).optional(),
};

/** One question of a form; `type` decides how the answer is validated. */
export const stepSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('text'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(5000).optional(),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression')
      .optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('date'),
    min: dateLimit.optional(),
    max: dateLimit.optional(),
    slots: slotsSchema.optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('choice'),
    options: z
      .array(
        z.strictObject({
          value: z.string().regex(/^[a-z0-9_-]+$/, 'must be lower case letters, digits, - or _'),
          label: localizedSchema,
        }),
      )
      .min(2, 'a choice needs at least 2 options'),
  }),
  z.strictObject({ ...base, type: z.literal('yes_no') }),
  z.strictObject({ ...base, type: z.literal('email') }),
  z.strictObject({
    ...base,
    type: z.literal('phone'),
    kind: z.enum(['mobile', 'landline', 'any']).default('any'),
    foreign: z.boolean().default(true),
  }),
  z.strictObject({ ...base, type: z.literal('codice_fiscale') }),
  z.strictObject({
    ...base,
    type: z.literal('targa'),
    vehicle: z.enum(['car', 'motorcycle', 'any']).default('any'),
  }),
  z.strictObject({
    ...base,
    type: z.literal('cap'),
    prefixes: z.array(z.string().regex(/^\d{1,5}$/)).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('iban'),
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('address'), requireNumber: z.boolean().default(false) }),
  z.strictObject({ ...base, type: z.literal('location') }),
  z.strictObject({ ...base, type: z.literal('photo'), ...files }),
  z.strictObject({ ...base, type: z.literal('attachment'), ...files }),
]);
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
