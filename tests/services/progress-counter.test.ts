import { loadDialogs } from '../../src/services/loader';
import type { DialogDefinition } from '../../src/services/schema';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { CF, Conversation, PDF, PHOTO, type Say, startEngine } from './transcript';

const PROGRESS = /Domanda (\d+) (di|su un massimo di) (\d+)/;

/** What a citizen answers to each question of the demo dialogs, whatever the branch. */
const COMMON: Record<string, Say> = {
  codice_fiscale: CF,
  nome: 'Maria Rossi',
  indirizzo: 'Via Roma 12',
  targa: 'AB123CD',
  libretto: { attachments: [PDF] },
  comodato: { attachments: [PDF] },
  telefono: '333 1234567',
  servizio: 'cie',
  luogo: 'Via Garibaldi 3, davanti alla scuola',
  foto: { attachments: [PHOTO] },
  descrizione: 'Il lampione è spento da tre giorni',
  email: 'maria.rossi@example.org',
  pericolo: 'no',
  genitore_cf: CF,
  genitore_nome: 'Maria Rossi',
  bambino_nome: 'Luca Bianchi',
  bambino_cf: 'BNCLCU23C14H501T',
  bambino_nascita: '14/03/2023',
  scuole: '4, 1, 2',
  certificato: { attachments: [PDF] },
  fratelli: 'no',
  genitori_lavoratori: 'sì',
  isee: '12500',
};

/** The branches worth walking: each value of every field a `when` reads. */
const BRANCHES: Record<string, Array<Record<string, Say>>> = {
  'pass-sosta-residenti': [{ intestatario: 'sì' }, { intestatario: 'no' }],
  segnalazione: [
    { categoria: 'illuminazione', ricontatto: 'sì' },
    { categoria: 'rifiuti', ricontatto: 'no' },
    { categoria: 'strade', ricontatto: 'no' },
    { categoria: 'verde', ricontatto: 'sì' },
  ],
  'appuntamento-anagrafe': [{}],
  'iscrizione-scuola-infanzia': [{ disabilita: 'sì' }, { disabilita: 'no' }],
};

interface Shown {
  step: string;
  n: number;
  total: number;
  exact: boolean;
}

/** Walks a form to its summary with the branch's answers; resolves the counter shown at each question. */
async function walk(dialogId: string, branch: Record<string, Say>): Promise<Shown[]> {
  const { engine } = await startEngine(new MemoryStorage());
  const chat = new Conversation(engine);
  await chat.send('ciao');
  await chat.send({ text: dialogId, value: `service:${dialogId}` });
  const shown: Shown[] = [];
  for (let turn = 0; turn < 20; turn++) {
    const state = await engine.getState(chat.ref);
    const step = state?.stack.at(-1)?.step ?? '';
    if (!step.startsWith('field:')) return shown;
    const id = step.slice('field:'.length);
    const match = PROGRESS.exec(chat.text);
    if (!match) throw new Error(`no counter at ${id}: ${chat.text}`);
    shown.push({ step: id, n: Number(match[1]), total: Number(match[3]), exact: match[2] === 'di' });
    if (id === 'data') {
      await chat.press(chat.choices[0]?.value ?? '');
      continue;
    }
    const answer = branch[id] ?? COMMON[id];
    if (answer === undefined) throw new Error(`no answer for ${id}`);
    await chat.send(answer);
  }
  throw new Error('the form did not reach its summary');
}

describe('the steps counter of the demo dialogs never promises a total that changes (issue 26, item 11)', () => {
  let definitions: DialogDefinition[];
  beforeAll(async () => {
    definitions = (await loadDialogs('dialogs')).map((l) => l.definition);
  });

  it('walks every demo dialog', () => {
    expect(definitions.map((d) => d.id).sort()).toEqual(Object.keys(BRANCHES).sort());
  });

  for (const [dialogId, branches] of Object.entries(BRANCHES)) {
    it.each(branches.map((b) => [JSON.stringify(b), b] as const))(
      `${dialogId} %s: numbers 1, 2, 3…; a total that never grows and is never below the questions asked`,
      async (_name, branch) => {
        const shown = await walk(dialogId, branch);
        expect(shown.map((s) => s.n)).toEqual(shown.map((_s, i) => i + 1));
        for (let i = 1; i < shown.length; i++) {
          const [before, now] = [shown[i - 1] as Shown, shown[i] as Shown];
          expect(now.total).toBeLessThanOrEqual(before.total);
          // Once a total is exact it stays the same to the end.
          if (before.exact) expect(now).toMatchObject({ exact: true, total: before.total });
        }
        // No total is below what was asked, and an exact one is what was asked.
        for (const s of shown) {
          expect(s.total).toBeGreaterThanOrEqual(shown.length);
          if (s.exact) expect(s.total).toBe(shown.length);
        }
      },
    );
  }

  it('says "su un massimo di" while a conditional question may still come, and the exact total after', async () => {
    const shown = await walk('segnalazione', { categoria: 'rifiuti', ricontatto: 'sì' });
    expect(shown.map((s) => `${s.step} ${s.n}${s.exact ? ' di ' : ' su un massimo di '}${s.total}`)).toEqual([
      'categoria 1 su un massimo di 7',
      'luogo 2 su un massimo di 6',
      'foto 3 su un massimo di 6',
      'descrizione 4 su un massimo di 6',
      'ricontatto 5 su un massimo di 6',
      'email 6 di 6',
    ]);
  });
});
