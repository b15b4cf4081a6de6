import { DEFAULT_MODEL, JUDGED, judge } from '../../src/kb/confidence';
import type { KbEntry } from '../../src/kb/entry';
import { decide } from '../../src/kb/policy';
import type { QueryAnalysis, ScoredEntry } from '../../src/kb/search-index';

const policy = { answerThreshold: 0.6, suggestThreshold: 0.3 };

function entry(id: string): KbEntry {
  return { id, lang: 'it', title: id, questions: [id], tags: [], links: [], body: id, file: `it/${id}.md` };
}

/** A scored entry: a strong match by default, each figure overridable. */
function scored(id: string, figures: Partial<Omit<ScoredEntry, 'entry'>> = {}): ScoredEntry {
  return {
    entry: entry(id),
    score: 0.8,
    coverage: 0.9,
    phrasing: 0.7,
    evidence: 2.5,
    topic: 0.8,
    key: 1,
    units: 1,
    named: true,
    substance: 0.9,
    plain: 1,
    assoc: 0,
    bank: 0,
    ...figures,
  };
}

const query: QueryAnalysis = {
  units: [],
  total: 1,
  unknownTopical: 0,
  strangers: 0,
  otherBody: false,
  stems: [],
};

const weak = (id: string): ScoredEntry =>
  scored(id, {
    score: 0.1,
    coverage: 0.1,
    phrasing: 0,
    evidence: 0.2,
    topic: 0,
    key: 0.2,
    units: 0.2,
    plain: 0,
  });

describe('the answer model', () => {
  it('gives each of the best entries and "none of them" a probability, together 1', () => {
    const judged = judge({ results: [scored('a'), weak('b'), weak('c')], query }, DEFAULT_MODEL);
    const total = (judged?.ranked.reduce((sum, r) => sum + r.p, 0) ?? 0) + (judged?.none ?? 0);
    expect(total).toBeCloseTo(1, 10);
    expect(judged?.ranked[0]?.entry.entry.id).toBe('a');
    expect(decide({ results: [scored('a'), weak('b'), weak('c')], query }, policy).kind).toBe('answer');
  });

  it('offers two likely entries together instead of answering the likelier', () => {
    // The runner-up is nearly as good: the model gives it about a quarter, the best about three quarters.
    const close = scored('b', { score: 0.75, phrasing: 0.6, plain: 0.9 });
    const judged = judge({ results: [scored('a'), close], query }, DEFAULT_MODEL);
    expect(judged?.ranked[0]?.p).toBeGreaterThanOrEqual(policy.answerThreshold);
    expect(judged?.ranked[1]?.p).toBeGreaterThan(0.2);
    const d = decide({ results: [scored('a'), close], query }, policy);
    expect(d.kind === 'suggest' && d.options.map((o) => o.entry.id)).toEqual(['a', 'b']);
    // A runner-up the model gives little to is passed over.
    const behind = scored('b', { score: 0.7, phrasing: 0.6, plain: 0.8, evidence: 2.2 });
    expect(decide({ results: [scored('a'), behind], query }, policy).kind).toBe('answer');
  });

  it('offers the likely runner-up second, even when its lexical score is far behind', () => {
    const best = scored('a', { phrasing: 0.9, topic: 0.9 });
    const lexicalSecond = scored('c', {
      score: 0.62,
      phrasing: 0.1,
      topic: 0.1,
      evidence: 0.5,
      plain: 0.2,
      units: 0.3,
    });
    const likely = scored('b', { score: 0.5, phrasing: 0.9, topic: 0.9, evidence: 2.4 });
    const d = decide({ results: [best, lexicalSecond, likely], query }, policy);
    expect(d.kind === 'suggest' && d.options.map((o) => o.entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('answers the entry its evidence favours, even when the lexical score put another first', () => {
    // The lexical first leads by a hair on score, but the runner-up covers the question in its title and
    // phrasing, and the plain second reading prefers it.
    const first = scored('first', {
      score: 0.5,
      coverage: 0.6,
      phrasing: 0.2,
      evidence: 1,
      topic: 0.1,
      units: 0.5,
      plain: 0.3,
    });
    const second = scored('second', {
      score: 0.49,
      coverage: 0.6,
      phrasing: 0.9,
      evidence: 1.9,
      topic: 0.9,
      units: 1,
    });
    const d = decide({ results: [first, second, weak('c')], query }, policy);
    expect(d.kind === 'answer' && d.best.entry.id).toBe('second');
  });

  it('offers entries that fit equally when the right one is likely among them, though each alone is not', () => {
    const tied = ['tari-cosa-e', 'tari-pagamento', 'tari-riduzioni', 'tari-iscrizione', 'tari-rimborsi'].map(
      (id) => scored(id, { score: 0.6, coverage: 1, phrasing: 0.3, evidence: 1, topic: 1 }),
    );
    const judged = judge({ results: tied, query }, DEFAULT_MODEL);
    for (const r of judged?.ranked ?? []) expect(r.p).toBeLessThan(policy.suggestThreshold);
    const d = decide({ results: tied, query }, policy);
    expect(d.kind).toBe('suggest');
    expect(d.kind === 'suggest' && d.options).toHaveLength(3);
  });

  it(`weighs only the best ${JUDGED}: a longer list does not change the decision`, () => {
    const results = [scored('a', { score: 0.6, evidence: 1.2 }), ...'bcdefgh'.split('').map(weak)];
    const short = judge({ results: results.slice(0, JUDGED), query }, DEFAULT_MODEL);
    const long = judge({ results, query }, DEFAULT_MODEL);
    expect(long?.ranked[0]?.p).toBe(short?.ranked[0]?.p);
    expect(long?.ranked.slice(JUDGED).every((r) => r.p === 0)).toBe(true);
  });

  it('says nothing when nothing was found', () => {
    expect(judge({ results: [], query }, DEFAULT_MODEL)).toBeUndefined();
    expect(decide({ results: [], query }, policy)).toEqual({ kind: 'none', confidence: 0 });
  });
});

describe('the answer model across languages', () => {
  // The question's own entries (English) and the same question read against the other language's (Italian).
  const across: QueryAnalysis = { ...query, foreign: true };
  const bilingual = (own: ScoredEntry[], other: ScoredEntry[]) => ({
    results: own,
    query,
    across: { results: other, query: across },
  });

  it("answers an entry of the other language that covers the question when the question's own do not", () => {
    const d = decide(bilingual([weak('en-guide'), weak('en-other')], [scored('it-service')]), policy);
    expect(d.kind === 'answer' && d.best.entry.id).toBe('it-service');
    expect(d.ranked?.[0]?.foreign).toBe(true);
  });

  it("keeps the question's own entry when it covers the question and the other language's does not", () => {
    const d = decide(bilingual([scored('en-service'), weak('en-other')], [weak('it-other')]), policy);
    expect(d.kind === 'answer' && d.best.entry.id).toBe('en-service');
    expect(d.ranked?.find((r) => r.entry.entry.id === 'it-other')?.foreign).toBe(true);
  });

  it("does not let the other language's version of the same service stop an answer in the question's own", () => {
    const twin = scored('it-same-service', { phrasing: 0.8, evidence: 2.7 });
    const both = bilingual([scored('en-service')], [twin]);
    expect(judge(both, DEFAULT_MODEL)?.ranked[1]?.p).toBeGreaterThan(0.22);
    const d = decide(both, policy);
    expect(d.kind === 'answer' && d.best.entry.id).toBe('en-service');
    // The same runner-up in the question's own language makes it a choice.
    const own = decide(
      { results: [scored('en-service'), { ...twin, entry: entry('en-twin') }], query },
      policy,
    );
    expect(own.kind).toBe('suggest');
  });
});

describe('two entries tied by their lexical figures', () => {
  it('answers the best when the model all but rules the second out', () => {
    // Both cover the question fully, but only the first in its phrasings and with the plain reading's
    // agreement: a tie by the lexical figures, not by the evidence.
    const best = scored('a', { coverage: 1, topic: 1, phrasing: 1, evidence: 3, plain: 1 });
    const other = scored('b', {
      coverage: 1,
      topic: 1,
      phrasing: 0,
      evidence: 1.5,
      plain: 0,
      units: 0.3,
      score: 0.7,
    });
    const judged = judge({ results: [best, other], query }, DEFAULT_MODEL);
    expect(judged?.ranked[1]?.p).toBeLessThan(0.05);
    expect(decide({ results: [best, other], query }, policy).kind).toBe('answer');
  });
});
