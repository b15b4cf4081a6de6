import type { KbEntry } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { Associations } from '../../src/kb/lexicon/associations';
import { LexiconError } from '../../src/kb/lexicon/lexicon';
import {
  type BankExample,
  builtInQuestionBank,
  learnBank,
  parseQuestionBank,
  QuestionBank,
} from '../../src/kb/lexicon/question-bank';

function asked(source: string, entryId: string, profile: string[], question: string[]): BankExample {
  return { lang: 'it', source, entryId, profile, question };
}

function entry(id: string, title: string, body: string, tags: string[]): KbEntry {
  return { id, lang: 'it', title, questions: [], tags, links: [], body, file: `it/${id}.md` };
}

const NURSERY = ['asil', 'nid', 'iscrizion', 'bambin'];
const WASTE = ['raccolt', 'rifiut', 'calendar'];

/** Three comuni's pages on the nursery and on waste collection, with their citizens' questions. */
const table = learnBank([
  asked('a', 'asilo-nido', NURSERY, ['lasc', 'bimb', 'giorn', 'lavor', 'valdor']),
  asked('a', 'asilo-nido', NURSERY, ['valdor']),
  asked('b', 'nido', NURSERY, ['bimb', 'lasc', 'mattin', 'lavor']),
  asked('c', 'nido', NURSERY, ['giorn']),
  asked('b', 'raccolta', WASTE, ['bidon', 'pass']),
  asked('c', 'rifiuti', WASTE, ['bidon', 'quand']),
]);

describe('the question bank: how citizens of other comuni asked about the same service', () => {
  it('keeps one page per entry of each knowledge base, without the words of one comune alone', () => {
    expect(table.pages).toHaveLength(5);
    const words = table.pages.flatMap((p) => p.questions.flat());
    // The town's name and words no other comune's citizens used are left out.
    expect(words).not.toContain('valdor');
    expect(words).not.toContain('mattin');
    expect(words).toContain('bidon');
  });

  it("matches an entry to other comuni's pages on the same service, the closest first", () => {
    const bank = new QuestionBank(table);
    const nursery = bank.neighbours('it', ['asil', 'nid']);
    expect(nursery).toHaveLength(3);
    expect(nursery.every((n) => n.likeness > 0.5)).toBe(true);
    expect(bank.neighbours('it', ['bibliotec', 'prest'])).toEqual([]);
    expect(bank.neighbours('en', ['asil', 'nid'])).toEqual([]);
  });

  it('scores how closely a question resembles one asked of those pages', () => {
    const bank = new QuestionBank(table);
    const nursery = bank.neighbours('it', ['asil', 'nid']);
    const waste = bank.neighbours('it', WASTE);
    const story = new Set(['dov', 'lasc', 'bimb', 'giorn', 'lavor']);
    expect(bank.score('it', story, nursery)).toBeGreaterThan(0.3);
    expect(bank.score('it', story, waste)).toBe(0);
    expect(bank.score('it', new Set(), nursery)).toBe(0);
  });

  it('gives evidence to the entries the words found, never a match of its own', () => {
    const nido = entry('nido', 'Asilo nido comunale', 'Iscrizioni al nido per bambini da 3 a 36 mesi.', [
      'nido',
    ]);
    const pool = entry('piscina', 'Piscina comunale', 'Orari e tariffe della piscina.', ['sport']);
    // Made-up words no lexicon knows, asked of other comuni's nursery pages.
    const sgrunf = learnBank(
      ['a', 'b'].map((s) => asked(s, 'nido', ['asil', 'nid', 'comunal'], ['sgrunf', 'bazz'])),
    );
    const none = new Associations({ it: {}, en: {} });
    const kb = new KnowledgeSnapshot([nido, pool], { it: [], en: [] }, none, new QuestionBank(sgrunf));
    expect(kb.search('sgrunf bazz').results).toEqual([]);
    const found = kb.search('sgrunf bazz al nido?').results;
    expect(found[0]?.entry.id).toBe('nido');
    expect(found[0]?.bank).toBeGreaterThan(0);
    const empty = new QuestionBank({ pages: [] });
    const without = new KnowledgeSnapshot([nido, pool], { it: [], en: [] }, none, empty);
    expect(without.search('sgrunf bazz al nido?').results[0]?.bank).toBe(0);
  });

  it('rejects a file that is not a bank of pages', () => {
    expect(() => parseQuestionBank('{', 'b.json')).toThrow(LexiconError);
    expect(() =>
      parseQuestionBank('{"pages": [{"lang": "fr", "profile": [], "questions": []}]}', 'b.json'),
    ).toThrow(LexiconError);
    expect(() => parseQuestionBank('{"pages": []}', 'b.json')).not.toThrow();
  });

  it('ships a bank learned from the tuning sets, read once', () => {
    const shipped = builtInQuestionBank();
    expect(shipped).toBe(builtInQuestionBank());
    // Every tuning comune has a page on the change of residence.
    const residence = shipped.neighbours('it', ['camb', 'resident', '~residenza']);
    expect(residence.length).toBeGreaterThan(0);
    expect(shipped.score('it', new Set(['camb', 'cas']), residence)).toBeGreaterThan(0);
  });
});
