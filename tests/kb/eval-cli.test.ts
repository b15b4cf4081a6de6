import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const SET = 'tests/fixtures/kb/eval/demo-questions.jsonl';

function evalKb(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/kb/evaluation/eval-cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run eval:kb', () => {
  it('prints per style and overall how many were answered right, wrong, offered or not found', () => {
    const r = evalKb(['--kb', 'knowledge', '--questions', SET]);
    expect(r.code).toBe(0);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(name)) ?? '';
    // short: "orari anagrafe" answered right, bare "TARI" only offered (several TARI entries fit).
    expect(row('short')).toMatch(/^short\s+2\s+50\.0%\s+0\.0%\s+50\.0%\s+0\.0%/);
    // colloquial: "quando passa la monnezza?" answered with the waste collection: everyday words reach it,
    // and other comuni's citizens asked their collection pages the same.
    expect(row('colloquial')).toMatch(/^colloquial\s+1\s+100\.0%\s+0\.0%/);
    expect(row('paraphrase')).toMatch(/^paraphrase\s+1\s+100\.0%/);
    expect(row('ALL')).toMatch(/^ALL\s+4\s+75\.0%\s+0\.0%\s+25\.0%/);
    expect(r.stdout).toMatch(/Out of scope: 1 messages, refused 100\.0%/);
  }, 60_000);

  it('gives one JSON line per message with the verdict and the ranking', () => {
    const r = evalKb(['--kb', 'knowledge', '--questions', SET, '--json']);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict: string; expected: string[]; ranked: string[] });
    expect(rows.map((x) => x.verdict)).toEqual(['right', 'right', 'right', 'offered', 'oos-refused']);
    expect(rows[2]?.expected).toEqual(['cie-rinnovo']);
  }, 60_000);

  it('names the line of a broken set and exits 1; a wrong command line exits 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eval-kb-'));
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text": "ok", "expected": null}\nnot json\n');
    const bad = evalKb(['--kb', 'knowledge', '--questions', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2: not a JSON object/);
    const usage = evalKb(['--kb', 'knowledge']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--kb and --questions are required/);
  }, 60_000);
});
