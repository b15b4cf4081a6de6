import fc from 'fast-check';
import { formatIban, ibanCheckDigits, ibanMod97, validateIban } from '../../../src/services/validators/iban';

const digitStr = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
/** An Italian BBAN: CIN letter, ABI (5 digits), CAB (5 digits), account (12 alphanumerics). */
const bban = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
    digitStr(5),
    digitStr(5),
    fc.array(alnum, { minLength: 12, maxLength: 12 }),
  )
  .map(([cin, abi, cab, account]) => `${cin}${abi}${cab}${account.join('')}`);
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
