import pino, { type DestinationStream, type Logger } from 'pino';
import { redactLogObject } from './privacy/log-redaction';
import { redactPii } from './privacy/redact';

const CHINDINGS = pino.symbols.chindingsSym;

/**
 * The process logger: JSON lines on stdout. Message bodies are never logged at info level; the redact list
 * removes secrets and personal fields should a caller pass them in, and every string that is logged (at every
 * level, in any field, in error messages and in the message itself) goes through `redactPii`, so a codice
 * fiscale, IBAN, e-mail or phone number becomes a placeholder.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'sportello' },
      redact: {
        paths: [
          'text',
          '*.text',
          'userName',
          '*.userName',
          'contact',
          '*.contact',
          'fields',
          '*.fields',
          'req.headers.authorization',
          'req.headers.cookie',
          'token',
          '*.token',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (object) => redactLogObject(object),
        bindings: (bindings) => redactLogObject(bindings),
      },
      // Pino resets the bindings formatter for children and keeps their bindings as a ready JSON fragment:
      // redact that fragment (placeholders hold no quotes, so the JSON stays valid).
      onChild(child) {
        const fragment = (child as unknown as Record<symbol, unknown>)[CHINDINGS];
        if (typeof fragment === 'string')
          (child as unknown as Record<symbol, unknown>)[CHINDINGS] = redactPii(fragment);
      },
      hooks: {
        logMethod(args, method) {
          const safe = args.map((a: unknown) => (typeof a === 'string' ? redactPii(a) : a));
          return method.apply(this, safe as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
