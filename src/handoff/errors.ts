import { SportelloError } from '../shared/errors';

/** `OFFICE_HOURS`, `OFFICE_HOLIDAYS` or `OFFICE_TIMEZONE` cannot be understood; the message says which part. */
export class OfficeHoursError extends SportelloError {
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super('office_hours_invalid', reason);
  }
}

/** No open escalation case has this id (closed meanwhile, or never existed). */
export class CaseNotFoundError extends SportelloError {
  constructor(readonly caseId: string) {
    super('case_not_found', `No open conversation with id ${caseId}`, { kind: 'not_found' });
  }
}

/** Another operator claimed the case first (or it is no longer waiting). */
export class CaseAlreadyClaimedError extends SportelloError {
  constructor(
    readonly caseId: string,
    readonly operator: string | undefined,
  ) {
    super(
      'already_claimed',
      `Conversation ${caseId} was already taken by ${operator ?? 'another operator'}`,
      {
        kind: 'conflict',
      },
    );
  }
}

/** The operator acted on a case they do not hold (claim it first, or it was transferred). */
export class NotCaseOwnerError extends SportelloError {
  constructor(
    readonly caseId: string,
    readonly operator: string,
  ) {
    super('not_case_owner', `Conversation ${caseId} is not held by ${operator}`, { kind: 'conflict' });
  }
}
