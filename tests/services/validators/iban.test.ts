import fc from 'fast-check';
import {
  formatIban,
  ibanCheckDigits,
  ibanMod97,
  italianCin,
  validateIban,
} from '../../../src/services/validators/iban';

const digitStr = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
/** An Italian BBAN: CIN control letter, ABI (5 digits), CAB (5 digits), account (12 alphanumerics). */
const bban = fc
  .tuple(digitStr(5), digitStr(5), fc.array(alnum, { minLength: 12, maxLength: 12 }))
  .map(([abi, cab, account]) => `${abi}${cab}${account.join('')}`)
  .map((rest) => `${italianCin(rest)}${rest}`);
const italian = bban.map((b) => `IT${ibanCheckDigits('IT', b)}${b}`);

describe('IBAN validator (properties)', () => {
  it('accepts every Italian IBAN with correct check digits (27 characters), printed or compact', () => {
    fc.assert(
      fc.property(italian, fc.boolean(), (iban, printed) => {
        expect(iban).toHaveLength(27);
        expect(ibanMod97(iban)).toBe(1);
        const typed = printed ? formatIban(iban).toLowerCase() : iban;
        expect(validateIban(typed)).toEqual({ ok: true, value: iban });
      }),
    );
  });

  it('detects every single-character substitution (mod 97)', () => {
    fc.assert(
      fc.property(
        italian,
        fc.integer({ min: 2, max: 26 }),
        fc.integer({ min: 1, max: 9 }),
        (iban, p, shift) => {
          const c = iban.charAt(p);
          const isDigit = c >= '0' && c <= '9';
          fc.pre(isDigit);
          const mutated = iban.slice(0, p) + String((Number(c) + shift) % 10) + iban.slice(p + 1);
          expect(validateIban(mutated).ok).toBe(false);
        },
      ),
    );
  });

  it('detects swaps of two adjacent different digits', () => {
    fc.assert(
      fc.property(italian, fc.integer({ min: 5, max: 25 }), (iban, p) => {
        const a = iban.charAt(p);
        const b = iban.charAt(p + 1);
        fc.pre(a !== b && /\d/.test(a) && /\d/.test(b));
        const swapped = iban.slice(0, p) + b + a + iban.slice(p + 2);
        expect(validateIban(swapped)).toEqual({ ok: false, reason: 'iban_checksum' });
      }),
    );
  });

  it('refuses wrong lengths, unknown or excluded countries', () => {
    fc.assert(
      fc.property(italian, fc.integer({ min: 1, max: 5 }), (iban, cut) => {
        expect(validateIban(iban.slice(0, 27 - cut))).toMatchObject({
          ok: false,
          reason: 'iban_length',
          vars: { length: 27 },
        });
      }),
    );
    expect(validateIban('IT60X0542811101000000123456')).toEqual({
      ok: true,
      value: 'IT60X0542811101000000123456',
    });
    expect(validateIban('DE89370400440532013000')).toEqual({ ok: true, value: 'DE89370400440532013000' });
    expect(validateIban('DE89370400440532013000', ['IT', 'SM'])).toMatchObject({ reason: 'iban_country' });
    expect(validateIban('XX89370400440532013000')).toMatchObject({ reason: 'iban_country' });
  });
});

describe('IBAN validator (Italian CIN)', () => {
  it('accepts the registry sample IBANs of Italy and San Marino', () => {
    for (const iban of ['IT60X0542811101000000123456', 'SM86U0322509800000000270100']) {
      expect(validateIban(iban)).toEqual({ ok: true, value: iban });
    }
  });

  it('refuses a sample IBAN whose check digits pass but whose CIN is wrong', () => {
    expect(ibanMod97('IT40S0542811101000000123456')).toBe(1);
    expect(validateIban('IT40S0542811101000000123456')).toEqual({ ok: false, reason: 'iban_cin' });
  });

  it('refuses every wrong CIN letter, even when the check digits are recomputed to pass mod-97', () => {
    fc.assert(
      fc.property(italian, fc.integer({ min: 1, max: 25 }), (iban, shift) => {
        const cin = String.fromCharCode(65 + ((iban.charCodeAt(4) - 65 + shift) % 26));
        const bbanWrong = `${cin}${iban.slice(5)}`;
        const country = iban.slice(0, 2);
        const forged = `${country}${ibanCheckDigits(country, bbanWrong)}${bbanWrong}`;
        expect(ibanMod97(forged)).toBe(1);
        expect(validateIban(forged)).toEqual({ ok: false, reason: 'iban_cin' });
      }),
    );
  });
});
