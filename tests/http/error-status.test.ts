import { CaseAlreadyClaimedError, CaseNotFoundError } from '../../src/handoff/errors';
import { errorAnswer } from '../../src/http/error-status';
import { HttpError } from '../../src/http/http-error';
import { EntryChangedError } from '../../src/kb/errors';
import { SportelloError } from '../../src/shared/errors';
import { StorageUnavailableError } from '../../src/storage/errors';

describe('errorAnswer: one table from failures to HTTP answers', () => {
  it('answers an HttpError as it says', () => {
    expect(errorAnswer(new HttpError(418, 'teapot', 'Short and stout.'))).toEqual({
      status: 418,
      code: 'teapot',
      message: 'Short and stout.',
    });
  });

  it('maps domain errors by their kind, keeping their code and message', () => {
    expect(errorAnswer(new CaseNotFoundError('c1'))).toMatchObject({ status: 404, code: 'case_not_found' });
    expect(errorAnswer(new CaseAlreadyClaimedError('c1', 'giulia'))).toMatchObject({
      status: 409,
      code: 'already_claimed',
    });
    expect(errorAnswer(new EntryChangedError('orari'))?.status).toBe(409);
  });

  it('answers storage outages 503 without their internals', () => {
    const answer = errorAnswer(new StorageUnavailableError('pool exhausted: host db-1', new Error('x')));
    expect(answer).toMatchObject({ status: 503, code: 'unavailable' });
    expect(answer?.message).not.toMatch(/db-1/);
  });

  it('leaves errors without a kind to the 500 path', () => {
    expect(errorAnswer(new SportelloError('boom', 'internal detail'))).toBeUndefined();
    expect(errorAnswer(new Error('plain'))).toBeUndefined();
  });
});
