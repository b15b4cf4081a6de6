import type { KbEntry, KbLang } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { builtInGlossary, parseGlossary } from '../../src/kb/lexicon/glossary';
import { LexiconError } from '../../src/kb/lexicon/lexicon';
import { decide } from '../../src/kb/policy';

const policy = { answerThreshold: 0.6, suggestThreshold: 0.3 };

function entry(id: string, lang: KbLang, title: string, question: string, body: string): KbEntry {
  return { id, lang, title, questions: [question], tags: [], links: [], body, file: `${lang}/${id}.md` };
}

// A small comune whose mushroom-picking and library pages exist only in Italian; its English pages are the
// usual two for visitors. No lexicon phrase names mushroom picking: only word translations connect them.
const entries = [
  entry(
    'funghi',
    'it',
    'Raccolta dei funghi: il tesserino',
    'Serve un permesso per raccogliere funghi?',
    "Per raccogliere funghi nei boschi del Comune serve il tesserino, rilasciato dall'Ufficio Ambiente. Costa 20 euro l'anno; al massimo 2 kg al giorno, solo con il cestino di vimini.",
  ),
  entry(
    'tari',
    'it',
    'TARI: scadenze e pagamento',
    'Quando si paga la TARI?',
    "La tassa sui rifiuti si paga in due rate, a maggio e a novembre, con l'avviso pagoPA spedito a casa.",
  ),
  entry(
    'biblioteca',
    'it',
    'Biblioteca civica: orari e prestiti',
    'Quali sono gli orari della biblioteca?',
    'La biblioteca è aperta dal lunedì al sabato, 9-19. Il prestito dura 30 giorni e si può rinnovare una volta.',
  ),
  entry(
    'en-parking',
    'en',
    'Parking for visitors',
    'How much does parking cost?',
    "Blue bays cost 1.50 euro per hour from 8am to 8pm. Residents' permits are issued by the local police.",
  ),
  entry(
    'en-waste',
    'en',
    'Rubbish and recycling for visitors',
    'When is the rubbish collected?',
    'Put your rubbish out the evening before collection: paper on Monday, plastic on Wednesday, glass on Friday.',
  ),
];

describe('the English–Italian glossary', () => {
  it('translates words both ways, by stem', () => {
    const glossary = builtInGlossary();
    expect(glossary.translate('en', 'librari')).toContain('bibliotec');
    expect(glossary.translate('en', 'wood')).toContain('bosc');
    expect(glossary.translate('it', 'mult')).toContain('fine');
    expect(glossary.translate('en', 'xyzzy')).toEqual([]);
  });

  it('rejects a file that is not a mapping of single English words to Italian words', () => {
    expect(() => parseGlossary('library: biblioteca', 'g.yml')).toThrow(LexiconError);
    expect(() => parseGlossary('town hall: [municipio]', 'g.yml')).toThrow(/single lower-case words/);
    expect(() => parseGlossary('library: [biblioteca', 'g.yml')).toThrow(/YAML/);
    expect(parseGlossary('library: [biblioteca]', 'g.yml').translate('en', 'librari')).toEqual(['bibliotec']);
  });

  it('lets an English question reach a page that exists only in Italian, word by word', () => {
    const kb = new KnowledgeSnapshot(entries, { it: [], en: [] });
    const asked = 'do I need a licence to pick mushrooms in the woods?';
    const found = kb.search(asked);
    expect(found.across?.results[0]?.entry.id).toBe('funghi');
    // Read through word translations alone, it is answered or offered first, never passed over.
    const d = decide(found, policy);
    expect(d.kind === 'answer' ? d.best.entry.id : d.kind === 'suggest' && d.options[0]?.entry.id).toBe(
      'funghi',
    );
    // The English pages still answer what they cover.
    const parking = decide(kb.search('how much does parking cost for visitors?'), policy);
    expect(parking.kind === 'answer' && parking.best.entry.id).toBe('en-parking');
  });

  it('does not make an out-of-scope English question look answered', () => {
    const kb = new KnowledgeSnapshot(entries, { it: [], en: [] });
    expect(decide(kb.search('how do I renew my passport?'), policy).kind).not.toBe('answer');
    expect(decide(kb.search('who won the match yesterday?'), policy).kind).toBe('none');
  });
});
