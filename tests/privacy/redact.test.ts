import { containsPii, redactPii } from '../../src/privacy/redact';

describe('redactPii', () => {
  it('redacts a codice fiscale, also lower case and with omocodia letters', () => {
    expect(redactPii('il mio CF è RSSMRA85T10A562S, grazie')).toBe('il mio CF è [CODICE_FISCALE], grazie');
    expect(redactPii('cf rssmra85t10a562s')).toBe('cf [CODICE_FISCALE]');
    expect(redactPii('CF RSSMRAURTMLARSNL')).toBe('CF [CODICE_FISCALE]');
    expect(redactPii('il codice è rssmraurtmlarsnl.')).toBe('il codice è [CODICE_FISCALE].');
  });

  it('returns text without digits, @ or a 16-letter word as it is', () => {
    const question = 'Che orari fa l’anagrafe il sabato? E la precipitevolissimevolmente lunga parola?';
    expect(redactPii(question)).toBe(question);
  });

  it('redacts IBANs written compact or in groups of four', () => {
    expect(redactPii('IBAN IT60X0542811101000000123456 per il rimborso')).toBe('IBAN [IBAN] per il rimborso');
    expect(redactPii('iban: IT60 X054 2811 1010 0000 0123 456')).toBe('iban: [IBAN]');
  });

  it('redacts e-mail addresses', () => {
    expect(redactPii('scrivetemi a mario.rossi+tari@example.it')).toBe('scrivetemi a [EMAIL]');
  });

  it('redacts Italian mobile and landline numbers in common spellings', () => {
    for (const phone of [
      '3331234567',
      '333 123 4567',
      '+39 333 1234567',
      '0039 333.123.4567',
      '06 1234567',
      '02-12345678',
    ]) {
      expect(redactPii(`chiamatemi al ${phone} dopo le 15`)).toBe('chiamatemi al [TELEFONO] dopo le 15');
    }
  });

  it('leaves dates, years, amounts and protocol numbers alone', () => {
    const text = 'Il 01/02/2024 ho pagato 120 euro, pratica n. 2024/123 del 2023, CAP 00100';
    expect(redactPii(text)).toBe(text);
    expect(containsPii(text)).toBe(false);
  });

  it('redacts several kinds in one message', () => {
    expect(redactPii('Sono RSSMRA85T10A562S, tel 3471234567, mail a@b.it')).toBe(
      'Sono [CODICE_FISCALE], tel [TELEFONO], mail [EMAIL]',
    );
  });
});
