import { SportelloError } from '../engine/errors';

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
