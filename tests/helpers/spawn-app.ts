import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** A Sportello process started the way `npm start` starts it, for tests that kill it for real. */
export interface SpawnedApp {
  url: string;
  child: ChildProcess;
  /** Sends SIGKILL (no clean shutdown) and resolves when the process is gone. */
  kill(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/** What `npm start` runs, compiled by `npm run build` (jest's global setup builds it before any test runs). */
const APP_ENTRY = path.join(ROOT, 'dist', 'index.js');

/** Starts `node dist/index.js` with `npm start`'s flags and the given environment; resolves once it listens. */
export function spawnApp(env: Record<string, string>): Promise<SpawnedApp> {
  if (!fs.existsSync(APP_ENTRY))
    return Promise.reject(new Error(`${APP_ENTRY} is missing: run \`npm run build\` first`));
  const args = ['--enable-source-maps', '--max-semi-space-size=32', '--disable-warning=DEP0111', APP_ENTRY];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KB_WATCH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.removeAllListeners('exit');
      child.kill('SIGKILL'); // never leave a process behind (e.g. LOG_LEVEL above info hides the URL line)
      reject(new Error(`app did not start in time: ${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${stderr}`));
    });
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string };
        if (!entry.url) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url: entry.url,
          child,
          kill: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      } catch {
        // not a JSON log line
      }
    });
  });
}
