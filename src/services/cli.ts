import { formatIssue } from './errors';
import { validateDialogDir } from './loader';

const USAGE = 'Usage: npm run dialogs -- validate|lint [DIR]   (DIR defaults to $DIALOGS_DIR or ./dialogs)';

/**
 * The `dialogs` command line: `validate [DIR]` (or `lint [DIR]`, the same checks) checks every dialog file and prints `file:line: reason` for each
 * problem. Resolves the exit code (0 valid, 1 invalid files, 2 wrong usage).
 */
export async function main(args: readonly string[], out = console.log, err = console.error): Promise<number> {
  const [command, dir = process.env.DIALOGS_DIR || './dialogs', ...rest] = args;
  if ((command !== 'validate' && command !== 'lint') || rest.length > 0) {
    err(USAGE);
    return 2;
  }
  const { dialogs, issues } = await validateDialogDir(dir);
  for (const issue of issues) err(formatIssue(issue));
  if (issues.length > 0) {
    err(`${issues.length} problem(s) found; fix them before starting Sportello.`);
    return 1;
  }
  for (const d of dialogs) out(`ok ${d.file}: ${d.definition.id} (${d.definition.steps.length} steps)`);
  out(`${dialogs.length} dialog file(s) valid.`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`dialogs: ${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
}
