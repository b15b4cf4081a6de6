import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { recognisePersonRequest } from '../../src/handoff/person-request';

// Requests for a person as citizens write them: greetings, politeness, typos, no punctuation, shouting.
const ITALIAN_REQUESTS = [
  'vorrei parlare con un operatore',
  'posso parlare con qualcuno?',
  'mi passa un operatore per favore',
  'buongiorno, mi passa un operatore per favore? grazie',
  'operatore',
  'OPERATORE!!!',
  'un operatore, grazie',
  'voglio un operatore',
  'operatore per favore',
  'posso chiamare qualcuno?',
  "c'è qualcuno?",
  "c'è qualcuno in linea?",
  "c'è un operatore con cui chattare?",
  'ce qualcuno',
  "c'è nessuno?",
  "salve, c'è un operatore disponibile?",
  'ci sono operatori disponibili?',
  'vorrei parlare con una persona vera',
  'voglio parlare con un essere umano',
  'posso parlare con un impiegato del comune?',
  'vorrei parlare con qualcuno del comune',
  'mi mette in contatto con un operatore?',
  "mi potete mettere in contatto con qualcuno dell'ufficio tributi?",
  'passami un operatore',
  'mi passi una persona per favore',
  'mi può passare un suo collega operatore?',
  'è possibile parlare con un operatore?',
  'come faccio a parlare con una persona?',
  'ho bisogno di parlare con qualcuno',
  'ho bisogno di un operatore',
  'mi serve un operatore umano',
  'vorrei essere richiamato da un operatore',
  'un operatore mi può richiamare?',
  'qualcuno mi può chiamare?',
  'mi può richiamare qualcuno domani mattina?',
  'vorrei parlare con un operatre',
  'opertore',
  'voglio parlare con un opertore per favore',
  'vorrei parlare con qualcuo',
  'non riesco a risolvere, posso parlare con qualcuno?',
  'fammi parlare con un umano',
  "scusi, potrei parlare con un'operatrice?",
  'basta con il bot, voglio una persona vera',
  'vorrei chattare con un operatore',
  'posso avere un operatore?',
  'mi collega con un operatore per favore?',
  'preferirei parlare con una persona in carne e ossa',
  "voglio parlare con un dipendente dell'anagrafe",
  'mi mettete in contatto con un funzionario?',
  'vorrei sentire un operatore',
  'posso scrivere a un operatore?',
  'volevo parlare con qualcuno per la tari',
  'Salve! Vorrei parlare con un operatore, grazie.',
  'parlare con operatore',
  'parla con un operatore',
  'mi risponde qualcuno?',
  'gentilmente potrei parlare direttamente con una persona?',
  'vorrei parlare con un addetto allo sportello',
  'voglio parlare con una persona non con un robot',
  'mi richiamate?',
  'richiamatemi per favore',
  "c'è qualcuno in ufficio?",
  'ho bisogno di assistenza da un operatore',
  'mi fate chiamare da un operatore?',
  'sono anziano e vorrei parlare con qualcuno',
] as const;

const ENGLISH_REQUESTS = [
  'I want to talk to a person',
  'can I speak to a human?',
  'operator',
  'human',
  'Human please!',
  'real person please',
  'speak to someone',
  "I'd like to speak with an operator",
  'can I talk to someone from the council?',
  'let me talk to a real person',
  'put me through to an operator',
  'connect me with a human please',
  'transfer me to an agent',
  'is there anyone there?',
  'is anybody there?',
  'anyone there?',
  'is there a human I can chat with?',
  'I need a human',
  'agent',
  'representative',
  'customer service',
  'hi, can I chat with a live agent?',
  'get me a person',
  'I want a real person, not a bot',
  'could someone call me back?',
  'can I get a callback from an operator?',
  'I would like to talk to a staff member',
  'can I speak to an employee at the registry office?',
  'talk to operator',
  'I need to speak to somebody',
  'Hello, is there a person I can talk to?',
  'how can I speak to a human being?',
  'I want to talk to an opertor',
  'can I have an operator please',
  'I want to speak with customer service',
  'live agent',
  'can someone contact me?',
  'please pass me to a human',
  'I would rather talk to a real human',
  'is there a human I can speak to',
  'can I talk to somone',
  'can you call me back?',
  'can I message a real person',
  'I need help from a human',
  "I'd like to be connected to an agent",
] as const;

// Knowledge-base questions that mention people, staff, operators or contacts without asking for one.
const ITALIAN_QUESTIONS = [
  "come contatto l'ufficio anagrafe",
  'qual è il numero della polizia locale',
  "chi è l'operatore ecologico che passa il martedì",
  'posso parlare al consiglio comunale?',
  "orari dell'URP",
  'il mio operatore telefonico',
  'persona con disabilità parcheggio',
  "quando passa l'operatore ecologico?",
  'come cambio operatore telefonico?',
  "posso delegare una persona a ritirare la carta d'identità?",
  'chi può ritirare il certificato al posto mio?',
  "come si prenota un appuntamento all'anagrafe",
  "qual è l'email dell'ufficio tributi",
  'numero di telefono del comune',
  'a chi mi devo rivolgere per il passaporto?',
  'contrassegno per persone disabili',
  'come si interviene in consiglio comunale',
  "posso fare la carta d'identità senza parlare con un operatore?",
  'bonus per persone anziane',
  "iscrizione all'albo degli operatori economici",
  'quanti dipendenti ha il comune?',
  'come diventare dipendente comunale',
  'voglio cambiare residenza',
  'vorrei sapere gli orari della biblioteca',
  "una persona a carico può avere l'ISEE?",
  "ho perso la carta d'identità, cosa devo fare?",
  "posso parlare con l'assistente sociale?",
  'come si chiama il sindaco?',
  'servizio di trasporto per persone con disabilità',
  'chiamare un taxi dalla stazione',
  'la persona che ha fatto la domanda è deceduta',
  'voglio parlare di una multa',
  "qualcuno sa quando apre l'anagrafe?",
  'cerco lavoro come operatore socio sanitario',
  'scrivere una lettera al sindaco',
  'mi passa il numero dell’anagrafe?',
  'come si diventa operatore di polizia locale?',
  'ho bisogno di una persona che ritiri il pacco per me',
  'la mia operatrice sanitaria non è venuta',
  'qualcuno ha abbandonato dei rifiuti in campagna',
  'vorrei qualcosa per la mia nonna',
  'quando passa la plastica',
  'posso mandare qualcuno a ritirare il certificato?',
  "non voglio parlare con un operatore, ditemi solo l'orario",
  'certificato di esistenza in vita di una persona',
  'ho parlato con un operatore ieri e mi ha detto di portare il documento',
  "l'operatore mi ha detto di tornare domani",
  'sono stato richiamato da un operatore ma non ho capito',
  "persone in coda all'anagrafe",
  "qualcuno chiami un'ambulanza, c'è un ferito in piazza",
  'io non ho bisogno di un operatore, vorrei solo il modulo',
  'assistenza domiciliare per anziani',
  'a chi posso parlare della mia pratica edilizia?',
] as const;

const ENGLISH_QUESTIONS = [
  'how do I contact the registry office',
  'when is the library open',
  'what is the phone number of the local police',
  'who is the waste collection operator',
  'can I speak at the council meeting?',
  'disabled person parking permit',
  'my mobile operator',
  'how do I become a council employee',
  'tour operator licence',
  'can someone else collect my ID card for me?',
  'I want to talk about my parking fine',
  'how many people live in the city',
  'human resources office',
  'I need a parking permit for a disabled person',
  'where can I find a real estate agent',
  'who is the person responsible for building permits',
  'can I register without speaking to anyone?',
  'I need the contact details of the school',
  'how do I apply for a job at the town hall',
  'can a friend pick up my certificate?',
  'what documents does a person need for residency?',
  'call a taxi',
  'transport service for people with disabilities',
  'what are the opening hours of customer service',
  'human rights office',
  'how do I report a problem with my phone operator',
  'is the registry office open on saturday?',
  'are there parking spaces for disabled people?',
  'is there a fee for a person over 65?',
  'how do I book an appointment with the registry office',
  'send someone to fix the street light',
  'i need to talk to a social worker',
  'how do I get an operator licence for a food truck',
  'how do I get a death certificate for a person who died abroad',
  'someone dumped rubbish on the street',
  'can a person with a disability call the helpline',
  'are you a real person?',
  'who is the contact person for the school canteen?',
  "I don't want to talk to a person, just tell me the opening hours",
  'I spoke to someone yesterday and they told me to come back',
  'the operator said my form was incomplete',
  'help for people with disabilities',
  'I was connected to an agent but the line dropped',
] as const;

describe('recognisePersonRequest: requests for a person', () => {
  it.each(ITALIAN_REQUESTS)('Italian: "%s"', (text) => {
    expect(recognisePersonRequest(text)).toBeDefined();
  });

  it.each(ENGLISH_REQUESTS)('English: "%s"', (text) => {
    expect(recognisePersonRequest(text)).toBeDefined();
  });
});

describe('recognisePersonRequest: questions that only mention people', () => {
  it.each(ITALIAN_QUESTIONS)('Italian: "%s"', (text) => {
    expect(recognisePersonRequest(text)).toBeUndefined();
  });

  it.each(ENGLISH_QUESTIONS)('English: "%s"', (text) => {
    expect(recognisePersonRequest(text)).toBeUndefined();
  });

  it('takes no question of the demo knowledge base or of its labelled question sets for a request', () => {
    const root = path.resolve(__dirname, '../..');
    const questions: string[] = [];
    for (const file of ['labelled-questions.json', 'holdout-questions.json']) {
      const set = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/kb', file), 'utf8')) as Array<{
        q: string;
      }>;
      questions.push(...set.map((s) => s.q));
    }
    for (const lang of ['it', 'en']) {
      const dir = path.join(root, 'knowledge', lang);
      for (const file of readdirSync(dir)) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const block = /^questions:\n((?:\s+- .*\n)+)/m.exec(text)?.[1] ?? '';
        questions.push(...[...block.matchAll(/- "?(.*?)"?$/gm)].map((m) => m[1] ?? ''));
      }
    }
    expect(questions.length).toBeGreaterThan(200);
    expect(questions.filter((q) => recognisePersonRequest(q))).toEqual([]);
  });
});

describe('recognisePersonRequest: the language of the request', () => {
  it.each([
    ['vorrei parlare con un operatore', 'it'],
    ["c'è qualcuno?", 'it'],
    ['I want to talk to a person', 'en'],
    ['is anybody there?', 'en'],
  ])('"%s" is written in %s', (text, lang) => {
    expect(recognisePersonRequest(text)?.lang).toBe(lang);
  });

  it('leaves the language open for a bare word that both languages use', () => {
    expect(recognisePersonRequest('operatore')?.lang).toBeUndefined();
    expect(recognisePersonRequest('human')?.lang).toBeUndefined();
  });

  it('ignores empty, button and very long input without failing', () => {
    expect(recognisePersonRequest('')).toBeUndefined();
    expect(recognisePersonRequest('menu:operator')).toBeUndefined();
    expect(recognisePersonRequest('kb:feedback:no:tari')).toBeUndefined();
    expect(recognisePersonRequest(`${'parola '.repeat(5000)}operatore`)).toBeUndefined();
  });
});
