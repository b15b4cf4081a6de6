import type { InboundMessage, Lang } from '../engine/types';
import { pick } from './localized';
import type { Step } from './schema';
import { slotLabel } from './slots';
import { st } from './texts';
import { validateAddress } from './validators/address';
import { validateAttachments } from './validators/attachment';
import { validateCap } from './validators/cap';
import { validateChoice } from './validators/choice';
import { validateCodiceFiscale } from './validators/codice-fiscale';
import { formatDateIt, validateDate } from './validators/date';
import { validateEmail } from './validators/email';
import { formatIban, validateIban } from './validators/iban';
import { validateLocation } from './validators/location';
import { validateNumber } from './validators/number';
import { validatePhone } from './validators/phone';
import type { Validation } from './validators/result';
import { validateTarga } from './validators/targa';
import { validateText } from './validators/text';
import { validateYesNo } from './validators/yes-no';

/**
 * Validates the citizen's answer to a step with the validator of its type. `today` is the city's ISO date.
 * Appointment slots (a date step with `slots`) are checked by the form, which needs storage.
 */
export function validateStep(
  step: Step,
  message: Pick<InboundMessage, 'location' | 'attachments'>,
  input: string,
  today: string,
): Validation<unknown> {
  switch (step.type) {
    case 'text':
      return validateText(input, step);
    case 'number':
      return validateNumber(input, step);
    case 'date':
      return validateDate(input, today, step);
    case 'choice':
      return validateChoice(
        input,
        step.options.map((o) => ({ value: o.value, labels: [pick(o.label, 'it'), pick(o.label, 'en')] })),
      );
    case 'yes_no':
      return validateYesNo(input);
    case 'email':
      return validateEmail(input);
    case 'phone':
      return validatePhone(input, step.kind, step.foreign);
    case 'codice_fiscale':
      return validateCodiceFiscale(input);
    case 'targa':
      return validateTarga(input, step.vehicle);
    case 'cap':
      return validateCap(input, step.prefixes);
    case 'iban':
      return validateIban(input, step.countries);
    case 'address':
      return validateAddress(input, step.requireNumber);
    case 'location':
      return validateLocation(input, message.location);
    case 'photo':
    case 'attachment':
      return validateAttachments(message.attachments, step.type, step);
  }
}

/** An answer as readable text in a language (summaries, status messages, CSV). */
export function formatAnswer(step: Step, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return st(lang, 'skipped');
  switch (step.type) {
    case 'yes_no':
      return st(lang, value ? 'yes' : 'no');
    case 'choice': {
      const option = step.options.find((o) => o.value === value);
      return option ? pick(option.label, lang) : String(value);
    }
    case 'date':
      return step.slots ? slotLabel(String(value), lang) : formatDateIt(String(value));
    case 'number':
      return (value as number).toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB');
    case 'iban':
      return formatIban(String(value));
    case 'location': {
      const place = value as { latitude?: number; longitude?: number; address?: string };
      if (place.address) return place.address;
      return st(lang, 'locationValue', {
        lat: place.latitude?.toFixed(5) ?? '?',
        lon: place.longitude?.toFixed(5) ?? '?',
      });
    }
    case 'photo':
    case 'attachment': {
      const files = value as Array<{ name?: string; contentType: string }>;
      return st(lang, 'attachmentsValue', {
        n: files.length,
        names: files.map((f) => f.name ?? f.contentType).join(', '),
      });
    }
    default:
      return String(value);
  }
}
