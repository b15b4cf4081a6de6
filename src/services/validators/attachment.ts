import type { Attachment } from '../../engine/types';
import { invalid, type Validation, valid } from './result';

/** Limits of a photo or attachment field. */
export interface AttachmentRules {
  /** Accepted MIME types; `image/*` style wildcards allowed. */
  accept?: readonly string[];
  maxSizeMb?: number;
  maxFiles?: number;
}

/** True when a MIME type matches one of the patterns (`image/*`, `application/pdf`). */
export function mimeMatches(type: string, patterns: readonly string[]): boolean {
  const t = type.toLowerCase().split(';')[0]?.trim() ?? '';
  return patterns.some((p) => (p.endsWith('/*') ? t.startsWith(p.slice(0, -1)) : t === p.toLowerCase()));
}

/**
 * Validates the files the citizen sent: at least one, of accepted types and size. A `photo` field accepts
 * images only. The value is the list of attachment descriptors, kept so the back office can fetch the files.
 */
export function validateAttachments(
  attachments: readonly Attachment[] | undefined,
  kind: 'photo' | 'attachment',
  rules: AttachmentRules = {},
): Validation<Attachment[]> {
  const files = attachments ?? [];
  if (files.length === 0) return invalid(kind === 'photo' ? 'photo_missing' : 'attachment_missing');
  const accept = kind === 'photo' ? (rules.accept ?? ['image/*']) : rules.accept;
  if (accept && files.some((f) => !mimeMatches(f.contentType, accept))) {
    return invalid(kind === 'photo' ? 'photo_type' : 'attachment_type', { accept: accept.join(', ') });
  }
  const maxMb = rules.maxSizeMb ?? 10;
  if (files.some((f) => (f.size ?? 0) > maxMb * 1024 * 1024))
    return invalid('attachment_size', { max: maxMb });
  const maxFiles = rules.maxFiles ?? 5;
  if (files.length > maxFiles) return invalid('attachment_count', { max: maxFiles });
  return valid(files.map((f) => ({ ...f })));
}
