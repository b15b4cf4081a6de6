import { stem } from '../../src/kb/analyzer';
import type { KbEntry } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { LexiconError } from '../../src/kb/lexicon/lexicon';
import { builtInThesaurus } from '../../src/kb/lexicon/thesaurus';
import { parseWordPairs } from '../../src/kb/lexicon/word-map';
import { decide } from '../../src/kb/policy';

const policy = { answerThreshold: 0.6, suggestThreshold: 0.3 };

function entry(id: string, title: string, question: string, body: string, tags: string[] = []): KbEntry {
  return { id, lang: 'it', title, questions: [question], tags, links: [], body, file: `it/${id}.md` };
}

const receipts = entry(
  'quietanze',
  'Pagamenti al Comune: scaricare la quietanza',
  'Come scarico la quietanza di un pagamento?',
  "Dopo aver pagato un avviso pagoPA, la quietanza si scarica dall'area personale del sito con SPID o CIE, oppure si chiede all'Ufficio Tributi.",
  ['pagamenti', 'quietanza'],
);
const tari = entry(
  'tari',
  'TARI: scadenze e pagamento',
  'Quando si paga la TARI?',
  "La tassa sui rifiuti si paga in due rate, a maggio e a novembre, con l'avviso pagoPA spedito a casa.",
  ['tari', 'rifiuti'],
);
const gardens = entry(
  'orti',
  'Orti comunali: assegnazione dei lotti',
  'Come si partecipa al bando per gli orti comunali?',
  "Il Comune assegna ogni due anni i lotti degli orti di Via dei Mulini ai residenti con più di 60 anni. Il canone è di 30 euro l'anno; l'acqua è compresa.",
  ['orti', 'verde'],
);

describe('the thesaurus', () => {
  it('reads synonyms both ways, by stem', () => {
    const it = builtInThesaurus('it');
    expect(it.synonyms(stem('it', 'spazzatura'))).toContain(stem('it', 'rifiuti'));
    expect(it.synonyms(stem('it', 'quietanza'))).toContain(stem('it', 'ricevuta'));
    expect(it.synonyms(stem('it', 'ricevuta'))).toContain(stem('it', 'quietanza'));
    expect(builtInThesaurus('en').synonyms(stem('en', 'rubbish'))).toContain(stem('en', 'waste'));
  });

  it('rejects a file that is not a mapping of single words to words', () => {
    expect(() => parseWordPairs('ricevuta: quietanza', 't.yml')).toThrow(LexiconError);
    expect(() => parseWordPairs('carta identità: [cie]', 't.yml')).toThrow(/single lower-case words/);
    expect(parseWordPairs('ricevuta: [quietanza]', 't.yml')).toEqual([['ricevuta', ['quietanza']]]);
  });

  it("reads a word no entry uses through its synonyms: a receipt is the entries' quietanza", () => {
    const kb = new KnowledgeSnapshot([receipts, tari, gardens], { it: [], en: [] });
    const question = 'dove trovo la ricevuta di quello che ho pagato al comune?';
    expect(kb.search(question).results[0]?.entry.id).toBe('quietanze');
    // Found through a synonym alone, half the question's words unexplained: offered first, not asserted.
    const d = decide(kb.search(question), policy);
    expect(d.kind === 'suggest' && d.options[0]?.entry.id).toBe('quietanze');
  });

  it('leaves a word some entry uses to that entry', () => {
    const bulky = entry(
      'ingombranti',
      'Ingombranti: la ricevuta del ritiro',
      'Cosa mi lasciano quando ritirano gli ingombranti?',
      "All'operatore che ritira mobili ed elettrodomestici si firma la ricevuta di consegna; la copia resta al cittadino.",
    );
    const kb = new KnowledgeSnapshot([receipts, tari, gardens, bulky], { it: [], en: [] });
    expect(kb.search('dove trovo la ricevuta?').results[0]?.entry.id).toBe('ingombranti');
  });
});
