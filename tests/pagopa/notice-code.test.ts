import { iupdOf, iuvOf, noticeCodeOf } from '../../src/pagopa';

describe('pagoPA codes of a ticket', () => {
  it('builds the IUV for aux digit 3: segregation code, 13-digit base from the protocol, mod-93 check digits', () => {
    // 3 (aux digit) + 01 (segregation) + 2026000000123 (year and sequence) = 3012026000000123; mod 93 = 32.
    expect(iuvOf('ESE-2026-000123', '01')).toBe('01202600000012332');
    expect(noticeCodeOf(iuvOf('ESE-2026-000123', '01'))).toBe('301202600000012332');
    expect(noticeCodeOf(iuvOf('ESE-2026-000123', '01'))).toHaveLength(18);
  });

  it('gives each ticket its own codes, and the same ones on every retry', () => {
    expect(iuvOf('ESE-2026-000124', '01')).not.toBe(iuvOf('ESE-2026-000123', '01'));
    expect(iuvOf('ESE-2027-000123', '01')).not.toBe(iuvOf('ESE-2026-000123', '01'));
    expect(iuvOf('ESE-2026-000123', '01')).toBe(iuvOf('ESE-2026-000123', '01'));
    expect(iupdOf('01234567890', 'ESE-2026-000123')).toBe('01234567890-ESE-2026-000123');
  });

  it('refuses what is not a protocol number', () => {
    expect(() => iuvOf('not a protocol', '01')).toThrow(RangeError);
  });
});
