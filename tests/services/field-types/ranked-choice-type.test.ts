import { rankedChoiceField } from '../../../src/services/field-types/ranked-choice-type';
import { parseDialogFile } from '../../../src/services/loader';
import { stepSchema } from '../../../src/services/schema';

const STEP = stepSchema.parse({
  id: 'scuole',
  type: 'ranked_choice',
  label: { it: 'Scuole', en: 'Schools' },
  prompt: { it: 'Quali scuole?', en: 'Which schools?' },
  options: [
    { value: 'arcobaleno', label: 'Scuola Arcobaleno' },
    { value: 'girasole', label: 'Scuola Girasole' },
    { value: 'sole-luna', label: { it: 'Scuola Sole e Luna', en: 'Sun and Moon School' } },
    { value: 'aquilone', label: 'Scuola Aquilone' },
  ],
});
if (STEP.type !== 'ranked_choice') throw new Error('not a ranked choice');
const step = STEP;
const CONTEXT = { message: {}, today: '2026-12-06' };
const validate = (input: string) => rankedChoiceField.validate(input, step, CONTEXT);

describe('the ranked_choice field type', () => {
  it('defaults to at most 3 and at least 1 option', () => {
    expect({ min: step.min, max: step.max }).toEqual({ min: 1, max: 3 });
  });

  it('reads numbers, labels and a pressed button in order, as an array of option values', () => {
    expect(validate('2, 1, 4')).toEqual({ ok: true, value: ['girasole', 'arcobaleno', 'aquilone'] });
    expect(validate('2 1')).toEqual({ ok: true, value: ['girasole', 'arcobaleno'] });
    expect(validate('Arcobaleno poi Girasole')).toEqual({ ok: true, value: ['arcobaleno', 'girasole'] });
    expect(validate('1. Aquilone\n2. Sole e Luna')).toEqual({ ok: true, value: ['aquilone', 'sole-luna'] });
    expect(validate('Sun and Moon School; Girasole')).toEqual({ ok: true, value: ['sole-luna', 'girasole'] });
    expect(validate('girasole')).toEqual({ ok: true, value: ['girasole'] });
  });

  it('refuses unknown options, repeats and too many options, naming what is wrong', () => {
    expect(validate('Arcobaleno, Scuola Pinocchio')).toEqual({
      ok: false,
      reason: 'ranked_unknown',
      vars: { item: 'Scuola Pinocchio' },
    });
    expect(validate('2, 1, 2')).toEqual({
      ok: false,
      reason: 'ranked_repeated',
      vars: { item: 'Scuola Girasole', itemEn: 'Scuola Girasole' },
    });
    expect(validate('1, 2, 3, 4')).toEqual({ ok: false, reason: 'ranked_too_many', vars: { max: 3 } });
    const two = { ...step, min: 2 };
    expect(rankedChoiceField.validate('1', two, CONTEXT)).toEqual({
      ok: false,
      reason: 'ranked_too_few',
      vars: { min: 2 },
    });
    for (const reason of ['ranked_unknown', 'ranked_repeated', 'ranked_too_few', 'ranked_too_many'])
      expect(Object.keys(rankedChoiceField.reasons?.[reason] ?? {})).toEqual(['it', 'en']);
  });

  it('formats the ranking in the language and offers the options as buttons', () => {
    expect(rankedChoiceField.format?.(['sole-luna', 'arcobaleno'], step, 'it')).toBe(
      '1. Scuola Sole e Luna; 2. Scuola Arcobaleno',
    );
    expect(rankedChoiceField.format?.(['sole-luna'], step, 'en')).toBe('1. Sun and Moon School');
    expect(rankedChoiceField.choices?.(step, 'it').map((c) => c.value)).toEqual([
      'arcobaleno',
      'girasole',
      'sole-luna',
      'aquilone',
    ]);
  });

  it('lints duplicate options, min above max and max above the number of options', () => {
    const file = `id: scelta
title: { it: Scelta, en: Choice }
steps:
  - id: scuole
    type: ranked_choice
    label: Scuole
    prompt: Quali?
    max: 4
    min: 5
    options:
      - { value: a, label: A }
      - { value: a, label: B }
      - { value: c, label: C }
`;
    const { issues } = parseDialogFile('scelta.yaml', file);
    expect(issues.map((i) => i.reason)).toEqual([
      'duplicate option value "a"',
      'min is greater than max',
      'max is greater than the number of options',
    ]);
    const fine = parseDialogFile('scelta.yaml', file.replace('min: 5', 'min: 1').replace('max: 4', 'max: 2'));
    expect(fine.issues.map((i) => i.reason)).toEqual(['duplicate option value "a"']);
  });
});
