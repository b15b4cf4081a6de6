import { looksLikeQuestion } from '../../../src/services/question';
import { validateAddress } from '../../../src/services/validators/address';
import { mimeMatches } from '../../../src/services/validators/attachment';
import { validateCap } from '../../../src/services/validators/cap';
import { validateChoice } from '../../../src/services/validators/choice';
import { parseDate, validateDate } from '../../../src/services/validators/date';
import { validateEmail } from '../../../src/services/validators/email';
import { parseNumber, validateNumber } from '../../../src/services/validators/number';
import { validatePhone } from '../../../src/services/validators/phone';
import { validateYesNo } from '../../../src/services/validators/yes-no';

const MONDAY = '2026-11-23';

describe('date parsing, Italian and English', () => {
  it.each([
    ['25/12/2026', '2026-12-25'],
    ['25-12-26', '2026-12-25'],
    ['25.12', '2026-12-25'],
    ['2026-12-25', '2026-12-25'],
    ['25 dicembre 2026', '2026-12-25'],
    ['il 3 marzo', '2026-03-03'],
    ['December 25, 2026', '2026-12-25'],
    ['25th of December 2026', '2026-12-25'],
    ['oggi', MONDAY],
    ['domani', '2026-11-24'],
    ['dopodomani', '2026-11-25'],
    ['tomorrow', '2026-11-24'],
    ['lunedì', '2026-11-30'],
    ['venerdì prossimo', '2026-11-27'],
    ['next friday', '2026-11-27'],
    ['tra 3 giorni', '2026-11-26'],
    ['in 2 days', '2026-11-25'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input, MONDAY)).toBe(expected);
  });

  it('refuses impossible dates and limits', () => {
    expect(parseDate('31/02/2026', MONDAY)).toBeUndefined();
    expect(parseDate('ciao', MONDAY)).toBeUndefined();
    expect(validateDate('ieri', MONDAY, { min: 'today' })).toEqual({
      ok: false,
      reason: 'date_min',
      vars: { min: '23/11/2026' },
    });
    expect(validateDate('domani', MONDAY, { max: 'today' })).toMatchObject({ reason: 'date_max' });
    expect(validateDate('01/01/1980', MONDAY, { max: '-18d' })).toEqual({ ok: true, value: '1980-01-01' });
  });

  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'reads "%s" (a name every plain object has) as no date',
    (input) => {
      expect(parseDate(input, MONDAY)).toBeUndefined();
      expect(validateDate(input, MONDAY)).toMatchObject({ ok: false, reason: 'date_format' });
    },
  );
});

describe('other validators', () => {
  it('phone numbers: Italian mobile and landline with or without +39, foreign in E.164', () => {
    expect(validatePhone('333 123 4567')).toEqual({ ok: true, value: '+393331234567' });
    expect(validatePhone('+39 051-123456')).toEqual({ ok: true, value: '+39051123456' });
    expect(validatePhone('0039 (06) 1234 5678')).toEqual({ ok: true, value: '+390612345678' });
    expect(validatePhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(validatePhone('051 123456', 'mobile')).toMatchObject({ reason: 'phone_mobile' });
    expect(validatePhone('333 1234567', 'landline')).toMatchObject({ reason: 'phone_landline' });
    expect(validatePhone('12345')).toMatchObject({ reason: 'phone_format' });
  });

  it('e-mail, CAP, numbers, yes/no, addresses, choices', () => {
    expect(validateEmail('Anna.B@Esempio.IT')).toEqual({ ok: true, value: 'Anna.B@esempio.it' });
    expect(validateEmail('anna@esempio')).toMatchObject({ ok: false });
    expect(validateEmail('anna..b@esempio.it')).toMatchObject({ ok: false });
    expect(validateCap('40121')).toEqual({ ok: true, value: '40121' });
    expect(validateCap('4012')).toMatchObject({ reason: 'cap_format' });
    expect(validateCap('99999')).toMatchObject({ reason: 'cap_range' });
    expect(validateCap('20121', ['40'])).toMatchObject({ reason: 'cap_area' });
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1.500')).toBe(1500);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(validateNumber('3,5', { integer: true })).toMatchObject({ reason: 'number_integer' });
    expect(validateNumber('0', { min: 1 })).toEqual({ ok: false, reason: 'number_min', vars: { min: 1 } });
    expect(validateYesNo('Sì')).toEqual({ ok: true, value: true });
    expect(validateYesNo('no grazie')).toEqual({ ok: true, value: false });
    expect(validateAddress('Via Roma', true)).toMatchObject({ reason: 'address_number' });
    expect(validateAddress('Via Roma snc', true)).toEqual({ ok: true, value: 'Via Roma snc' });
    const options = [
      { value: 'cie', labels: ['Carta d’identità elettronica', 'Electronic identity card'] },
      { value: 'certificati', labels: ['Certificati', 'Certificates'] },
    ];
    expect(validateChoice('2', options)).toEqual({ ok: true, value: 'certificati' });
    expect(validateChoice('carta d identita elettronica', options)).toEqual({ ok: true, value: 'cie' });
    expect(validateChoice('identity card', options)).toEqual({ ok: true, value: 'cie' });
    expect(validateChoice('9', options)).toMatchObject({ reason: 'choice_unknown' });
    expect(mimeMatches('image/jpeg', ['image/*'])).toBe(true);
    expect(mimeMatches('application/pdf', ['image/*'])).toBe(false);
  });

  it('tells questions from answers', () => {
    expect(looksLikeQuestion('Quanto costa?')).toBe(true);
    expect(looksLikeQuestion('come si paga il bollettino')).toBe(true);
    expect(looksLikeQuestion('how long does it take')).toBe(true);
    expect(looksLikeQuestion('Via Roma 12')).toBe(false);
    expect(looksLikeQuestion('come')).toBe(false);
  });
});
