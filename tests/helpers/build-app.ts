import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Jest's global setup: compiles the app as `npm start` does (`npm run build`), so the tests that start a real
 * Sportello process (spawn-app.ts) run the same JavaScript as production, not the TypeScript sources.
 */
export default function buildApp(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
}
