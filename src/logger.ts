import pino, { type Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout. Message bodies are never logged at info level; the redact list
 * removes secrets and personal fields should a caller pass them in.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'sportello' },
    redact: {
      paths: [
        'text',
        '*.text',
        'req.headers.authorization',
        'req.headers.cookie',
        'token',
        '*.token',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
