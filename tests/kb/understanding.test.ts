import { stem } from '../../src/kb/analyzer';
import type { KbEntry } from '../../src/kb/entry';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { builtInLexicon, lexiconMatcher, otherBodyGroups } from '../../src/kb/lexicon/lexicon';
import { PhraseMatcher, phraseWords } from '../../src/kb/phrase-matcher';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, decide } from '../../src/kb/policy';
import { emptySynonyms } from '../../src/kb/synonyms';
import { STORY_WEIGHT, segmentMessage } from '../../src/kb/text/segments';

/** A knowledge base of a comune the lexicon was never written for: official wording only, no synonyms. */
function entry(
  id: string,
  lang: 'it' | 'en',
  title: string,
  body: string,
  questions: string[] = [title],
): KbEntry {
  return { id, lang, title, questions, tags: [], links: [], body, file: `${lang}/${id}.md` };
}

const ENTRIES: KbEntry[] = [
  entry(
    'residenza',
    'it',
    'Cambio di residenza',
    "Chi trasferisce la dimora abituale nel Comune presenta la dichiarazione di residenza entro 20 giorni all'Ufficio Anagrafe, di persona o via PEC.",
  ),
  entry(
    'matrimonio',
    'it',
    'Matrimonio civile',
    'Il matrimonio civile è celebrato dal Sindaco nella Sala consiliare; le pubblicazioni si richiedono allo Stato civile.',
  ),
  entry(
    'raccolta',
    'it',
    'Raccolta dei rifiuti',
    'La raccolta porta a porta avviene il lunedì per il secco e il giovedì per la carta; i contenitori vanno esposti la sera prima.',
  ),
  entry(
    'polizia',
    'it',
    'Polizia Locale: contatti',
    'Il Comando di Polizia Locale risponde al numero 0123 456789 dalle 7 alle 19, via Roma 1.',
  ),
  entry(
    'carta-identita',
    'it',
    "Rinnovo della carta d'identità",
    "La carta d'identità elettronica si rinnova su appuntamento all'Anagrafe a partire da 180 giorni prima della scadenza. Costa 22,21 euro.",
  ),
  entry(
    'tari-scadenze',
    'it',
    'TARI: scadenze',
    'La TARI si paga in tre rate: 31 luglio, 30 settembre e 2 dicembre.',
  ),
  entry(
    'tari-riduzioni',
    'it',
    'TARI: riduzioni',
    'La TARI è ridotta del 20% per chi fa il compostaggio domestico.',
  ),
  entry(
    'en-waste',
    'en',
    'Waste collection',
    'Household waste is collected door to door: residual waste on Mondays, paper on Thursdays. Put the containers out the evening before.',
  ),
  entry(
    'en-address',
    'en',
    'Change of address',
    'If you move within the town or from another town, declare your new address at the Registry Office within 20 days.',
  ),
];

const kb = new KnowledgeSnapshot(ENTRIES, emptySynonyms());
const policy = { answerThreshold: DEFAULT_ANSWER_THRESHOLD, suggestThreshold: DEFAULT_SUGGEST_THRESHOLD };
const decision = (q: string) => decide(kb.search(q), policy);
const answered = (q: string) => {
  const d = decision(q);
  return d.kind === 'answer' ? d.best.entry.id : d.kind;
};

describe('everyday words reach entries written in official words (no synonyms.yml)', () => {
  it.each([
    ['ho cambiato casa, cosa devo fare?', 'residenza'],
    ['vogliamo sposarci in comune, da dove si comincia?', 'matrimonio'],
    ['qual è il numero dei vigili?', 'polizia'],
    ["I'm moving house within the town, what do I have to do?", 'en-address'],
  ])('%s → %s', (q, id) => {
    expect(kb.search(q).results[0]?.entry.id).toBe(id);
    expect(answered(q)).toBe(id);
  });
  // Understood, with one word of three ("svuotare") that no entry has, or in three words alone: answered,
  // or offered first; never another entry answered.
  it.each([
    ['quando passano a svuotare i bidoni?', 'raccolta'],
    ['when do the bin men come?', 'en-waste'],
  ])('%s → %s, answered or offered first', (q, id) => {
    const d = decision(q);
    const first =
      d.kind === 'answer' ? d.best.entry.id : d.kind === 'suggest' ? d.options[0]?.entry.id : undefined;
    expect(first).toBe(id);
  });
});

describe('the question inside a long message', () => {
  it('drops greetings and thanks and weighs the story around the question less', () => {
    const segments = segmentMessage(
      'Buongiorno. Mia madre ha 84 anni e vive da sola. Come si chiede il rinnovo della carta d’identità? Grazie mille',
      'it',
    );
    expect(segments.map((s) => s.weight)).toEqual([STORY_WEIGHT, 1]);
    expect(segments[1]?.text).toMatch(/^Come si chiede/);
  });

  it('answers a question wrapped in a story about the family', () => {
    expect(
      answered(
        'Salve, scusate il disturbo. Mio figlio di 19 anni è partito per l’università e io sono rimasta sola in casa. La mia carta d’identità scade il mese prossimo: come la rinnovo e quanto costa? Grazie, buona giornata',
      ),
    ).toBe('carta-identita');
  });
});

describe('confidence that does not guess', () => {
  it('offers the entries instead of guessing when the question fits several equally ("TARI")', () => {
    const d = decision('TARI');
    expect(d.kind).toBe('suggest');
    expect(d.kind === 'suggest' && d.options.map((o) => o.entry.id)).toEqual(
      expect.arrayContaining(['tari-scadenze', 'tari-riduzioni']),
    );
  });

  it('does not answer another public body’s service from an entry that shares a word with it', () => {
    // "rinnovo" and "scaduto" fit the identity-card entry; the passport is the Questura's, and no entry has it.
    expect(answered('come rinnovo il passaporto scaduto?')).toBe('none');
    expect(answered('mi è scaduta la tessera sanitaria, come la rinnovo?')).toBe('none');
  });

  it('answers another body’s service from the entry about it, whoever the citizen says they are', () => {
    const health = new KnowledgeSnapshot(
      [
        entry(
          'en-gp',
          'en',
          'Registering with a family doctor (GP)',
          'Residents and EU citizens staying more than three months choose a family doctor (medico di base) at the ASL desk in Via Roma 3. Bring your residence certificate, your health card or S1 form and your ID.',
        ),
        entry(
          'en-residence',
          'en',
          'Registering your residence as an EU citizen',
          'EU citizens staying more than three months register at the Registry Office with their passport or ID and proof of work, study or sufficient income.',
        ),
      ],
      emptySynonyms(),
    );
    const ask = (q: string) => {
      const d = decide(health.search(q), policy);
      return d.kind === 'answer' ? d.best.entry.id : d.kind;
    };
    // A retiree is a person, not a request for a pension (INPS's, which no entry covers).
    expect(
      ask('I’m a Dutch retiree living here half the year and need a regular doctor. How do I sign up?'),
    ).toBe('en-gp');
    expect(ask('how do I get my pension paid here?')).toBe('none');
  });

  it('does not answer from aspects alone (opening hours, a phone number) with nothing of the topic', () => {
    expect(answered('a che ora apre la farmacia e qual è il numero di telefono?')).not.toBe('polizia');
  });

  it.each(['chi ha vinto la partita ieri sera?', 'come si fa la carbonara', 'tell me a joke'])(
    'refuses what is out of scope: %s',
    (q) => {
      expect(decision(q).kind).toBe('none');
    },
  );
});

describe('phrases', () => {
  const stems = (lang: 'it' | 'en', text: string) => phraseWords(lang, text).map((w) => stem(lang, w));
  const matcher = new PhraseMatcher('it', [
    { id: 'residenza', official: ['cambio di residenza'], everyday: ['cambiato casa'] },
  ]);

  it('recognises everyday phrases in questions in any order, never in entries', () => {
    expect(matcher.match(stems('it', 'la casa l’ho cambiata'), 'question').map((m) => m.concept)).toEqual([
      '~residenza',
    ]);
    expect(matcher.match(stems('it', 'ho cambiato casa'), 'entry')).toEqual([]);
  });

  it('lets a few other words stand between a question phrase’s words', () => {
    expect(
      matcher.match(stems('it', 'ho cambiato proprio l’anno scorso casa'), 'question').map((m) => m.concept),
    ).toEqual(['~residenza']);
    expect(
      matcher.match(
        stems('it', 'ho cambiato idea sul colore delle piastrelle nuove della cucina di casa'),
        'question',
      ),
    ).toEqual([]);
  });

  it('never recognises a phrase across a comma in a question', () => {
    const concepts = (q: string) => kb.search(q).query.units.flatMap((u) => u.concepts);
    expect(concepts('c’è un posto di lavoro in comune?')).toContain('~concorsi-comunali');
    expect(concepts('torno al lavoro, il comune ha un posto dove lasciarlo?')).not.toContain(
      '~concorsi-comunali',
    );
  });

  it('recognises official phrases in entries only in their own order', () => {
    expect(matcher.match(stems('it', 'il cambio della residenza'), 'entry').map((m) => m.concept)).toEqual([
      '~residenza',
    ]);
    expect(matcher.match(stems('it', 'la residenza: cambio gratuito'), 'entry')).toEqual([]);
  });

  it('reads chat shorthand as the words it abbreviates, so it can make a phrase', () => {
    expect(phraseWords('it', 'nn so qnt costa x il pass')).toEqual(['non', 'so', 'quanto', 'costa', 'pass']);
    expect(phraseWords('en', 'can I book an appt tmrw')).toEqual(['can', 'book', 'appointment', 'tomorrow']);
    const cost = new PhraseMatcher('it', [{ id: 'costo', official: ['quanto costa'], everyday: [] }]);
    expect(cost.match(stems('it', 'qnt costa'), 'question').map((m) => m.concept)).toEqual(['~costo']);
  });

  it('keeps apart words Snowball would cut to one stem', () => {
    for (const [a, b] of [
      ['tramite', 'tram'],
      ['testamento', 'testo'],
      ['CILA', 'Cile'],
      ['limite', 'Lima'],
      ['diversi', 'divano'],
      ['secco', 'secchio'],
    ] as const)
      expect(stem('it', a.toLowerCase())).not.toBe(stem('it', b.toLowerCase()));
    const it = lexiconMatcher('it');
    const concepts = (text: string) => it.match(stems('it', text), 'question').map((m) => m.concept);
    expect(concepts('pago tramite pagoPA')).not.toContain('~trasporto-pubblico');
    expect(concepts('serve la CILA per il bagno?')).not.toContain('~paese-estero');
    expect(concepts('tre rate')).not.toContain('~alberi');
  });

  it('refuses a phrase made only of words that mean nothing alone', () => {
    const m = new PhraseMatcher('it', [{ id: 'x', official: ['non voglio più'], everyday: [] }]);
    expect(m.empty).toEqual(['x: "non voglio più"']);
  });
});

describe('the shipped lexicon', () => {
  it.each(['it', 'en'] as const)('%s: every phrase can match and names its group only', (lang) => {
    const groups = builtInLexicon(lang);
    expect(groups.length).toBeGreaterThan(150);
    expect(lexiconMatcher(lang).empty).toEqual([]);
    for (const g of groups) {
      expect(g.official.length).toBeGreaterThan(0);
      expect(g.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });

  it('lists other bodies’ services by the ids of existing groups', () => {
    const ids = new Set([...builtInLexicon('it'), ...builtInLexicon('en')].map((g) => g.id));
    for (const id of otherBodyGroups()) expect(ids).toContain(id);
  });
});

describe('the world outside Italy', () => {
  const world = new KnowledgeSnapshot(
    [
      entry(
        'aire',
        'it',
        'Iscrizione all’AIRE',
        'I cittadini italiani che si trasferiscono all’estero per più di dodici mesi devono iscriversi all’AIRE tramite il consolato entro 90 giorni.',
      ),
      entry(
        'cambio-indirizzo',
        'it',
        'Cambio di indirizzo nel Comune',
        'Chi cambia abitazione all’interno del Comune dichiara il nuovo indirizzo all’Ufficio Anagrafe entro 20 giorni.',
      ),
      entry(
        'en-eu',
        'en',
        'Residence for EU citizens',
        'EU citizens staying more than three months register at the Registry Office with proof of work or of sufficient resources and health insurance.',
      ),
      entry(
        'en-non-eu',
        'en',
        'Residence for non-EU citizens',
        'Non-EU citizens register their residence with a valid residence permit (permesso di soggiorno) and a passport.',
      ),
    ],
    emptySynonyms(),
  );
  const top = (q: string) => world.search(q).results[0]?.entry.id;
  const worldAnswer = (q: string) => {
    const d = decide(world.search(q), policy);
    return d.kind === 'answer' ? d.best.entry.id : d.kind;
  };

  it('reads a foreign city or country as "abroad"', () => {
    expect(top('a settembre mi trasferisco a Berlino per lavoro, devo fare qualcosa in comune?')).toBe(
      'aire',
    );
    expect(top('vivo in Australia da due anni ma risulto ancora residente qui')).toBe('aire');
  });

  it('tells EU citizens from the others by their nationality', () => {
    expect(top('I am German and I want to live here, how do I register?')).toBe('en-eu');
    expect(top('I am Brazilian and I want to live here, how do I register?')).toBe('en-non-eu');
  });

  it('never answers from a country alone', () => {
    expect(worldAnswer('qual è la capitale dell’Australia?')).not.toBe('aire');
    expect(worldAnswer('what time is it in New York?')).not.toMatch(/^en-/);
  });

  it('does not take the modal "can" for tin cans', () => {
    const concepts = (q: string) => world.search(q).query.units.flatMap((u) => u.concepts);
    expect(concepts('Can I register here if I am German?')).not.toContain('~plastica');
    expect(concepts('where do empty cans go?')).toContain('~plastica');
  });
});
