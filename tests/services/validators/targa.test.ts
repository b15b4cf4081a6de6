import fc from 'fast-check';
import { validateTarga } from '../../../src/services/validators/targa';

const allowed = fc.constantFrom(...'ABCDEFGHJKLMNPRSTVWXYZ'.split(''));
const forbidden = fc.constantFrom('I', 'O', 'Q', 'U');
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const car = fc.tuple(allowed, allowed, digits(3), allowed, allowed).map((p) => p.join(''));
const moto = fc.tuple(allowed, allowed, digits(5)).map((p) => p.join(''));
const separator = fc.constantFrom('', ' ', '-', '.');

describe('targa validator (properties)', () => {
  it('accepts every car plate, with any case and separators, normalised to AB123CD', () => {
    fc.assert(
      fc.property(car, separator, fc.boolean(), (plate, sep, lower) => {
        const typed = `${plate.slice(0, 2)}${sep}${plate.slice(2, 5)}${sep}${plate.slice(5)}`;
        expect(validateTarga(lower ? typed.toLowerCase() : typed, 'car')).toEqual({ ok: true, value: plate });
      }),
    );
  });

  it('accepts motorcycle plates only when motorcycles are allowed', () => {
    fc.assert(
      fc.property(moto, (plate) => {
        expect(validateTarga(plate, 'motorcycle')).toEqual({ ok: true, value: plate });
        expect(validateTarga(plate)).toEqual({ ok: true, value: plate });
        expect(validateTarga(plate, 'car')).toMatchObject({ ok: false, reason: 'targa_format_car' });
      }),
    );
  });

  it('refuses plates containing I, O, Q or U with a specific reason', () => {
    fc.assert(
      fc.property(car, forbidden, fc.constantFrom(0, 1, 5, 6), (plate, bad, p) => {
        const mutated = plate.slice(0, p) + bad + plate.slice(p + 1);
        expect(validateTarga(mutated, 'car')).toEqual({ ok: false, reason: 'targa_letters' });
      }),
    );
  });

  it('refuses anything with the wrong shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const compact = s.replace(/[\s.\-·]/g, '').toUpperCase();
        fc.pre(!/^[A-Z]{2}\d{3}[A-Z]{2}$/.test(compact) && !/^[A-Z]{2}\d{5}$/.test(compact));
        expect(validateTarga(s).ok).toBe(false);
      }),
    );
  });
});
