import { type ButtonValue, buttonValue, menuValue, parseButtonValue } from '../../src/engine/button-values';

const MEANINGS: ButtonValue[] = [
  { kind: 'menu', action: 'faq' },
  { kind: 'menu', action: 'services' },
  { kind: 'menu', action: 'operator' },
  { kind: 'service', dialogId: 'pass-sosta-residenti' },
  { kind: 'kb-entry', entry: 'anagrafe-orari' },
  { kind: 'kb-feedback', useful: true, entry: 'anagrafe-orari' },
  { kind: 'kb-feedback', useful: false, entry: 'tari-pagamento' },
  { kind: 'form', action: 'back' },
  { kind: 'form', action: 'resume' },
  { kind: 'form', action: 'skip' },
  { kind: 'form', action: 'confirm' },
  { kind: 'form', action: 'edit' },
  { kind: 'form-edit', step: 'codice_fiscale' },
  { kind: 'form-slot', slot: '2026-11-24T09:30' },
  { kind: 'form-rank', option: 'peter-pan' },
  { kind: 'form', action: 'rank-done' },
  { kind: 'form', action: 'rank-restart' },
];

describe('button values: one module makes and reads them', () => {
  it.each(MEANINGS.map((m) => [buttonValue(m), m] as const))(
    'reads "%s" back as what it was made for',
    (raw, meaning) => {
      expect(parseButtonValue(raw)).toEqual(meaning);
    },
  );

  it('keeps the values the channels already carry (old buttons keep working after an update)', () => {
    expect(menuValue('operator')).toBe('menu:operator');
    expect(buttonValue({ kind: 'kb-feedback', useful: true, entry: 'anagrafe-orari' })).toBe(
      'kb:feedback:yes:anagrafe-orari',
    );
    expect(buttonValue({ kind: 'form-slot', slot: '2026-11-24T09:30' })).toBe('form:slot:2026-11-24T09:30');
  });

  it.each([
    'Maria Rossi',
    'cie',
    'sì',
    'menu:nothing',
    'menu:faq:extra',
    'kb:feedback:maybe:x',
    'kb:feedback:yes:',
    'kb:entry:',
    'form:slot:tomorrow',
    'form:explode',
    'form:rank:',
    'form:rank:Peter Pan',
    'service:',
    'service:a b',
    '',
  ])('does not take "%s" for one of its buttons', (raw) => {
    expect(parseButtonValue(raw)).toBeUndefined();
  });
});
