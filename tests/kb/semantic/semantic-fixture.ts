import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One entry of the test comune's knowledge base. */
interface FixtureEntry {
  id: string;
  title: string;
  questions: string[];
  body: string;
}

/**
 * A small comune's knowledge base (Italian, no synonyms.yml), enough entries for the semantic vote to count.
 * Written for these tests, not tuned on: it only needs ordinary entries a citizen could ask about.
 */
export const FIXTURE_ENTRIES: FixtureEntry[] = [
  {
    id: 'ingombranti',
    title: 'Ritiro a domicilio dei rifiuti ingombranti',
    questions: ['Come prenoto il ritiro degli ingombranti?', 'Il comune ritira i mobili vecchi?'],
    body: 'Il ritiro a domicilio è gratuito una volta al mese: prenota al numero verde indicando i pezzi da ritirare.',
  },
  {
    id: 'residenza',
    title: 'Cambio di residenza',
    questions: ['Come cambio la residenza?', 'Mi trasferisco in un altro comune, cosa devo fare?'],
    body: "La dichiarazione di residenza si presenta all'anagrafe entro 20 giorni dal trasferimento.",
  },
  {
    id: 'carta-identita',
    title: "Carta d'identità elettronica",
    questions: ["Come richiedo la carta d'identità?", "Quanto costa la carta d'identità?"],
    body: "Si prenota sull'agenda del Ministero; servono una fototessera e la vecchia carta. Costa 22,21 euro.",
  },
  {
    id: 'mensa',
    title: 'Mensa scolastica',
    questions: ['Come iscrivo mio figlio alla mensa?', 'Quanto costa il buono pasto?'],
    body: "L'iscrizione alla refezione si fa online a settembre; la tariffa dipende dall'ISEE.",
  },
  {
    id: 'biblioteca',
    title: 'Biblioteca civica: orari e prestito',
    questions: ['Che orari fa la biblioteca?', 'Come prendo in prestito un libro?'],
    body: 'La biblioteca è aperta dal martedì al sabato; il prestito dura 30 giorni ed è rinnovabile.',
  },
  {
    id: 'matrimonio',
    title: 'Matrimonio civile',
    questions: ['Come ci si sposa in comune?', 'Dove si celebrano i matrimoni civili?'],
    body: 'Le pubblicazioni si chiedono allo stato civile; la cerimonia si tiene nella sala consiliare.',
  },
  {
    id: 'pass-residenti',
    title: 'Permesso di sosta per residenti',
    questions: ['Come ottengo il pass per parcheggiare sotto casa?', 'Quanto costa il permesso di sosta?'],
    body: "Il permesso vale un anno nella zona di residenza; si chiede all'ufficio mobilità con il libretto dell'auto.",
  },
  {
    id: 'lampade-votive',
    title: 'Lampade votive al cimitero',
    questions: ['Come attivo la luce votiva?', 'Quanto si paga per la lampada al cimitero?'],
    body: "L'allacciamento si chiede all'ufficio cimiteri; il canone annuo arriva a casa con un avviso.",
  },
  {
    id: 'dehors',
    title: 'Tavolini e dehors dei locali',
    questions: ['Come chiedo il suolo pubblico per i tavolini del bar?'],
    body: "La concessione di suolo pubblico per dehors si chiede al SUAP con la planimetria dell'area.",
  },
  {
    id: 'asilo-nido',
    title: 'Iscrizione al nido comunale',
    questions: ['Come iscrivo il bambino al nido?', 'Quando escono le graduatorie del nido?'],
    body: 'Le domande si presentano a marzo; la graduatoria esce a giugno e la retta dipende dall’ISEE.',
  },
  {
    id: 'multe',
    title: 'Pagare una multa',
    questions: ['Come pago una multa?', 'Posso pagare il verbale online?'],
    body: 'Il verbale si paga con pagoPA entro 60 giorni, con lo sconto del 30% entro 5 giorni.',
  },
  {
    id: 'tari',
    title: 'Tassa sui rifiuti (TARI)',
    questions: ['Quando si paga la TARI?', 'Come si calcola la tassa sui rifiuti?'],
    body: "La TARI si paga in due rate, a maggio e a novembre; l'importo dipende dai metri quadri e dagli occupanti.",
  },
];

/**
 * Words the fake model treats as one meaning, as a real multilingual model would know them: the citizen's
 * everyday words next to the entries' own.
 */
export const FIXTURE_SYNONYMS: ReadonlyArray<readonly string[]> = [
  [
    'ingombranti',
    'divano',
    'materasso',
    'armadio',
    'mobili',
    'frigorifero',
    'ciarpame',
    'sgombero',
    'cantina',
  ],
  ['ritiro', 'portare', 'butto', 'buttare', 'liberarmi', 'sbarazzarmi'],
  ['domicilio', 'casa'],
  ['residenza', 'trasloco', 'traslocato', 'trasferisco'],
  ['matrimonio', 'sposarci', 'sposarmi', 'nozze'],
];

/** The entry file of a fixture entry. */
export function entryFile(e: FixtureEntry): string {
  const questions = e.questions.map((q) => `  - ${JSON.stringify(q)}`).join('\n');
  return `---\nid: ${e.id}\nlang: it\ntitle: ${JSON.stringify(e.title)}\nquestions:\n${questions}\n---\n\n${e.body}\n`;
}

/** Writes the fixture knowledge base to a new temporary folder and resolves its path. */
export async function writeFixtureKnowledge(
  entries: readonly FixtureEntry[] = FIXTURE_ENTRIES,
): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sportello-semantic-'));
  await fs.mkdir(path.join(dir, 'it'));
  for (const e of entries) await fs.writeFile(path.join(dir, 'it', `${e.id}.md`), entryFile(e));
  return dir;
}
