import fc from 'fast-check';
import {
  codiceFiscaleCheckChar,
  decodeOmocodia,
  OMOCODE_LETTERS,
  OMOCODE_POSITIONS,
  validateCodiceFiscale,
} from '../../../src/services/validators/codice-fiscale';

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const digit = fc.integer({ min: 0, max: 9 }).map(String);

/** A valid codice fiscale body (15 chars): surname, name, year, month, day (+40 for women), town code. */
const body = fc
  .record({
    name: fc.array(letter, { minLength: 6, maxLength: 6 }),
    year: fc.integer({ min: 0, max: 99 }),
    month: fc.constantFrom(...'ABCDEHLMPRST'.split('')),
    day: fc.integer({ min: 1, max: 28 }),
    female: fc.boolean(),
    town: fc.tuple(letter, digit, digit, digit),
  })
  .map(
    (r) =>
      `${r.name.join('')}${String(r.year).padStart(2, '0')}${r.month}${String(r.day + (r.female ? 40 : 0)).padStart(2, '0')}${r.town.join('')}`,
  );
const codice = body.map((b) => b + codiceFiscaleCheckChar(b));

describe('codice fiscale validator (properties)', () => {
  it('accepts every well-formed code, whatever the case and spacing, and normalises it', () => {
    fc.assert(
      fc.property(codice, fc.boolean(), (cf, spaced) => {
        const typed = spaced
          ? `${cf.slice(0, 6)} ${cf.slice(6, 11)} ${cf.slice(11)}`.toLowerCase()
          : cf.toLowerCase();
        expect(validateCodiceFiscale(typed)).toEqual({ ok: true, value: cf });
      }),
    );
  });

  it('accepts omocode variants (digits replaced by L…V) with their recomputed check character', () => {
    fc.assert(
      fc.property(codice, fc.subarray([...OMOCODE_POSITIONS], { minLength: 1 }), (cf, positions) => {
        const chars = cf.slice(0, 15).split('');
        for (const p of positions) chars[p] = OMOCODE_LETTERS.charAt(Number(chars[p]));
        const omocode = chars.join('') + codiceFiscaleCheckChar(chars.join(''));
        expect(validateCodiceFiscale(omocode)).toEqual({ ok: true, value: omocode });
        expect(decodeOmocodia(omocode).slice(0, 15)).toBe(cf.slice(0, 15));
      }),
    );
  });

  it('refuses any other check character', () => {
    fc.assert(
      fc.property(codice, letter, (cf, other) => {
        fc.pre(other !== cf.charAt(15));
        expect(validateCodiceFiscale(cf.slice(0, 15) + other)).toEqual({ ok: false, reason: 'cf_checksum' });
      }),
    );
  });

  it('detects any single substitution of a surname/name letter or a digit', () => {
    const positions = [0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14];
    fc.assert(
      fc.property(codice, fc.constantFrom(...positions), fc.integer({ min: 1, max: 25 }), (cf, p, shift) => {
        const c = cf.charAt(p);
        const isDigit = c >= '0' && c <= '9';
        const replaced = isDigit
          ? String((Number(c) + (shift % 9) + 1) % 10)
          : String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + shift) % 26));
        const mutated = cf.slice(0, p) + replaced + cf.slice(p + 1);
        expect(validateCodiceFiscale(mutated).ok).toBe(false);
      }),
    );
  });

  it('refuses wrong lengths and impossible dates with their own reasons', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABC123'.split('')), maxLength: 30 }), (s) => {
        fc.pre(s.length !== 16);
        expect(validateCodiceFiscale(s)).toMatchObject({ ok: false, reason: 'cf_length' });
      }),
    );
    const feb30 = 'RSSMRA80B30H501';
    expect(validateCodiceFiscale(feb30 + codiceFiscaleCheckChar(feb30))).toMatchObject({ reason: 'cf_date' });
    expect(validateCodiceFiscale('RSSMRA80A01H501U')).toEqual({ ok: true, value: 'RSSMRA80A01H501U' });
  });
});
