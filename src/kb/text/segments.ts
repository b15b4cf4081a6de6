import { normalize } from '../../shared/normalize';
import type { KbLang } from '../entry';

/** One sentence of a citizen's message with how much it says about what they ask. */
export interface Segment {
  text: string;
  /** 1 for the question itself; less for the story around it. */
  weight: number;
}

/** Weight of a sentence that tells the story around the question rather than asking it. */
export const STORY_WEIGHT = 0.75;

// Greetings, thanks and sign-offs: a sentence made only of these says nothing about the topic.
const COURTESY = new Set(
  `buongiorno buonasera buon giorno salve ciao ehi hey hi hello good morning afternoon evening grazie mille tante
  anticipo infinite thanks thank you cheers regards kind best wishes cordiali distinti saluti saluto cordialmente
  gentili gentilissimi gentilissime egregi spettabile spett le dear sir madam signori scusate scusi scusa
  disturbo sorry bother giornata serata buona buon lavoro arrivederci a presto ok okay va bene perfetto
  sono mi chiamo signora signor sig dott the a and in per il la lo un una e di da`.split(/\s+/),
);

// Words that open or mark a question or a request, per language (folded).
const CUES: Record<KbLang, RegExp> = {
  it: /\b(come|dove|quando|quanto|quanti|quante|quanta|quale|quali|chi|cosa|perche|posso|possiamo|si puo|e possibile|devo|dobbiamo|bisogna|serve|servono|occorre|vorrei|vorremmo|volevo|mi serve|mi servirebbe|avrei bisogno|ho bisogno|sapete|sai|mi dite|mi dica|potete|potreste|c e|ci sono|esiste|entro|che giorno|che ora|a chi)\b/,
  en: /\b(how|what|where|when|which|who|whom|why|can|could|do|does|did|is there|are there|should|must|need|would like|want to|i d like|is it|tell me|anyone know)\b/,
};

/**
 * Splits a message into sentences and weighs them: greetings and thanks are dropped, sentences that ask
 * (a question mark or a question/request word) weigh 1, the story around them {@link STORY_WEIGHT}. A
 * message with no asking sentence, or only asking ones, keeps every sentence at 1.
 */
export function segmentMessage(text: string, lang: KbLang): Segment[] {
  const parts = text
    .split(/(?<=[.!?;:\n])\s+|\n+|(?<=[?!])/)
    .map((p) => p.trim())
    .filter(Boolean);
  const kept: Array<{ text: string; asks: boolean }> = [];
  for (const part of parts) {
    const folded = normalize(part);
    const words = folded.split(' ').filter(Boolean);
    if (words.length === 0 || words.every((w) => COURTESY.has(w))) continue;
    kept.push({ text: part, asks: part.includes('?') || CUES[lang].test(folded) });
  }
  if (kept.length === 0) return [{ text, weight: 1 }];
  const asking = kept.filter((k) => k.asks).length;
  const mixed = asking > 0 && asking < kept.length;
  return kept.map((k) => ({ text: k.text, weight: mixed && !k.asks ? STORY_WEIGHT : 1 }));
}
