import type { KbEntry } from '../src/kb/entry';

/** A tiny deterministic PRNG (mulberry32), so every run benchmarks the same synthetic knowledge base. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ra',
  'to',
  'men',
  'si',
  'vel',
  'co',
  'di',
  'spa',
  'ter',
  'lu',
  'no',
  'ban',
  'gri',
  'pe',
  'zo',
  'fa',
];

/**
 * Grows a real knowledge base to `size` entries: the real entries plus synthetic ones written with the real
 * entries' words mixed with invented words (new offices, streets, services), so vocabulary and posting lists
 * grow the way a large city's knowledge base would.
 */
export function syntheticKnowledge(real: readonly KbEntry[], size: number, seed = 42): KbEntry[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const words = real
    .flatMap((e) => `${e.title} ${e.questions.join(' ')} ${e.body}`.split(/\s+/))
    .filter((w) => w.length > 3);
  const invented = Array.from({ length: 20_000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join(''),
  );
  const phrase = (n: number) =>
    Array.from({ length: n }, () => (random() < 0.6 ? pick(words) : pick(invented))).join(' ');
  const out = [...real];
  for (let i = out.length; i < size; i++) {
    const lang = random() < 0.8 ? 'it' : 'en';
    out.push({
      id: `synthetic-${i}`,
      lang,
      title: phrase(5),
      questions: [phrase(7), phrase(6), phrase(8)],
      tags: [pick(invented), pick(words)],
      links: [],
      body: phrase(60),
      file: `${lang}/synthetic-${i}.md`,
    });
  }
  return out;
}
