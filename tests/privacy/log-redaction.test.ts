import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { redactLogObject } from '../../src/privacy/log-redaction';

const CF = 'RSSMRA80A01H501U';
const EMAIL = 'mario.rossi@example.com';
const PHONE = '+39 333 123 4567';
const IBAN = 'IT60X0542811101000000123456';

/** A logger writing into an array of parsed JSON lines. */
function capture(level = 'trace') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

describe('privacy: personal data never reaches the logs', () => {
  it.each(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)(
    'replaces codice fiscale, e-mail, phone and IBAN in any field at %s level',
    (level) => {
      const { logger, lines } = capture();
      logger[level](
        {
          conversation: 'telegram:1',
          input: `il mio codice fiscale è ${CF}`,
          nested: { contact: { mail: EMAIL }, list: ['ok', `chiamami al ${PHONE}`] },
          payment: { iban: IBAN },
          err: new Error(`validation failed for ${EMAIL}`),
        },
        `citizen ${CF} wrote`,
      );
      const out = lines.join('');
      for (const secret of [CF, EMAIL, '333 123 4567', IBAN]) expect(out).not.toContain(secret);
      const line = JSON.parse(out);
      expect(line.input).toBe('il mio codice fiscale è [CODICE_FISCALE]');
      expect(line.nested.list).toEqual(['ok', 'chiamami al [TELEFONO]']);
      expect(line.payment.iban).toBe('[IBAN]');
      expect(line.err.message).toBe('validation failed for [EMAIL]');
      expect(line.err.type).toBe('Error');
      expect(line.msg).toBe('citizen [CODICE_FISCALE] wrote');
      expect(line.conversation).toBe('telegram:1');
    },
  );

  it('drops message bodies and display names whatever they contain', () => {
    const { logger, lines } = capture();
    logger.info({ text: 'ciao', message: { text: 'orari anagrafe', userName: 'Mario Rossi' } }, 'turn');
    const line = JSON.parse(lines.join(''));
    expect(line.text).toBe('[redacted]');
    expect(line.message).toEqual({ text: '[redacted]', userName: '[redacted]' });
  });

  it('redacts the bindings of child loggers too', () => {
    const { logger, lines } = capture();
    logger.child({ who: EMAIL }).info('hello');
    expect(lines.join('')).toContain('"who":"[EMAIL]"');
  });

  it('leaves objects without personal data as they are (no copy) and survives cycles', () => {
    const clean = { conversation: 'webchat:abc', n: 3, tags: ['a', 'b'] };
    expect(redactLogObject(clean)).toBe(clean);
    const cyclic: Record<string, unknown> = { email: EMAIL };
    cyclic.self = cyclic;
    const shared = { phone: PHONE };
    const out = redactLogObject({ cyclic, a: shared, b: shared }) as {
      cyclic: { email: string };
      a: { phone: string };
      b: { phone: string };
    };
    expect(out.cyclic.email).toBe('[EMAIL]');
    expect(out.a.phone).toBe('[TELEFONO]');
    expect(out.b.phone).toBe('[TELEFONO]');
  });
});
