import fc from 'fast-check';

/** Fixed seed: every run sends the same messages, so a failure can be replayed. */
export const SEED = 20_260_808;

/** Hand-picked hostile strings: markup, script, SQL, Markdown and Telegram HTML injection, bidi tricks. */
export const HOSTILE_SNIPPETS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(document.cookie)>',
  'javascript:alert(1)',
  '[clicca qui](javascript:alert(1))',
  '![img](https://evil.example/x.png)',
  '<b>grassetto</b> <a href="tg://user?id=1">link</a> </b></i><pre>',
  '*_~`||spoiler||`~_*',
  '```\ncodice\n```',
  '# titolo\n> citazione\n- elenco',
  "'; DROP TABLE tickets; --",
  "' OR '1'='1",
  '1; SELECT * FROM conversations WHERE 1=1 --',
  '$(rm -rf /)',
  // Template injection, as a citizen would type it.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the point
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '__proto__',
  '{"__proto__":{"polluted":true}}',
  'constructor',
  '‮gnp.exe',
  'مرحبا، أريد تجديد بطاقة الهوية',
  'שלום עולם',
  '‏‎‪‫‬‭‮',
  '​‌‍⁠﻿',
  '👩‍👩‍👧‍👦🏳️‍🌈🇮🇹 🤖💥',
  'Z̷̢̛̛a̵̡̛l̸̨g̶o̷',
  '\u0000\u0001\u0007\u001b[31mrosso\u001b[0m',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  '%00%0d%0a%3Cscript%3E',
  '../../../../etc/passwd',
  'operatore',
  'annulla',
  'menu',
  'aiuto',
  'english',
  'italiano',
  'privacy',
  '/start',
  '/help@SportelloBot',
  '1',
  '2',
  '3',
  '99',
  '-1',
  'segnalazione buca in strada',
  'vorrei il pass sosta residenti',
  'appuntamento anagrafe',
  'stato pratica ESE-2026-000001',
  'ESE-9999-999999',
  'come rinnovo la carta d’identità?',
  'orari anagrafe',
  'si',
  'no',
  'conferma',
  'mario.rossi@example.org',
  '3331234567',
  '31/02/2026',
  'kb:feedback:no',
  'dialog:nonexistent',
];

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

/** A long text of a repeated unit, up to `max` characters (the channel's own limit). */
const huge = (max: number) =>
  fc
    .tuple(
      fc.constantFrom('a', 'è', '👍', '<b>', '*', '\n', 'مرحبا '),
      fc.integer({ min: Math.min(500, max), max }),
    )
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

/**
 * A hostile message text: any Unicode (lone surrogates included), control characters, emoji, RTL, markup and
 * injection snippets, commands and form answers (so forms start and their validators see hostile input), or a
 * huge text up to `max` characters.
 */
export function hostileText(max = 4000): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_SNIPPETS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
    { weight: 1, arbitrary: controlChars },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(' ').slice(0, max)),
    },
    { weight: 1, arbitrary: huge(max) },
  );
}

/** Any JSON value, deep and odd: the shape a malformed payload may have at any place. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}, '__proto__', { __proto__: { x: 1 } }),
);

/** `count` samples of an arbitrary, always the same ones for the fixed seed. */
export function samples<T>(arb: fc.Arbitrary<T>, count: number, seedOffset = 0): T[] {
  return fc.sample(arb, { seed: SEED + seedOffset, numRuns: count });
}
