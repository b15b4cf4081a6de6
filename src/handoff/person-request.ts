import SearchableMap from 'minisearch/SearchableMap';
import { parseButtonValue } from '../engine/button-values';
import type { PersonRequest } from '../engine/middleware/handoff-gate';
import type { Lang } from '../engine/types';
import { normalize } from '../shared/normalize';
import {
  AFFILIATION,
  CALLBACK_ONLY,
  CALLBACK_VERBS,
  CLITICS,
  DETERMINERS,
  FILLERS,
  FUZZY_NOUNS,
  FUZZY_VERBS,
  GLUE,
  INDEFINITE,
  LIKE_BEFORE,
  NEGATIONS,
  NOT_STAFF_AFTER,
  NOT_TYPOS,
  OWN_CLITIC,
  PARTICIPLES,
  PASSIVE,
  PERSON_NOUNS,
  POLITE,
  PRESENCE_OPENERS,
  PRESENCE_TAILS,
  REAL_AFTER,
  REAL_BEFORE,
  type Strength,
  SUBJECT_LEADS,
  VERBS,
  type VerbInfo,
  WANT_GLUE,
  WITHOUT,
} from './person-words';

/** A person noun phrase found at a position: where it ends and how much it says alone. */
interface Person {
  end: number;
  strength: Strength;
}

/** Longest phrase the word lists hold, in words ("thank you very much"). */
const MAX_PHRASE = 4;
/** Words after a weak noun that a "want" verb still accepts as its office ("qualcuno dell'ufficio tributi"). */
const MAX_AFFILIATION = 4;
/** Words between a subject and its callback verb ("un operatore mi può richiamare"). */
const CALLBACK_WINDOW = 4;

/** Words a typo may be forgiven on, and their first letters (a typo keeps the first letter). */
interface Fuzzy {
  map: SearchableMap<true>;
  initials: Set<string>;
}

function fuzzy(list: readonly string[]): Fuzzy {
  const map = new SearchableMap<true>();
  for (const word of list) map.set(word, true);
  return { map, initials: new Set(list.map((w) => w[0] ?? '')) };
}

const fuzzyNouns = fuzzy(FUZZY_NOUNS);
const fuzzyVerbs = fuzzy(FUZZY_VERBS);

/**
 * The closest word to a typo in a small map, or undefined. As in the knowledge base's correction: short words
 * are never corrected, the first letter must match (two letters for two edits), and real words that merely
 * look alike ("operato", "impegnato") are left alone.
 */
function correct(words: Fuzzy, word: string): string | undefined {
  if (word.length < 6 || !words.initials.has(word[0] ?? '') || NOT_TYPOS.has(word)) return undefined;
  const max = word.length >= 9 ? 2 : 1;
  let best: { word: string; distance: number } | undefined;
  for (const [candidate, [, distance]] of words.map.fuzzyGet(word, max)) {
    if (candidate[0] !== word[0] || (distance === 2 && candidate.slice(0, 2) !== word.slice(0, 2))) continue;
    if (!best || distance < best.distance) best = { word: candidate, distance };
  }
  return best?.word;
}

/** Length in words of the longest phrase `has` accepts starting at `i` (up to {@link MAX_PHRASE}); 0 when none. */
function phraseAt(t: readonly string[], i: number, has: (phrase: string) => boolean): number {
  for (let n = Math.min(MAX_PHRASE, t.length - i); n >= 1; n--) {
    if (has(t.slice(i, i + n).join(' '))) return n;
  }
  return 0;
}

/** The person noun phrase starting at `i`: "un operatore", "una persona vera", "a live agent", "qualcuno". */
function personAt(t: readonly string[], i: number): Person | undefined {
  let k = i;
  while (k < t.length && DETERMINERS.has(t[k] ?? '') && !PERSON_NOUNS.has(t[k] ?? '')) k++;
  let real = false;
  while (k < t.length && REAL_BEFORE.has(t[k] ?? '')) {
    real = true;
    k++;
  }
  let n = phraseAt(t, k, (p) => PERSON_NOUNS.has(p));
  let strength = PERSON_NOUNS.get(t.slice(k, k + n).join(' '));
  if (!strength) {
    const fixed = correct(fuzzyNouns, t[k] ?? '');
    strength = fixed ? PERSON_NOUNS.get(fixed) : undefined;
    n = 1;
  }
  if (!strength) return undefined;
  let end = k + n;
  if (phraseAt(t, end, (p) => NOT_STAFF_AFTER.has(p)) > 0) return undefined;
  const after = phraseAt(t, end, (p) => REAL_AFTER.has(p));
  if (after > 0) {
    real = true;
    end += after;
  }
  return { end, strength: real ? 'strong' : strength };
}

/** The verb at `i`, typo-corrected; "like" counts only after "would" / "I'd". */
function verbAt(t: readonly string[], i: number): VerbInfo | undefined {
  const word = t[i] ?? '';
  if (word === 'like' && !LIKE_BEFORE.has(t[i - 1] ?? '')) return undefined;
  const known = VERBS.get(word);
  if (known) return known;
  const fixed = correct(fuzzyVerbs, word);
  return fixed ? VERBS.get(fixed) : undefined;
}

/** True when the words after a weak noun name its office, or nothing follows it. */
function onlyOffice(t: readonly string[], end: number): boolean {
  const tail = t.length - end;
  if (tail === 0 || PRESENCE_TAILS.has(t.slice(end).join(' '))) return true;
  return tail <= MAX_AFFILIATION && AFFILIATION.has(t[end] ?? '');
}

/** True when a verb asks for the person right after it (glue words allowed between). */
function asksAfterVerb(t: readonly string[], i: number, verb: VerbInfo): boolean {
  const word = t[i] ?? '';
  if (PARTICIPLES.has(word) && !PASSIVE.has(t[i - 1] ?? '')) return false;
  if (verb.kind === 'clitic') {
    // "mi passa", "mi può passare", "passami"; in English "pass me", "put me through".
    const before = [t[i - 1], t[i - 2], t[i - 3]].some((w) => w !== undefined && CLITICS.has(w));
    const toMe = verb.lang === 'it' ? OWN_CLITIC.has(word) || before : CLITICS.has(t[i + 1] ?? '');
    if (!toMe) return false;
  }
  let j = i + 1;
  while (j < t.length && (GLUE.has(t[j] ?? '') || (verb.kind === 'want' && WANT_GLUE.has(t[j] ?? '')))) j++;
  const person = personAt(t, j);
  if (!person) return false;
  // English verbs double as nouns before a noun ("phone operator", "contact person"): with nothing between
  // them, only "someone"-like pronouns are asked for ("call someone").
  const bare = j === i + 1 && !DETERMINERS.has(t[j] ?? '') && !REAL_BEFORE.has(t[j] ?? '');
  if (verb.lang === 'en' && bare && !INDEFINITE.has(t[j] ?? '')) return false;
  if (verb.kind !== 'want' || person.strength === 'strong') return true;
  return onlyOffice(t, person.end);
}

/**
 * The language of a callback asked of a person subject at `i` ("un operatore mi può richiamare", "can someone
 * call me back"): a callback verb shortly after the person, with "mi"/"me" around it.
 */
function callbackAt(t: readonly string[], i: number): Lang | undefined {
  const person = personAt(t, i);
  if (!person) return undefined;
  const window = t.slice(person.end, person.end + CALLBACK_WINDOW);
  const verb = window.find((w) => CALLBACK_VERBS.has(w));
  if (verb === undefined) return undefined;
  const toMe = OWN_CLITIC.has(verb) || window.some((w) => CLITICS.has(w));
  return toMe ? CALLBACK_VERBS.get(verb) : undefined;
}

/** "mi richiamate?", "richiamatemi per favore", "can you call me back?": a callback to me and nothing else. */
function asksCallbackOnly(t: readonly string[]): Lang | undefined {
  const verb = t.find((w) => CALLBACK_VERBS.has(w));
  if (verb === undefined || !t.every((w) => w === verb || CALLBACK_ONLY.has(w))) return undefined;
  return OWN_CLITIC.has(verb) || t.some((w) => CLITICS.has(w)) ? CALLBACK_VERBS.get(verb) : undefined;
}

/** "c'è qualcuno?", "ci sono operatori disponibili?", "is anybody there?", "anyone there?". */
function asksWhoIsThere(t: readonly string[]): { lang?: Lang } | undefined {
  for (const opener of PRESENCE_OPENERS) {
    const n = opener.words.length;
    if (!opener.words.every((w, k) => t[k] === w)) continue;
    const person = personAt(t, n);
    if (!person) continue;
    const tail = t.slice(person.end).join(' ');
    if (tail === '' ? !opener.needsTail : PRESENCE_TAILS.has(tail)) return { lang: opener.lang };
    // "c'è qualcuno in ufficio?", "is there an operator at the council?" (not "ci sono persone in coda?").
    const staff = person.strength === 'strong' || INDEFINITE.has(t[person.end - 1] ?? '');
    if (staff && tail !== '' && onlyOffice(t, person.end)) return { lang: opener.lang };
  }
  // No opener: only "anyone"-like pronouns and staff nouns ("qualcuno c'è?", "operatore in linea?").
  const person = personAt(t, 0);
  if (!person || person.end === t.length || !PRESENCE_TAILS.has(t.slice(person.end).join(' ')))
    return undefined;
  return person.strength === 'strong' || INDEFINITE.has(t[person.end - 1] ?? '') ? {} : undefined;
}

/** Removes greetings, thanks and politeness from both ends; tells whether a polite word was among them. */
function trimFillers(t: string[]): { words: string[]; polite: boolean } {
  let start = 0;
  let end = t.length;
  let polite = false;
  for (let changed = true; changed && start < end; ) {
    changed = false;
    const head = phraseAt(t.slice(0, end), start, (p) => FILLERS.has(p));
    if (head > 0) {
      polite ||= POLITE.has(t.slice(start, start + head).join(' '));
      start += head;
      changed = true;
    }
    for (let n = Math.min(MAX_PHRASE, end - start); n >= 1; n--) {
      const tail = t.slice(end - n, end).join(' ');
      if (FILLERS.has(tail)) {
        polite ||= POLITE.has(tail);
        end -= n;
        changed = true;
        break;
      }
    }
  }
  return { words: t.slice(start, end), polite };
}

/** The request in one sentence, or undefined. */
function recogniseSentence(sentence: string): PersonRequest | undefined {
  const all = normalize(sentence).split(' ').filter(Boolean);
  const { words: t, polite } = trimFillers(all);
  if (t.length === 0) return undefined;

  // "operatore", "un operatore umano", "real person please", "una persona, per favore".
  const alone = personAt(t, 0);
  if (alone && alone.end === t.length && (alone.strength === 'strong' || polite)) return {};

  const there = asksWhoIsThere(t);
  if (there) return there;
  const callback = asksCallbackOnly(t);
  if (callback) return { lang: callback };

  for (let i = 0; i < t.length; i++) {
    const word = t[i] ?? '';
    // "senza parlare con un operatore", "without speaking to anyone": nothing after it asks for a person.
    if (WITHOUT.has(word)) return undefined;
    const verb = verbAt(t, i);
    // "non voglio parlare con un operatore", "non ho bisogno di…", "I don't need a human": nor after a refusal.
    if (verb?.kind === 'want' && [t[i - 1], t[i - 2]].some((w) => w !== undefined && NEGATIONS.has(w)))
      return undefined;
    if (verb && asksAfterVerb(t, i, verb)) return verb.lang ? { lang: verb.lang } : {};
    const before = t[i - 1];
    if (before === undefined || SUBJECT_LEADS.has(before) || VERBS.get(before)?.kind === 'want') {
      const lang = callbackAt(t, i);
      if (lang) return { lang };
    }
  }
  return undefined;
}

/** Every word of a person noun, and the callback verbs: a message with none of them asks for nobody. */
const ANCHORS = new Set([...[...PERSON_NOUNS.keys()].flatMap((n) => n.split(' ')), ...CALLBACK_VERBS.keys()]);

/** True when some word may be (or be a typo of) a person noun or a callback verb. */
function hasAnchor(text: string): boolean {
  for (const word of normalize(text).split(' ')) {
    if (ANCHORS.has(word) || correct(fuzzyNouns, word)) return true;
  }
  return false;
}

/**
 * Recognises a citizen asking for a person — an operator, a human, someone from the city hall — in Italian or
 * English, in everyday wording: "vorrei parlare con un operatore", "mi passa qualcuno?", "c'è qualcuno?",
 * "can I speak to a human?", "real person please". Typos on the key words are forgiven ("opertore").
 * Questions that merely mention people or contacts ("come contatto l'anagrafe", "il mio operatore
 * telefonico", "persona con disabilità") are not requests. Each sentence is read on its own; the result
 * tells the request's language when its wording does.
 */
export function recognisePersonRequest(text: string): PersonRequest | undefined {
  // A pressed button's value is not words.
  if (!text || parseButtonValue(text) !== undefined || !hasAnchor(text)) return undefined;
  for (const sentence of text.split(/[.!?;\n¿¡]+/)) {
    const found = recogniseSentence(sentence);
    if (found) return found;
  }
  return undefined;
}
