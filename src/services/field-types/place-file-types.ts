import { st } from '../texts';
import { validateAttachments } from '../validators/attachment';
import { validateLocation } from '../validators/location';
import { defineFieldType } from './field-type';
import { fileKeys } from './step-base';

/** A place: a location shared from the phone, or an address typed. */
export const locationField = defineFieldType({
  type: 'location',
  keys: {},
  validate: (input, _step, { message }) => validateLocation(input, message.location),
  format(value, _step, lang) {
    const place = value as { latitude?: number; longitude?: number; address?: string };
    if (place.address) return place.address;
    return st(lang, 'locationValue', {
      lat: place.latitude?.toFixed(5) ?? '?',
      lon: place.longitude?.toFixed(5) ?? '?',
    });
  },
});

function formatFiles(value: unknown, lang: 'it' | 'en'): string {
  const files = value as Array<{ name?: string; contentType: string }>;
  return st(lang, 'attachmentsValue', {
    n: files.length,
    names: files.map((f) => f.name ?? f.contentType).join(', '),
  });
}

/** One or more photos (images), within the step's size and count limits. */
export const photoField = defineFieldType({
  type: 'photo',
  keys: fileKeys,
  validate: (_input, step, { message }) => validateAttachments(message.attachments, 'photo', step),
  format: (value, _step, lang) => formatFiles(value, lang),
});

/** One or more files of the accepted types, within the step's size and count limits. */
export const attachmentField = defineFieldType({
  type: 'attachment',
  keys: fileKeys,
  validate: (_input, step, { message }) => validateAttachments(message.attachments, 'attachment', step),
  format: (value, _step, lang) => formatFiles(value, lang),
});
