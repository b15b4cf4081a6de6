import { z } from 'zod';
import { SportelloError } from '../../shared/errors';
import { choiceField, yesNoField } from './choice-types';
import { appointmentField, dateField } from './date-type';
import { type FieldType, stepObject } from './field-type';
import { attachmentField, locationField, photoField } from './place-file-types';
import { rankedChoiceField } from './ranked-choice-type';
import {
  addressField,
  capField,
  codiceFiscaleField,
  emailField,
  ibanField,
  numberField,
  phoneField,
  targaField,
  textField,
} from './text-types';

/** The field types Sportello ships with, in the order dialog files list them. */
export const BUILTIN_FIELD_TYPES = [
  textField,
  numberField,
  dateField,
  appointmentField,
  choiceField,
  rankedChoiceField,
  yesNoField,
  emailField,
  phoneField,
  codiceFiscaleField,
  targaField,
  capField,
  ibanField,
  addressField,
  locationField,
  photoField,
  attachmentField,
] as const;

// biome-ignore lint/suspicious/noExplicitAny: a registry holds field types of every step shape.
type AnyFieldType = FieldType<string, any>;

/** Every field type by name, built-in first (a Map keeps insertion order). */
const registered = new Map<string, AnyFieldType>(
  (BUILTIN_FIELD_TYPES as readonly AnyFieldType[]).map((t) => [t.type, t]),
);

/** A field type name is taken, or a step names a type nobody registered. */
export class FieldTypeError extends SportelloError {
  constructor(message: string) {
    super('field_type', message);
  }
}

/**
 * Adds a field type dialog files may then use as `type: <name>`. Call it before the dialogs are loaded
 * (start-up, `npm run dialogs -- validate`).
 */
export function registerFieldType(type: AnyFieldType): void {
  if (registered.has(type.type))
    throw new FieldTypeError(`A field type named "${type.type}" is already registered`);
  registered.set(type.type, type);
}

/** Every field type, built-in first. */
export function fieldTypes(): readonly AnyFieldType[] {
  return [...registered.values()];
}

/** The field type of a step (looked up on every answer, summary and button list). */
export function fieldTypeOf(type: string): AnyFieldType {
  const found = registered.get(type);
  if (!found) throw new FieldTypeError(`No field type named "${type}"`);
  return found;
}

/** The schema of one step of any registered type, as dialog files are parsed. */
export function stepSchemaOfRegisteredTypes() {
  const [first, ...rest] = fieldTypes().map((t) => stepObject(t.type, t.keys));
  // biome-ignore lint/style/noNonNullAssertion: the built-in types are never empty.
  return z.discriminatedUnion('type', [first!, ...rest]);
}
