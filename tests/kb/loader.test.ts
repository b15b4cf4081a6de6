import * as path from 'node:path';
import { isEntryValid } from '../../src/kb/entry';
import { KnowledgeDirError } from '../../src/kb/errors';
import { parseEntryFile } from '../../src/kb/front-matter';
import { loadKnowledge } from '../../src/kb/loader';

const BROKEN = path.join(__dirname, '../fixtures/kb/broken');
const DEMO = path.join(__dirname, '../../knowledge');

describe('entry format', () => {
  it('parses front matter and body, with YAML dates turned into ISO days', () => {
    const parsed = parseEntryFile(
      '---\nid: tari\nlang: it\ntitle: TARI\nquestions: [Cos è la TARI?]\nvalid_until: 2030-12-31\n---\n\nLa **TARI**…\n',
    );
    expect(parsed).toMatchObject({
      ok: true,
      data: { id: 'tari', tags: [], links: [], valid_until: '2030-12-31' },
    });
    expect(parsed.ok && parsed.body).toBe('La **TARI**…');
  });

  it('reports missing front matter, an unclosed block and an empty answer with their lines', () => {
    expect(parseEntryFile('# titolo')).toEqual({
      ok: false,
      problems: [{ line: 1, reason: expect.stringMatching(/front matter missing/) }],
    });
    expect(parseEntryFile('---\nid: x\n')).toEqual({
      ok: false,
      problems: [{ line: 1, reason: expect.stringMatching(/not closed/) }],
    });
    const empty = parseEntryFile('---\nid: x\nlang: it\ntitle: Titolo\nquestions: [Domanda?]\n---\n\n');
    expect(empty).toEqual({
      ok: false,
      problems: [{ line: 6, reason: expect.stringMatching(/empty answer/) }],
    });
  });

  it('an entry outside its validity window is never valid', () => {
    const now = new Date('2025-06-01T10:00:00Z');
    expect(isEntryValid({ valid_until: '2025-05-31' }, now)).toBe(false);
    expect(isEntryValid({ valid_from: '2025-06-02' }, now)).toBe(false);
    expect(isEntryValid({ valid_from: '2025-06-01', valid_until: '2025-06-01' }, now)).toBe(true);
  });
});

describe('loadKnowledge', () => {
  it('lists every broken file with its line and reason, and keeps the good ones', async () => {
    const result = await loadKnowledge(BROKEN, { knownServices: ['pass-sosta-residenti'] });
    const lines = result.problems.map((p) => `${p.file}:${p.line} ${p.reason}`).sort();
    expect(lines).toEqual([
      'en/wrong-lang.md:3 lang "it" does not match the folder "en/"',
      'it/bad-fields.md:2 field "id": must be lower-case letters, digits and dashes (e.g. "cie-rinnovo")',
      'it/bad-fields.md:5 field "questions": needs at least one question',
      'it/bad-fields.md:6 unknown field "servizio"',
      expect.stringMatching(/^it\/bad-yaml\.md:[45] YAML: Missing closing/),

      'it/good.md:10 dead relative link "./missing.md"',
      'it/good.md:13 dead relative link "./nowhere.md"',
      'it/no-front-matter.md:1 front matter missing: the file must start with a "---" line',
      'it/zz-dup.md:2 duplicate id "good" (already used by it/good.md)',
    ]);
    expect(result.entries.map((e) => e.id)).toEqual(['good']);
    // Dead links do not keep an entry out; broken front matter does.
    expect(result.problems.find((p) => p.file === 'it/good.md')?.fatal).toBe(false);
  });

  it('reports a service id that no dialog defines', async () => {
    const result = await loadKnowledge(BROKEN, { knownServices: ['segnalazione'] });
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        file: 'it/good.md',
        line: 7,
        reason: 'unknown service id "pass-sosta-residenti" (no dialog with that id)',
      }),
    );
  });

  it('loads the demo knowledge base without problems: 40+ Italian and 10+ English entries, services known', async () => {
    const result = await loadKnowledge(DEMO, {
      knownServices: [
        'pass-sosta-residenti',
        'segnalazione',
        'appuntamento-anagrafe',
        'iscrizione-scuola-infanzia',
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.entries.filter((e) => e.lang === 'it').length).toBeGreaterThanOrEqual(40);
    expect(result.entries.filter((e) => e.lang === 'en').length).toBeGreaterThanOrEqual(10);
    expect(result.synonyms.it.find((g) => g.canonical === 'rifiuti')?.variants).toContain('monnezza');
  });

  it('refuses a missing directory with a named error', async () => {
    await expect(loadKnowledge(path.join(BROKEN, 'nope'))).rejects.toBeInstanceOf(KnowledgeDirError);
  });
});
