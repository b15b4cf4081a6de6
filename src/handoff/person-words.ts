import type { Lang } from '../engine/types';

// The words the person-request recogniser reasons with, accent-folded and lower case as `normalize()` leaves
// them ("c'è" → "c e", "I'd" → "i d"). Word classes, not sentences: the rules in person-request.ts combine them.

/** How much a noun alone says: `strong` nouns mean staff ("operatore"), `weak` ones any person ("qualcuno"). */
export type Strength = 'strong' | 'weak';

/** The items of a list written in a template string: words, or phrases separated by `|`. */
function words(text: string, separator: string | RegExp = /\s+/): string[] {
  return text
    .split(separator)
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** Nouns (one or more words) for a person to talk to. */
export const PERSON_NOUNS: ReadonlyMap<string, Strength> = new Map<string, Strength>([
  ...words(`operatore operatori operatrice operatrici operator operators umano umana umani essere_umano
    esseri_umani human humans human_being human_beings agent agents live_agent representative
    representatives rep customer_service customer_support customer_care servizio_clienti
    assistenza_clienti helpdesk help_desk`).map((w): [string, Strength] => [
    w.replaceAll('_', ' '),
    'strong',
  ]),
  ...words(`persona persone person people qualcuno qualcuna nessuno someone somebody anyone anybody
    impiegato impiegata impiegati dipendente dipendenti funzionario funzionaria funzionari addetto
    addetta addetti responsabile personale collega colleague staff staff_member member_of_staff
    employee employees clerk official adviser advisor`).map((w): [string, Strength] => [
    w.replaceAll('_', ' '),
    'weak',
  ]),
]);

/** Nouns a typo may be forgiven on (the distinctive ones; short or common words never are). */
export const FUZZY_NOUNS = words(
  'operatore operatori operatrice operator operators qualcuno someone somebody impiegato representative',
);

/** Real words one edit away from a fuzzy noun or verb, which are not typos of it. */
export const NOT_TYPOS = new Set(
  words(`operato operata operati operate operare impegnato impegnata impegnati contrattare parlate
    someones`),
);

/**
 * Words right after a noun that make it someone else than the city hall's staff ("operatore ecologico",
 * "human rights", "persona giuridica", "operator licence").
 */
export const NOT_STAFF_AFTER = new Set(
  words(`ecologico ecologica ecologici ecologiche telefonico telefonica telefonici mobile sanitario
    sanitaria sanitari socio sociosanitario turistico turistica turistici economico economici
    economica ambientale cimiteriale scolastico scolastica logistico di_polizia del_118 di_rete
    giuridica giuridiche fisica a_carico con_disabilita disabile disabili anziana anziano anziane
    anziani deceduta deceduto defunta defunto scomparsa scomparso minorenne invalida invalido
    resources rights remains licence license licences licenses permit with_a_disability
    with_disabilities who_died`).map((w) => w.replaceAll('_', ' ')),
);

/** Articles, possessives of the city hall's side and similar words allowed before a person noun. */
export const DETERMINERS = new Set(
  words(`un uno una l lo la il i gli le qualche suo sua suoi vostro vostra vostri vostre altro altra
    altri a an the some any one of your yours another other`),
);

/** Adjectives before a noun that mean "a real person" ("una vera persona", "a live agent"). */
export const REAL_BEFORE = new Set(words('vero vera veri vere real actual live proper'));

/** Words after a noun that mean "a real person" ("persona vera", "operatore umano", "in carne e ossa"). */
export const REAL_AFTER = new Set(
  words('vero|vera|veri|vere|reale|reali|umano|umana|umani|in carne e ossa|in carne ed ossa|in person', '|'),
);

/** What a verb says about the person after it, and in which language. */
export interface VerbInfo {
  /** Absent for words both languages use ("chat"). */
  lang?: Lang;
  /**
   * `contact`: talk, call, connect… — any person after it is asked for. `want`: want, need, have — a strong
   * noun is asked for, a weak one only when nothing but its office follows. `clitic`: "passa", "risponde" —
   * only with "mi" before it ("mi passa un operatore", not "quando passa l'operatore").
   */
  kind: 'contact' | 'want' | 'clitic';
}

function verbs(lang: Lang | undefined, kind: VerbInfo['kind'], text: string): Array<[string, VerbInfo]> {
  return words(text).map((w) => [w, lang ? { lang, kind } : { kind }]);
}

/** Verb forms (and nouns used like verbs: "un contatto con", "a callback from") that may ask for a person. */
export const VERBS: ReadonlyMap<string, VerbInfo> = new Map([
  ...verbs(
    'it',
    'contact',
    `parlare parlo parli parla parlate parliamo parlerei parleremmo parlerebbe parlarne parlarci
    parlarle parlargli parlarvi parlando parlato contattato contattata chattare chatto chatti chatta
    chattate chattiamo chatterei chattarci scrivere scrivo scrivi scrive scrivete scriviamo
    scriverei scrivergli scriverle comunicare comunico comunicazione conversare conversazione
    dialogare sentire sentirei sentirvi contattare contatto contatti contatta contattate contattarvi
    contattarmi contatterei contattando collegare collegarmi collegarci collegami collegatemi
    collega colleghi collegamento trasferire trasferirmi trasferiscimi trasferisca trasferisci
    trasferitemi chiamare chiamarmi chiamarci chiamami chiamatemi chiami chiamate chiamerei chiamata
    richiamare richiamarmi richiamatemi richiami richiamato richiamata ricontattare ricontattarmi
    ricontattato ricontattata telefonare telefonarmi telefonata`,
  ),
  ...verbs(
    'it',
    'want',
    `voglio vorrei volevo vogliamo vorremmo serve servirebbe servono bisogno cerco cercavo chiedo
    richiedo avere avrei dammi datemi dia preferisco preferirei aiuto assistenza supporto`,
  ),
  ...verbs(
    'it',
    'clitic',
    `passa passi passare passate passerebbe passereste passami passarmi passatemi passaci passarci
    risponde risponda rispondete rispondono rispondimi rispondermi rispondetemi`,
  ),
  ...verbs(
    'en',
    'contact',
    `talk talking speak speaking chatting converse communicate contact contacting reach call
    calling callback ring phone connect connected connecting transfer transferred through touch
    escalate hold message write`,
  ),
  ...verbs(
    'en',
    'want',
    'want wants wanna need needs like give get have request prefer help assistance support',
  ),
  ...verbs('en', 'clitic', 'pass hand send put'),
  ...verbs(undefined, 'contact', 'chat'),
]);

/**
 * Past participles that ask only in the passive ("vorrei essere richiamato da un operatore", "to be connected
 * to an agent"): "ho parlato con un operatore ieri" tells what happened.
 */
export const PARTICIPLES = new Set(
  words(
    `parlato contattato contattata richiamato richiamata ricontattato ricontattata connected
    transferred`,
  ),
);

/** Words that make a participle passive. */
export const PASSIVE = new Set(words('essere venire venir farmi farci be being get'));

/**
 * Short callback requests with no person named: "mi richiamate?", "richiamatemi", "can you call me back?".
 * Made only of these words, with a callback verb and "mi"/"me" among them.
 */
export const CALLBACK_ONLY = new Set(
  words(`mi ci me us you can could would will potete potreste puo potrebbe vi prego please back indietro
    per favore domani`),
);

/** The verbs a typo may be forgiven on. */
export const FUZZY_VERBS = words('parlare chattare contattare');

/** Words that may stand between a verb and the person noun ("parlare direttamente con un", "speak to a"). */
export const GLUE = new Set(
  words(`con a ad al allo alla ai agli alle col coi da dal dallo dalla dai dagli dalle mi ci me ti vi si
    direttamente subito ora adesso pure magari per favore piacere cortesia gentilmente cortesemente
    possibilmente davvero attimo momento in telefono telefonicamente via qui anche solo almeno
    finalmente to with me us through over in touch directly right now please just quickly
    immediately by phone on for minute moment from back`),
);

/** Extra glue after "want" verbs: "ho bisogno di un operatore". */
export const WANT_GLUE = new Set(words('di del dello della dei degli delle of'));

/** Words a "want" needs before it to be one ("would like", "I'd like"). */
export const LIKE_BEFORE = new Set(words('would d should'));

/**
 * Verb forms carrying their own "mi"/"ci" ("passami", "richiamatemi", "chiamarmi"): they ask for the person
 * by themselves. Listed, because the ending alone cannot tell "chiamami" (call me) from "chiami" (you call).
 */
export const OWN_CLITIC = new Set(
  words(`passami passarmi passatemi passaci passarci rispondimi rispondermi rispondetemi chiamarmi
    chiamarci chiamami chiamatemi richiamarmi richiamami richiamatemi ricontattarmi contattarmi
    telefonarmi collegarmi collegarci collegami collegatemi trasferirmi trasferiscimi trasferitemi`),
);

/** Clitic pronouns that make "passa", "risponde"… ask for the person ("mi passa"), and English "me". */
export const CLITICS = new Set(words('mi ci me us'));

/** Callback verbs, by language: "un operatore mi può richiamare?", "can someone call me back?". */
export const CALLBACK_VERBS: ReadonlyMap<string, Lang> = new Map([
  ...words(`chiamare chiami chiama chiamasse chiamarmi chiamami chiamate chiamatemi richiamare richiami
    richiama richiamasse richiamate richiamatemi richiamami richiamarmi ricontattare ricontatti
    ricontatta ricontattarmi contattare contatti contatta contattarmi telefonare telefoni
    telefonarmi rispondere risponde risponda rispondermi`).map((w): [string, Lang] => [w, 'it']),
  ...words('call ring phone contact answer text email').map((w): [string, Lang] => [w, 'en']),
]);

/** Words before a subject that may ask someone to call: "can someone call me", "che un operatore mi chiami". */
export const SUBJECT_LEADS = new Set(
  words(`can could would will may might please have let get puo potrebbe possono potrebbero potete puoi
    che se e ma allora so`),
);

/** Opening words of "is anybody there?" questions. */
export const PRESENCE_OPENERS: ReadonlyArray<{ words: string[]; lang: Lang; needsTail?: true }> = [
  { words: ['c', 'e', 'mica'], lang: 'it' },
  { words: ['c', 'e'], lang: 'it' },
  { words: ['ce'], lang: 'it' },
  { words: ['ci', 'sono'], lang: 'it' },
  { words: ['ci', 'sta'], lang: 'it' },
  { words: ['is', 'there'], lang: 'en' },
  { words: ['are', 'there'], lang: 'en' },
  // "is"/"are" open too many questions ("is the office open"): they need "there", "available"…
  { words: ['is'], lang: 'en', needsTail: true },
  { words: ['are'], lang: 'en', needsTail: true },
];

/** Pronouns that may ask "anyone there?" with no opener. */
export const INDEFINITE = new Set(words('qualcuno qualcuna nessuno someone somebody anyone anybody'));

/** What may follow the person in "is anybody there?" questions. */
export const PRESENCE_TAILS = new Set(
  words(
    `li|la|qui|c e|in linea|disponibile|disponibili|online|in ascolto|dall altra parte|
    che mi risponda|che mi risponde|che risponde|con cui parlare|a cui parlare|there|here|around|
    con cui chattare|a cui scrivere|available|online|listening|i can talk to|i can speak to|i can chat with|
    i can chat to|i could talk to|i could speak to|to talk to|to speak to|to chat with|at the other end|
    on the other side`,
    '|',
  ),
);

/** Words after the person that name their office: "qualcuno del comune", "someone from the council". */
export const AFFILIATION = new Set(
  words('del dello della dell dei degli delle dal dall dalla di in al allo alla all from at of on in'),
);

/** Greetings, thanks and politeness trimmed from both ends of a sentence ("buongiorno, … grazie"). */
export const FILLERS = new Set(
  words(
    `ciao|salve|buongiorno|buonasera|buon giorno|buona sera|buon pomeriggio|buondi|gentile|gentili|
    egregio|scusi|scusa|scusate|mi scusi|mi scusa|senta|senti|ehi|ehm|eh|ok|okay|allora|si|prego|
    per favore|per piacere|per cortesia|perfavore|perpiacere|cortesemente|gentilmente|grazie|
    grazie mille|mille grazie|grazie in anticipo|ti prego|vi prego|la prego|subito|urgente|adesso|
    ora|immediatamente|please|pls|plz|hello|hi|hey|good morning|good afternoon|good evening|thanks|
    thank you|thank you very much|many thanks|thx|excuse me|sorry|now|right now|asap|immediately|
    dear|yes|hello there`,
    '|',
  ),
);

/** Fillers that ask politely: with one, even a weak noun alone is a request ("una persona, per favore"). */
export const POLITE = new Set(
  words(
    'per favore|per piacere|per cortesia|perfavore|perpiacere|cortesemente|gentilmente|ti prego|vi prego|la prego|please|pls|plz',
    '|',
  ),
);

/** Words that turn the request around: "senza parlare con un operatore", "without speaking to anyone". */
export const WITHOUT = new Set(words('senza without'));

/** "non voglio…", "don't need…": a negation right before a want verb. */
export const NEGATIONS = new Set(words('non t not no never'));
