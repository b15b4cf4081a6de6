import readline from 'node:readline';
import { openStorage } from '../backends';
import { ConfigError, loadConfig } from '../config';
import { ROLES, type Role, UserExistsError, UserStore } from './users';

const USAGE = `Usage:
  npm run users -- add <username> --role <operator|editor|admin> [--name "Giulia"] [--password-stdin]
  npm run users -- passwd <username> [--password-stdin]
  npm run users -- list
The password is asked on the terminal (not echoed), or read from standard input with --password-stdin.
Users are stored in DATABASE_URL, the same database the app uses.`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Reads the password from stdin: one line, without echo when stdin is a terminal. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      out._writeToOutput = (s: string) => {
        if (s.includes(prompt)) process.stdout.write(prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const again = await ask('Repeat password: ');
  if (first !== again) throw new Error('The two passwords differ.');
  return first;
}

/** `npm run users`: creates console users (the first admin), changes passwords, lists users. */
async function main(argv: string[]): Promise<number> {
  const [command, username] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const storage = await openStorage(config.DATABASE_URL);
  try {
    const users = new UserStore(storage);
    if (command === 'list') {
      for (const u of await users.list())
        process.stdout.write(`${u.username}\t${u.role}\t${u.name}${u.disabled ? '\t(disabled)' : ''}\n`);
      return 0;
    }
    if (!username) throw new Error(`Missing username.\n${USAGE}`);
    if (command === 'add') {
      const role = (flag(argv, '--role') ?? 'operator') as Role;
      if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      const name = flag(argv, '--name');
      const password = await readPassword(argv.includes('--password-stdin'));
      const user = await users.create({ username, password, role, ...(name ? { name } : {}) });
      process.stdout.write(`Created ${user.role} "${user.username}" in ${storage.kind} storage.\n`);
      return 0;
    }
    if (command === 'passwd') {
      const password = await readPassword(argv.includes('--password-stdin'));
      if (!(await users.setPassword(username, password))) throw new Error(`No user "${username}".`);
      process.stdout.write(`Password of "${username}" changed.\n`);
      return 0;
    }
    throw new Error(`Unknown command "${command}".\n${USAGE}`);
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const issues = (err as { issues?: Array<{ message: string }> }).issues;
    const message =
      err instanceof ConfigError || err instanceof UserExistsError || err instanceof Error
        ? issues?.[0]
          ? `Invalid input: ${issues[0].message}`
          : err.message
        : String(err);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
