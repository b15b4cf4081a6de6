import { z } from 'zod';
import { validateAddress } from '../validators/address';
import { validateCap } from '../validators/cap';
import { validateCodiceFiscale } from '../validators/codice-fiscale';
import { validateEmail } from '../validators/email';
import { formatIban, validateIban } from '../validators/iban';
import { validateNumber } from '../validators/number';
import { validatePhone } from '../validators/phone';
import { validateTarga } from '../validators/targa';
import { validateText } from '../validators/text';
import { defineFieldType } from './field-type';

/** Free text, optionally bounded and matched against a pattern. */
export const textField = defineFieldType({
  type: 'text',
  keys: {
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
  },
  validate: (input, step) => validateText(input, step),
});

/** A number, Italian or English notation, optionally an integer within bounds. */
export const numberField = defineFieldType({
  type: 'number',
  keys: { min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() },
  validate: (input, step) => validateNumber(input, step),
  format: (value, _step, lang) => (value as number).toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB'),
  lint: (step) =>
    step.min !== undefined && step.max !== undefined && step.min > step.max
      ? [{ path: ['min'], reason: 'min is greater than max' }]
      : [],
});

/** An e-mail address. */
export const emailField = defineFieldType({
  type: 'email',
  keys: {},
  validate: (input) => validateEmail(input),
});

/** A phone number: mobile, landline or either, Italian or (optionally) foreign. */
export const phoneField = defineFieldType({
  type: 'phone',
  keys: { kind: z.enum(['mobile', 'landline', 'any']).default('any'), foreign: z.boolean().default(true) },
  validate: (input, step) => validatePhone(input, step.kind, step.foreign),
});

/** An Italian codice fiscale, check character included. */
export const codiceFiscaleField = defineFieldType({
  type: 'codice_fiscale',
  keys: {},
  validate: (input) => validateCodiceFiscale(input),
});

/** An Italian number plate (targa) of a car, a motorcycle or either. */
export const targaField = defineFieldType({
  type: 'targa',
  keys: { vehicle: z.enum(['car', 'motorcycle', 'any']).default('any') },
  validate: (input, step) => validateTarga(input, step.vehicle),
});

/** An Italian postcode, optionally within the comune's prefixes. */
export const capField = defineFieldType({
  type: 'cap',
  keys: { prefixes: z.array(z.string().regex(/^\d{1,5}$/)).optional() },
  validate: (input, step) => validateCap(input, step.prefixes),
});

/** An IBAN (mod-97 and, for Italian ones, the CIN letter), optionally of given countries. */
export const ibanField = defineFieldType({
  type: 'iban',
  keys: { countries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional() },
  validate: (input, step) => validateIban(input, step.countries),
  format: (value) => formatIban(String(value)),
});

/** A street address, optionally with a house number. */
export const addressField = defineFieldType({
  type: 'address',
  keys: { requireNumber: z.boolean().default(false) },
  validate: (input, step) => validateAddress(input, step.requireNumber),
});
