import { OfficeHoursError } from '../../src/handoff/errors';
import { describeOpening, describeWeek } from '../../src/handoff/handoff-texts';
import { easterSunday, italianHolidays } from '../../src/handoff/italian-holidays';
import { OfficeHours, parseHolidays, parseOfficeHours } from '../../src/handoff/office-hours';

const HOURS = 'mon-fri 08:30-12:30; tue,thu 14:30-17:00; sat 09:00-12:00';
// Instants written in Rome time (CET = UTC+1 in winter, CEST = UTC+2 in summer).
const rome = (iso: string, offset = '+01:00') => new Date(`${iso}${offset}`);

describe('parseOfficeHours', () => {
  it('reads day ranges, day lists and several time ranges', () => {
    const week = parseOfficeHours('mon-fri 08:30-12:30,14:30-16:30; sat 09:00-12:00');
    expect(week[1]).toEqual([
      [510, 750],
      [870, 990],
    ]);
    expect(week[6]).toEqual([[540, 720]]);
    expect(week[0]).toEqual([]);
  });

  it('accepts Italian day names and "always"', () => {
    expect(parseOfficeHours('lun,mer 09:00-10:00')[3]).toEqual([[540, 600]]);
    expect(parseOfficeHours('always')[0]).toEqual([[0, 1440]]);
  });

  it.each(['mon-fri 8-12', 'funday 09:00-10:00', 'mon 12:00-09:00', 'mon-fri'])(
    'rejects "%s" clearly',
    (spec) => {
      expect(() => parseOfficeHours(spec)).toThrow(OfficeHoursError);
    },
  );

  it('reads exact and yearly holidays and rejects nonsense', () => {
    const h = parseHolidays('2025-12-24, 12-07');
    expect([...h.dates]).toEqual(['2025-12-24']);
    expect([...h.yearly]).toEqual(['12-07']);
    expect(() => parseHolidays('24/12/2025')).toThrow(OfficeHoursError);
  });
});

describe('Italian holidays', () => {
  it('computes Easter Sunday for known years', () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
    expect(easterSunday(2019)).toEqual({ month: 4, day: 21 });
  });

  it('includes Easter Monday, rolling over the month end (1 April 2024)', () => {
    expect(italianHolidays(2024).has('2024-04-01')).toBe(true);
    expect(italianHolidays(2025).has('2025-04-21')).toBe(true);
  });

  it('includes the fixed national holidays', () => {
    const h = italianHolidays(2025);
    for (const d of ['2025-01-01', '2025-01-06', '2025-04-25', '2025-05-01', '2025-06-02', '2025-08-15'])
      expect(h.has(d)).toBe(true);
    for (const d of ['2025-11-01', '2025-12-08', '2025-12-25', '2025-12-26']) expect(h.has(d)).toBe(true);
  });
});

describe('OfficeHours', () => {
  const office = new OfficeHours({ hours: HOURS, holidays: '12-07', timeZone: 'Europe/Rome' });

  it('is open inside the ranges and closed outside, in Rome time whatever the server zone', () => {
    expect(office.isOpen(rome('2025-02-04T09:00:00'))).toBe(true); // Tuesday morning
    expect(office.isOpen(rome('2025-02-04T13:00:00'))).toBe(false); // lunch break
    expect(office.isOpen(rome('2025-02-04T15:00:00'))).toBe(true); // Tuesday afternoon
    expect(office.isOpen(rome('2025-02-05T15:00:00'))).toBe(false); // no Wednesday afternoon
    expect(office.isOpen(rome('2025-02-09T10:00:00'))).toBe(false); // Sunday
    expect(office.isOpen(rome('2025-07-01T08:45:00', '+02:00'))).toBe(true); // summer time
  });

  it('is closed on Easter Monday, national holidays and the configured patron saint', () => {
    expect(office.isOpen(rome('2025-04-21T10:00:00', '+02:00'))).toBe(false);
    expect(office.isOpen(rome('2025-06-02T10:00:00', '+02:00'))).toBe(false);
    expect(office.isOpen(rome('2026-12-07T10:00:00'))).toBe(false); // Monday, patron saint
  });

  it('is open on holidays too when always staffed', () => {
    const always = new OfficeHours({ hours: 'always', holidays: '12-07' });
    for (const day of ['2026-12-07', '2026-12-08', '2026-12-25', '2027-01-01'])
      expect(always.isOpen(rome(`${day}T00:30:00`))).toBe(true);
    expect(always.nextOpening(rome('2026-12-08T00:30:00'))?.daysAhead).toBe(0);
  });

  it('says when it opens next, skipping holidays and weekends', () => {
    // Saturday 19 April 2025 after closing → Sunday, then Easter Monday → Tuesday 22 April.
    const next = office.nextOpening(rome('2025-04-19T13:00:00', '+02:00'));
    expect(next).toMatchObject({ date: '2025-04-22', time: '08:30', daysAhead: 3 });
    expect(next && describeOpening('it', next)).toBe('martedì 22 aprile alle 08:30');
    const lunch = office.nextOpening(rome('2025-02-04T13:00:00'));
    expect(lunch && describeOpening('it', lunch)).toBe('oggi alle 14:30');
    const evening = office.nextOpening(rome('2025-02-04T18:00:00'));
    expect(evening && describeOpening('en', evening)).toBe('tomorrow at 08:30');
  });
});

describe('describeWeek', () => {
  it.each([
    [
      'mon-fri 08:30-12:30; tue,thu 14:30-17:00',
      'dal lunedì al venerdì 08:30–12:30; martedì e giovedì 14:30–17:00',
    ],
    ['mon-fri 08:30-12:30,14:30-16:30', 'dal lunedì al venerdì 08:30–12:30 e 14:30–16:30'],
    ['mon,wed,fri 09:00-12:00', 'lunedì, mercoledì e venerdì 09:00–12:00'],
    ['sat-sun 09:00-12:00', 'sabato e domenica 09:00–12:00'],
    ['fri-sun 10:00-12:00; mon 08:00-09:00', 'lunedì 08:00–09:00; dal venerdì alla domenica 10:00–12:00'],
    ['always', ''],
  ])('says "%s" in Italian as "%s"', (spec, words) => {
    expect(describeWeek('it', parseOfficeHours(spec))).toBe(words);
  });

  it('says the hours in English', () => {
    expect(describeWeek('en', parseOfficeHours('mon-thu 08:30-12:30; fri-sun 09:00-10:00'))).toBe(
      'Monday to Thursday 08:30–12:30; Friday to Sunday 09:00–10:00',
    );
  });
});
