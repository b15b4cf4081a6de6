import { SportelloError } from '../shared/errors';

/** One problem found in a dialog file, with the line it is on. */
export interface DialogIssue {
  file: string;
  line: number;
  reason: string;
}

/** Formats an issue as `file:line: reason`, the form editors and CI understand. */
export function formatIssue(issue: DialogIssue): string {
  return `${issue.file}:${issue.line}: ${issue.reason}`;
}

/** One or more dialog files are invalid; the service requests refuse to start until they are fixed. */
export class InvalidDialogsError extends SportelloError {
  constructor(readonly issues: readonly DialogIssue[]) {
    super('dialogs_invalid', `Invalid dialog files:\n${issues.map(formatIssue).join('\n')}`);
  }
}

/** The chosen appointment slot was filled by someone else meanwhile. */
export class SlotTakenError extends SportelloError {
  constructor(readonly slotKey: string) {
    super('slot_taken', `Appointment slot ${slotKey} is full`);
  }
}

/** No ticket has the protocol number. */
export class TicketNotFoundError extends SportelloError {
  constructor(readonly protocol: string) {
    super('not_found', `No ticket with protocol ${protocol}`, { kind: 'not_found' });
  }
}
