import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

function kb(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/kb/cli.ts', ...args], { cwd: ROOT, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kb CLI', () => {
  it('validate lists every broken file as file:line reason and exits 1', () => {
    const dir = 'tests/fixtures/kb/broken';
    const r = kb(['validate', dir, '--dialogs', 'tests/fixtures/kb/dialogs']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(
      `${path.join(dir, 'it/zz-dup.md')}:2 duplicate id "good" (already used by it/good.md)`,
    );
    expect(lines).toContain(`${path.join(dir, 'it/good.md')}:10 dead relative link "./missing.md"`);
    expect(lines).toContain(`${path.join(dir, 'it/bad-fields.md')}:6 unknown field "servizio"`);
    expect(lines.filter((l) => l.includes('unknown service id'))).toEqual([]);
    expect(r.stderr).toMatch(/✗ .*1 service ids/);
  }, 60_000);

  it('validate reports an unknown service id and passes on the demo knowledge base', () => {
    const broken = kb([
      'validate',
      'tests/fixtures/kb/broken',
      '--dialogs',
      'tests/fixtures/kb/no-dialogs-here',
    ]);
    expect(broken.stdout).toMatch(/it\/good\.md:7 unknown service id "pass-sosta-residenti"/);
    const ok = kb(['validate', 'knowledge', '--dialogs', 'tests/fixtures/kb/dialogs-demo']);
    expect(ok.stdout).toBe('');
    expect(ok.code).toBe(0);
  }, 60_000);

  it('ask --json prints one JSON line per question with id, score and alternatives', () => {
    const r = kb(
      ['ask', '--kb', 'knowledge', '--json'],
      'quando passa la monnezza?\n\nchi ha vinto la partita\nTARI\n',
    );
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { q: string; id: string | null; score: number; alternatives: string[] });
    expect(rows).toHaveLength(3);
    // Everyday words reach the waste entry (see eval-cli.test.ts).
    expect(rows[0]).toMatchObject({ q: 'quando passa la monnezza?', id: 'rifiuti-raccolta-differenziata' });
    expect(rows[1]).toMatchObject({ q: 'chi ha vinto la partita', id: null, alternatives: [] });
    expect(rows[2]?.id).toBeNull();
    expect(rows[2]?.alternatives).toEqual(expect.arrayContaining(['tari-cosa-e', 'tari-pagamento']));
    for (const row of rows) expect(typeof row.score).toBe('number');
  }, 60_000);

  it('refuses a wrong command line with the usage and exit code 2', () => {
    const r = kb(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Usage:/);
  }, 60_000);
});
