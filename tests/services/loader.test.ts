import { main } from '../../src/services/cli';
import { InvalidDialogsError } from '../../src/services/errors';
import { loadDialogs, parseDialogFile, validateDialogDir } from '../../src/services/loader';

const FIXTURES = 'tests/fixtures/services';

describe('dialog file validation', () => {
  it('the demo dialogs are valid and have the ids the knowledge base references', async () => {
    const dialogs = await loadDialogs('dialogs');
    expect(dialogs.map((d) => d.definition.id).sort()).toEqual([
      'appuntamento-anagrafe',
      'iscrizione-scuola-infanzia',
      'pass-sosta-residenti',
      'segnalazione',
    ]);
  });

  it('reports every problem with its file and line', async () => {
    const { issues, dialogs } = await validateDialogDir(`${FIXTURES}/invalid`);
    expect(dialogs).toEqual([]);
    const lines = issues.map((i) => `${i.file}:${i.line}: ${i.reason}`);
    const bad = `${FIXTURES}/invalid/bad-fields.yaml`;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${bad}:11: steps\\.1 \\(colore\\)\\.type: Invalid discriminator value`),
        ),
        expect.stringMatching(new RegExp(`^${bad}:24: steps\\.3 \\(dettaglio\\): Unrecognized key: "promt"`)),
        expect.stringMatching(new RegExp(`^${bad}:21: steps\\.3 \\(dettaglio\\)\\.prompt: is required$`)),
        expect.stringMatching(
          new RegExp(`^${bad}:45: steps\\.7 \\(dopo\\)\\.slots\\.times\\.0: must be a time HH:MM`),
        ),
        expect.stringMatching(/syntax\.yml:\d+: YAML syntax: /),
        expect.stringMatching(/missing\.yaml:1: id: must be lower case letters/),
        expect.stringMatching(/missing\.yaml:1: title: is required$/),
        expect.stringMatching(/missing\.yaml:2: steps: a dialog needs at least one step/),
      ]),
    );
  });

  it('checks what the schema cannot: duplicate steps, conditions on later or unknown fields and options', () => {
    const text = `id: semantic
title: { it: Semantica, en: Semantics }
steps:
  - { id: tipo, type: choice, label: Tipo, prompt: Tipo?, options: [{ value: a, label: A }, { value: b, label: B }] }
  - { id: extra, type: text, label: Extra, prompt: Extra?, when: { field: tipo, equals: c } }
  - { id: tipo, type: number, label: N, prompt: N? }
  - { id: prima, type: yes_no, label: P, prompt: P?, when: { field: dopo, equals: true } }
  - { id: dopo, type: yes_no, label: D, prompt: D? }
  - { id: sn, type: text, label: S, prompt: S?, when: { field: dopo, equals: "si" } }
`;
    expect(parseDialogFile('semantic.yaml', text).issues.map((i) => `${i.line}: ${i.reason}`)).toEqual([
      '5: "c" is not an option of "tipo"',
      '6: duplicate step id "tipo"',
      '7: condition refers to "dopo", which is not an earlier step',
      '9: "dopo" is yes/no: compare it with true or false',
    ]);
  });

  it('checks a fee: euros with two decimals, a taxonomy code and an Italian IBAN', () => {
    const text = `id: fee
title: { it: Tassa, en: Fee }
steps:
  - { id: nome, type: text, label: Nome, prompt: Nome? }
fee:
  amount: 16.505
  description: Diritti di segreteria
  category: diritti
  iban: DE89370400440532013000
`;
    expect(parseDialogFile('fee.yaml', text).issues.map((i) => `${i.line}: ${i.reason}`)).toEqual([
      '6: fee.amount: must be euros with at most two decimals',
      '8: fee.category: must be a pagoPA taxonomy code such as 9/0101108TS/',
      '9: fee.iban: must be an Italian IBAN (27 characters)',
    ]);
  });

  it('refuses duplicate dialog ids across files', async () => {
    const { issues } = await validateDialogDir(`${FIXTURES}/duplicate`);
    expect(issues).toEqual([
      {
        file: `${FIXTURES}/duplicate/two.yaml`,
        line: 1,
        reason: `dialog id "segnalazione" is already used by ${FIXTURES}/duplicate/one.yaml`,
      },
    ]);
  });

  it('start-up refuses invalid files with a named error listing file:line reasons', async () => {
    await expect(loadDialogs(`${FIXTURES}/invalid`)).rejects.toThrow(InvalidDialogsError);
    await expect(loadDialogs(`${FIXTURES}/invalid`)).rejects.toThrow(
      /bad-fields\.yaml:11: steps\.1 \(colore\)\.type/,
    );
    await expect(loadDialogs(`${FIXTURES}/nowhere`)).rejects.toThrow(/cannot read directory/);
  });
});

describe('dialogs validate CLI', () => {
  it('exits 0 on valid files and 1 with file:line: reason lines on invalid ones', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await main(
        ['validate', 'dialogs'],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(out.at(-1)).toBe('4 dialog file(s) valid.');
    expect(
      await main(
        ['validate', `${FIXTURES}/invalid`],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err).toContainEqual(
      expect.stringMatching(/^tests\/fixtures\/services\/invalid\/bad-fields\.yaml:24: /),
    );
    expect(
      await main(
        ['lint', `${FIXTURES}/desks`],
        (l) => out.push(l),
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(out.at(-1)).toBe('2 dialog file(s) valid.');
    expect(
      await main(
        ['check'],
        () => undefined,
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(err.at(-1)).toMatch(/^Usage:/);
  });
});
