import type { KbEntry } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import {
  type AssociationExample,
  Associations,
  builtInAssociations,
  learnAssociations,
  parseAssociations,
} from '../../src/kb/lexicon/associations';
import { LexiconError } from '../../src/kb/lexicon/lexicon';

/** A question of one knowledge base whose right entry is about waste collection. */
function asked(source: string, question: string[], strong = ['raccolt', 'rifiut']): AssociationExample {
  return { lang: 'it', source, question, strong, all: new Set([...strong, 'calendar', 'sacc']) };
}

function entry(id: string, title: string, body: string, tags: string[]): KbEntry {
  return { id, lang: 'it', title, questions: [], tags, links: [], body, file: `it/${id}.md` };
}

describe('word associations learned from other comuni', () => {
  it('keeps a pair only when three knowledge bases show it, counting each once', () => {
    const twice = [asked('a', ['bidon']), asked('a', ['bidon']), asked('b', ['bidon'])];
    expect(learnAssociations(twice).it).toEqual({});
    const thrice = [...twice, asked('c', ['bidon'])];
    expect(learnAssociations(thrice).it.bidon).toEqual({ raccolt: 1, rifiut: 1 });
  });

  it('learns only from the words the right entry lacks', () => {
    const table = learnAssociations(['a', 'b', 'c'].map((s) => asked(s, ['calendar', 'bidon'])));
    expect(Object.keys(table.it)).toEqual(['bidon']);
  });

  it('shares an entry word among the question words that point to it', () => {
    const table = learnAssociations(
      ['a', 'b', 'c'].flatMap((s) => [asked(s, ['bidon']), asked(s, ['spazzatur'], ['rifiut'])]),
    );
    expect(table.it.bidon?.rifiut).toBeCloseTo(0.5);
    expect(table.it.spazzatur?.rifiut).toBeCloseTo(0.5);
    expect(table.it.bidon?.raccolt).toBe(1);
  });

  it("scores how well an entry explains the question's words, directly or through associations", () => {
    const a = new Associations({ it: { bidon: { rifiut: 0.4, sacc: 0.8 }, vuot: { rifiut: 1 } }, en: {} });
    // "rifiut" in the entry's title, "vuot" only in its body.
    const entry = (t: string) => (t === 'rifiut' ? 1 : t === 'vuot' ? 0.5 : 0);
    // "rifiut" and "vuot" as written (1 each), "bidon" as its share of its strongest association (0.4 / 0.8),
    // "quand" not at all: over four stems.
    expect(a.score('it', new Set(['rifiut', 'vuot', 'bidon', 'quand']), entry)).toBeCloseTo(2.5 / 4);
    expect(a.score('it', new Set(['bidon']), () => 0)).toBe(0);
    expect(a.score('en', new Set(['bidon']), entry)).toBe(0);
  });

  it('rejects a file that is not a table of weights', () => {
    expect(() => parseAssociations('{', 'a.json')).toThrow(LexiconError);
    expect(() => parseAssociations('{"it": {"bidon": {"rifiut": 2}}, "en": {}}', 'a.json')).toThrow(
      LexiconError,
    );
    expect(() => parseAssociations('{"it": {}, "en": {}}', 'a.json')).not.toThrow();
  });

  it('ships a table learned from the tuning sets, read once', () => {
    const shipped = builtInAssociations();
    expect(shipped).toBe(builtInAssociations());
    // Citizens of several comuni call the waste bins "bidoni" where the entries speak of collection.
    const waste = (t: string) => (['raccolt', 'rifiut', 'differenz'].includes(t) ? 1 : 0);
    expect(shipped.score('it', new Set(['bidon']), waste)).toBeGreaterThan(0);
  });

  it('never make a match by themselves: they only weigh the entries the words found', () => {
    const waste = entry(
      'raccolta',
      'Raccolta differenziata dei rifiuti',
      'Il calendario della raccolta porta a porta.',
      ['rifiuti'],
    );
    // A made-up word the lexicon and the thesaurus cannot know, associated with the entry's title.
    const associations = new Associations({ it: { sgrunf: { rifiut: 0.5 } }, en: {} });
    const kb = new KnowledgeSnapshot([waste], { it: [], en: [] }, associations);
    expect(kb.search('sgrunf').results).toEqual([]);
    const found = kb.search('quando passa lo sgrunf della raccolta?').results[0];
    expect(found?.entry.id).toBe('raccolta');
    expect(found?.assoc).toBeGreaterThan(0);
    // Without the association, "sgrunf" is a word the entry does not explain.
    const none = new KnowledgeSnapshot([waste], { it: [], en: [] }, new Associations({ it: {}, en: {} }));
    const unexplained = none.search('quando passa lo sgrunf della raccolta?').results[0];
    expect(unexplained?.assoc).toBeLessThan(found?.assoc ?? 0);
  });
});
