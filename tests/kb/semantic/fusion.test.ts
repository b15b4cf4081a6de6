import type { KbEntry } from '../../../src/kb/entry';
import { KnowledgeSnapshot, type SearchResult } from '../../../src/kb/knowledge-snapshot';
import { decide, type PolicyOptions } from '../../../src/kb/policy';
import { unscored } from '../../../src/kb/search-index';
import { reciprocalRankFusion } from '../../../src/kb/semantic/fusion';
import { combineRankings, type SemanticRules, VOTE_WEIGHT } from '../../../src/kb/semantic/semantic-decision';
import { type SemanticRanking, VectorIndex } from '../../../src/kb/semantic/vector-index';
import { emptySynonyms } from '../../../src/kb/synonyms';

const entry = (id: string): KbEntry => ({
  id,
  lang: 'it',
  title: `Voce ${id}`,
  questions: [`Domanda su ${id}?`],
  tags: [],
  links: [],
  body: `Risposta ${id}.`,
  file: `it/${id}.md`,
});
const ids = Array.from({ length: 12 }, (_, i) => `e${i}`);
const snapshot = new KnowledgeSnapshot(ids.map(entry), emptySynonyms());
const now = new Date('2026-03-01T10:00:00Z');
const rules: SemanticRules = { minZ: 3, minGap: 1 };

/** A lexical search that ranked these entries with these scores. */
function lexical(scored: Array<[string, number]>): SearchResult {
  return {
    lang: 'it',
    languageConfident: true,
    query: { units: [], total: 1, unknownTopical: 0, strangers: 0, otherBody: false, stems: [] },
    results: scored.map(([id, score]) => ({
      ...unscored(snapshot.get(id, now) as KbEntry),
      score,
      coverage: score,
      phrasing: score,
      evidence: score,
      topic: score,
      substance: score,
      named: true,
    })),
  };
}

/** A semantic ranking with these z-scores, over `count` entries. */
function semantic(zs: Array<[string, number]>, count = 12): SemanticRanking {
  return { count, ranked: zs.map(([id, z]) => ({ id, similarity: 0.5 + z / 20, z })) };
}

/** The lexical confidence of a search, whatever the shipped confidence model makes of it. */
const confidenceOf = (search: SearchResult) =>
  decide(search, { answerThreshold: 1, suggestThreshold: 0 }).confidence;

/** Thresholds that put the words alone in the grey zone and the words plus an agreeing vote above it. */
function greyZone(search: SearchResult): PolicyOptions {
  const p = confidenceOf(search);
  const raised = 1 - (1 - p) / 2;
  return { answerThreshold: (p + raised) / 2, suggestThreshold: p / 2 };
}

const ids0 = (list: ReadonlyArray<{ entry: KbEntry }>) => list.map((r) => r.entry.id);
const combine = (search: SearchResult, ranking: SemanticRanking, policy: PolicyOptions) =>
  combineRankings(search, ranking, { snapshot, policy, now }, rules);

describe('reciprocal rank fusion', () => {
  it('ranks an entry both lists place well above one only the first list places first', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['c', 'b', 'x'],
    ]).map((f) => f.id);
    // b: 1/62 + 1/62; c: 1/63 + 1/61 (a hair more); a: 1/61 alone.
    expect(fused).toEqual(['c', 'b', 'a', 'x']);
  });

  it('keeps the first list’s order on ties and gives 1/(k + rank)', () => {
    const fused = reciprocalRankFusion([['a'], ['b']], 60);
    expect(fused).toEqual([
      { id: 'a', score: 1 / 61 },
      { id: 'b', score: 1 / 61 },
    ]);
  });
});

describe('combining the lexical and semantic rankings', () => {
  const search = lexical([
    ['e0', 0.5],
    ['e1', 0.45],
    ['e2', 0.4],
    ['e3', 0.35],
  ]);
  const grey = greyZone(search);

  it('reorders the choices by fusion when the semantic ranking is not sure, without changing the decision', () => {
    const alone = decide(search, grey);
    expect(alone.kind).toBe('suggest');
    const out = combine(
      search,
      semantic([
        ['e2', 1.5],
        ['e1', 1.2],
        ['e5', 1],
      ]),
      grey,
    );
    expect(out.rule).toBe('lexical');
    expect(out.decision.kind).toBe('suggest');
    expect(out.decision.confidence).toBe(alone.confidence);
    const options = out.decision.kind === 'suggest' ? ids0(out.decision.options) : [];
    expect(options).toEqual(['e2', 'e1', 'e0']);
    // e2 and e1 are ranked well by both; e5, found only semantically (3rd), passes e3 (4th lexically).
    expect(ids0(out.search.results)).toEqual(['e2', 'e1', 'e0', 'e5', 'e3']);
  });

  it('raises the confidence when a confident vote agrees with the words (grey zone → answer)', () => {
    const out = combine(
      search,
      semantic([
        ['e0', 5],
        ['e4', 2],
      ]),
      grey,
    );
    expect(out.rule).toBe('agree');
    expect(out.decision).toMatchObject({ kind: 'answer', best: { entry: { id: 'e0' } } });
    const p = confidenceOf(search);
    expect(out.decision.confidence).toBeCloseTo(1 - (1 - p) * (1 - VOTE_WEIGHT), 10);
  });

  it('promotes a confident semantic best entry the words rank 2nd or 3rd to the answer', () => {
    const out = combine(
      search,
      semantic([
        ['e2', 5],
        ['e7', 2],
      ]),
      grey,
    );
    expect(out.rule).toBe('promote');
    expect(out.decision).toMatchObject({ kind: 'answer', best: { entry: { id: 'e2' } } });
    expect(ids0(out.search.results)[0]).toBe('e2');
  });

  it('never answers an entry the words rank 4th or lower on the vote alone: it is offered', () => {
    const out = combine(
      search,
      semantic([
        ['e3', 5],
        ['e7', 2],
      ]),
      grey,
    );
    expect(out.rule).toBe('offer');
    expect(out.decision.kind).toBe('suggest');
    expect(out.decision.kind === 'suggest' && ids0(out.decision.options)).toContain('e3');
  });

  it('offers what only the semantic ranking found when the words found nothing worth offering', () => {
    const strict = { answerThreshold: 0.99, suggestThreshold: 0.99 };
    expect(decide(search, strict).kind).toBe('none');
    const out = combine(
      search,
      semantic([
        ['e9', 5],
        ['e7', 2],
      ]),
      strict,
    );
    expect(out.rule).toBe('offer');
    expect(out.decision.kind === 'suggest' && ids0(out.decision.options)).toEqual(['e9']);
  });

  it('lowers a lexical answer to "Forse cercavi…" with both entries when a confident vote strongly disagrees', () => {
    const p = confidenceOf(search);
    const lenient = { answerThreshold: p / 2, suggestThreshold: p / 4 };
    expect(decide(search, lenient).kind).toBe('answer');
    const out = combine(
      search,
      semantic([
        ['e7', 5],
        ['e8', 2],
        ['e9', 1.5],
      ]),
      lenient,
    );
    expect(out.rule).toBe('disagree');
    expect(out.decision.kind).toBe('suggest');
    expect(out.decision.kind === 'suggest' && ids0(out.decision.options)).toEqual(
      expect.arrayContaining(['e0', 'e7']),
    );
    expect(out.decision.confidence).toBeCloseTo(p * (1 - VOTE_WEIGHT), 10);
  });

  it('keeps a lexical answer when the semantic ranking has it among its first three', () => {
    const p = confidenceOf(search);
    const lenient = { answerThreshold: p / 2, suggestThreshold: p / 4 };
    const out = combine(
      search,
      semantic([
        ['e1', 5],
        ['e0', 3.5],
      ]),
      lenient,
    );
    expect(out.rule).toBe('lexical');
    expect(out.decision).toMatchObject({ kind: 'answer', best: { entry: { id: 'e0' } } });
  });

  it('does not count a vote without a clear lead or over too few entries', () => {
    expect(
      combine(
        search,
        semantic([
          ['e0', 5],
          ['e4', 4.5],
        ]),
        grey,
      ).rule,
    ).toBe('lexical');
    expect(
      combine(
        search,
        semantic(
          [
            ['e0', 5],
            ['e4', 2],
          ],
          6,
        ),
        grey,
      ).rule,
    ).toBe('lexical');
  });
});

describe('semantic z-scores', () => {
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return Float32Array.from(v, (x) => x / n);
  };

  it('rank entries the same whatever the model’s cosine scale', () => {
    // Model A spreads its cosines widely; model B, like multilingual-e5, squeezes them near 1: its vectors are
    // A's with a constant extra dimension, so its cosines are 0.3·cosA + 0.7. The z-scores are the same.
    const angles = ids.map((_, i) => (i === 3 ? 0.1 : 1.2 + i * 0.02));
    const modelA = ids.map((id, i) => ({
      entry: snapshot.get(id, now) as KbEntry,
      vector: unit([Math.cos(angles[i] as number), Math.sin(angles[i] as number)]),
    }));
    const squeeze = (v: Float32Array) => unit([...[...v].map((x) => x * Math.sqrt(0.3)), Math.sqrt(0.7)]);
    const modelB = modelA.map((r) => ({ ...r, vector: squeeze(r.vector) }));
    const query = unit([1, 0]);
    const a = new VectorIndex(snapshot, modelA).rank(query, 'it', '2026-03-01', 3);
    const b = new VectorIndex(snapshot, modelB).rank(squeeze(query), 'it', '2026-03-01', 3);
    expect(b.ranked[0]?.similarity).toBeGreaterThan(0.99);
    expect(b.ranked[1]?.similarity).toBeGreaterThan(0.7);
    expect(a.ranked.map((r) => r.id)).toEqual(b.ranked.map((r) => r.id));
    for (const [i, r] of a.ranked.entries()) expect(b.ranked[i]?.z).toBeCloseTo(r.z, 2);
    expect(a.ranked[0]?.id).toBe('e3');
    expect(a.ranked[0]?.z).toBeGreaterThan(3);
  });

  it('leaves out entries not valid on the day asked', () => {
    const expired = new KnowledgeSnapshot(
      [...ids.map(entry), { ...entry('old'), valid_until: '2026-01-31' }],
      emptySynonyms(),
    );
    const rows = expired.entries.map((e) => ({ entry: e, vector: unit([1, e.id === 'old' ? 0 : 1]) }));
    const ranking = new VectorIndex(expired, rows).rank(unit([1, 0]), 'it', '2026-03-01', 3);
    expect(ranking.count).toBe(12);
    expect(ranking.ranked.map((r) => r.id)).not.toContain('old');
  });
});
