import { SportelloError } from '../shared/errors';

/** A conditional write found a different version than the caller expected. */
export class VersionConflictError extends SportelloError {
  constructor(
    readonly collection: string,
    readonly key: string,
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(
      'version_conflict',
      `Version conflict on ${collection}/${key}: expected ${expected}, found ${actual}`,
    );
  }
}

/** The storage backend could not be reached or failed; the request can be retried later. */
export class StorageUnavailableError extends SportelloError {
  constructor(message: string, cause?: unknown) {
    super('storage_unavailable', message, { cause, kind: 'unavailable' });
  }
}
