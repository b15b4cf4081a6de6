import * as path from 'node:path';
import { answerReplies } from '../../src/kb/answer-reply';
import { detectLanguage } from '../../src/kb/detect-language';
import { KbRetriever } from '../../src/kb/kb-retriever';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { loadKnowledge } from '../../src/kb/loader';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, decide } from '../../src/kb/policy';

let kb: KnowledgeSnapshot;
const policy = { answerThreshold: DEFAULT_ANSWER_THRESHOLD, suggestThreshold: DEFAULT_SUGGEST_THRESHOLD };

beforeAll(async () => {
  const loaded = await loadKnowledge(path.join(__dirname, '../../knowledge'));
  kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
});

/** The entry the citizen would be answered with, or the decision kind when there is no direct answer. */
function answer(q: string): string {
  const d = decide(kb.search(q), policy);
  return d.kind === 'answer' ? d.best.entry.id : d.kind;
}

describe('retrieval on the demo knowledge base', () => {
  it.each([
    [
      'stems: inflected verbs and plurals',
      'come posso rinnovarla la mia carta di identità scaduta',
      'cie-rinnovo',
    ],
    ['accents missing', 'e nata mia figlia, entro quando va registrata la nascita?', 'nascita-dichiarazione'],
    [
      'accents present where entries have none',
      'Ho perso la tessera elettorale: è grave?',
      'tessera-elettorale',
    ],
    ['typo in a long word', 'iscrizzione al nido comunale', 'asilo-nido'],
    ['typo in a short-ish word', 'orari del cimitrro', 'cimitero'],
    [
      'synonym: dialect for waste',
      'che giorno passano a prendere la munnezza?',
      'rifiuti-raccolta-differenziata',
    ],
    ['synonym: vigili → polizia locale', 'numero di telefono dei vigili urbani', 'polizia-locale-contatti'],
    [
      'synonym: documento → carta d’identità',
      'ho perso il documento, mi hanno rubato tutto',
      'cie-smarrimento',
    ],
    ['English question', 'how much does it cost to get a residents parking permit', 'en-parking-permit'],
    ['English with synonyms', 'when do they collect the rubbish', 'en-waste-collection'],
  ])('%s', (_what, q, id) => {
    expect(answer(q)).toBe(id);
  });

  it('reads a synonym and a typo together', () => {
    // "spazatura" is "spazzatura", the TARI's rubbish: the payment dates first, beside what the TARI is.
    const d = decide(kb.search('quando scade la tassa sulla spazatura'), policy);
    const first = d.kind === 'answer' ? d.best : d.kind === 'suggest' ? d.options[0] : undefined;
    expect(first?.entry.id).toBe('tari-pagamento');
  });

  it('tells close neighbours apart', () => {
    expect(answer('mi hanno rubato la carta di identita')).toBe('cie-smarrimento');
    expect(answer('la carta d identita mi scade tra un mese')).toBe('cie-rinnovo');
    expect(answer('permesso ztl per residenti')).toBe('ztl-permessi');
    expect(answer('a che ora si accendono le telecamere della ztl')).toBe('ztl-orari');
  });

  it('offers choices instead of guessing on a bare topic', () => {
    const d = decide(kb.search('TARI'), policy);
    expect(d.kind).toBe('suggest');
    expect(d.kind === 'suggest' && d.options.map((o) => o.entry.id)).toEqual(
      expect.arrayContaining(['tari-cosa-e', 'tari-pagamento']),
    );
  });

  it.each([
    'chi ha vinto la partita ieri sera',
    'quanto costa una pizza margherita',
    'come si fa la carbonara',
    'what is the capital of spain',
    'tell me a joke',
  ])('does not answer out-of-scope questions: %s', (q) => {
    expect(answer(q)).toBe('none');
  });

  it('never serves an expired entry, even when asked with its own words', () => {
    const { results } = kb.search('La terza rata della TARI 2023 è stata prorogata?');
    expect(results.map((r) => r.entry.id)).not.toContain('tari-proroga-2023');
    expect(kb.get('tari-proroga-2023')).toBeUndefined();
    const before = kb.search('terza rata TARI 2023 prorogata', { now: new Date('2023-12-01') });
    expect(before.results[0]?.entry.id).toBe('tari-proroga-2023');
  });

  it('answers a repeated question the same way, and by the date it is asked on', () => {
    const asked = 'terza rata TARI 2023 prorogata';
    const before = new Date('2023-12-01');
    const first = kb.search(asked, { now: before });
    expect(first.results[0]?.entry.id).toBe('tari-proroga-2023');
    // The caller's list is its own: cutting it does not change the next answer.
    first.results.length = 0;
    expect(kb.search(asked, { now: before })).toEqual({ ...first, results: expect.any(Array) });
    expect(kb.search(asked, { now: before }).results[0]?.entry.id).toBe('tari-proroga-2023');
    // Asked again once the entry has expired, the same question no longer finds it.
    expect(kb.search(asked).results.map((r) => r.entry.id)).not.toContain('tari-proroga-2023');
  });

  it('detects the language per message and searches that language', () => {
    expect(detectLanguage('come rinnovo la carta di identità', 'en')).toEqual({
      lang: 'it',
      confident: true,
    });
    expect(detectLanguage('how do I renew my identity card', 'it')).toEqual({ lang: 'en', confident: true });
    expect(detectLanguage('ZTL', 'it')).toEqual({ lang: 'it', confident: false });
    expect(kb.search('where is the registry office').lang).toBe('en');
    expect(kb.search('dove si trova l anagrafe').lang).toBe('it');
  });

  it('is a LangChain retriever returning entries with their metadata', async () => {
    const retriever = new KbRetriever({ snapshot: () => kb, k: 2 });
    const docs = await retriever.invoke('orari isola ecologica');
    expect(docs).toHaveLength(2);
    expect(docs[0]?.metadata).toMatchObject({
      id: 'isola-ecologica',
      lang: 'it',
      links: [expect.objectContaining({ url: expect.stringMatching(/^https:/) })],
    });
    expect(docs[0]?.pageContent).toMatch(/^# Centro di raccolta/);
  });
});

// The demo knowledge base has 50 Italian entries and 14 English ones: a foreign resident asking in English
// about a service only the Italian entries describe must still reach it.
describe('questions in one language, entries in the other', () => {
  it.each([
    ['how do we get married at the town hall?', 'matrimonio-civile'],
    ['I lost my wallet on the bus, is there a lost and found office?', 'oggetti-smarriti'],
    ['is there a public library with English books?', 'biblioteca'],
    ['do I need a permit to put tables outside my bar?', 'suolo-pubblico'],
    ['how do I get my dog microchipped and registered?', 'anagrafe-canina'],
  ])('"%s" reaches the Italian-only entry %s', (q, id) => {
    // Read in English, weighed against the Italian entries too.
    const found = kb.search(q);
    expect(found.lang).toBe('en');
    expect(found.across?.results.map((r) => r.entry.id)).toContain(id);
    expect(answer(q)).toBe(id);
  });

  it("keeps the question's own language when its entries answer it", () => {
    expect(answer('when do they collect the rubbish')).toBe('en-waste-collection');
    expect(answer('how much does it cost to get a residents parking permit')).toBe('en-parking-permit');
    expect(answer('quanto costa il permesso per i residenti per parcheggiare')).toBe('pass-sosta-residenti');
  });

  it('does not answer out-of-scope questions from the other language either', () => {
    expect(answer('who won the football match yesterday?')).toBe('none');
    expect(answer('how do I renew my driving licence?')).toBe('none');
    expect(answer('when is my pension paid?')).toBe('none');
  });

  it('reaches the page that says where another body’s service is done', () => {
    // "Passaporto: non si fa in Comune" sends the citizen to the Questura: the right page, not out of scope.
    const d = decide(kb.search('how do I get a passport?'), policy);
    expect(
      d.kind === 'answer' ? d.best.entry.id : d.kind === 'suggest' ? d.options[0]?.entry.id : 'none',
    ).toBe('passaporto');
  });

  it('tells the citizen that the page exists only in the other language', () => {
    const entry = kb.get('biblioteca');
    if (!entry) throw new Error('fixture entry missing');
    const [reply] = answerReplies(entry, kb, 'en', []);
    expect(reply?.text).toMatch(/^\*\*[^\n]+\*\*\n\n_This page is only available in Italian\._\n\n/);
    const [same] = answerReplies(entry, kb, 'it', []);
    expect(same?.text).not.toMatch(/disponibile solo/);
  });
});
