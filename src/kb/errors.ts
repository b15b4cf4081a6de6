import { SportelloError } from '../shared/errors';

/** One problem found in a knowledge-base file, with the line it is on (1-based). */
export interface KbProblem {
  /** File path relative to the knowledge directory (or absolute when outside it). */
  file: string;
  line: number;
  reason: string;
}

/** Formats a problem as `file:line reason`, the way compilers do so editors can jump to it. */
export function formatProblem(problem: KbProblem): string {
  return `${problem.file}:${problem.line} ${problem.reason}`;
}

/** The knowledge directory could not be read at all (missing, not a directory, unreadable). */
export class KnowledgeDirError extends SportelloError {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    super('kb_dir_unreadable', `Cannot read the knowledge directory "${dir}"`, { cause });
  }
}

/** An entry id the knowledge-base store does not have. */
export class EntryNotFoundError extends SportelloError {
  constructor(readonly id: string) {
    super('entry_not_found', `No knowledge-base entry "${id}"`, { kind: 'not_found' });
  }
}

/** Someone else changed the entry since the editor loaded it (optimistic concurrency). */
export class EntryChangedError extends SportelloError {
  constructor(readonly id: string) {
    super(
      'entry_changed',
      `Entry "${id}" was changed by someone else meanwhile: reload it and redo the edit`,
      { kind: 'conflict' },
    );
  }
}

/** A new entry's id is already taken. */
export class EntryExistsError extends SportelloError {
  constructor(readonly id: string) {
    super('entry_exists', `An entry with id "${id}" already exists`, { kind: 'conflict' });
  }
}
