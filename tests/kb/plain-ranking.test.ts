import type { KbEntry } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { PlainRanking } from '../../src/kb/plain-ranking';
import { emptySynonyms } from '../../src/kb/synonyms';

const doc = (title: string, body: string, questions: string[] = [], tags: string[] = []) => ({
  title,
  body,
  questions,
  tags,
});

describe('the plain second ranking', () => {
  const plain = new PlainRanking('it', [
    doc('Pass sosta residenti', 'Il pass per la sosta dei residenti si chiede alla Polizia Locale.'),
    doc('Raccolta differenziata', 'Il camion passa il lunedì per la carta e il giovedì per la plastica.'),
    doc('Orari dell’anagrafe', 'L’anagrafe è aperta dal lunedì al venerdì.', ['Quando apre l’anagrafe?']),
  ]);

  it('scores by words in the title above the same words in the body', () => {
    const [pass, waste] = plain.score([0, 1], plain.stems('pass'));
    expect(pass).toBeGreaterThan(waste ?? 0);
  });

  it('gives nothing to an entry without any of the words, and reads questions and stems', () => {
    const [pass, , hours] = plain.score([0, 1, 2], plain.stems('quando aprono gli uffici anagrafe'));
    expect(pass).toBe(0);
    expect(hours).toBeGreaterThan(0);
  });
});

describe('agreement in the search results', () => {
  const entry = (id: string, title: string, body: string): KbEntry => ({
    id,
    lang: 'it',
    title,
    questions: [title],
    tags: [],
    links: [],
    body,
    file: `it/${id}.md`,
  });
  const kb = new KnowledgeSnapshot(
    [
      entry(
        'cie',
        'Carta d’identità elettronica',
        'La carta d’identità si chiede all’anagrafe su appuntamento.',
      ),
      entry('tari', 'Pagamento della TARI', 'La TARI si paga in due rate con il modello F24.'),
    ],
    emptySynonyms(),
  );

  it('marks the entry both readings prefer with 1', () => {
    const [best] = kb.search('come pago la tari').results;
    expect(best?.entry.id).toBe('tari');
    expect(best?.plain).toBe(1);
  });
});
