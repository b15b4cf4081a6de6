import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { redactPii } from '../privacy/redact';
import type { KbEntry, KbLang } from './entry';

/** What the model made of the retrieved entries. */
export type GroundedAnswer =
  | { kind: 'answer'; text: string; sources: KbEntry[] }
  /** The entries do not answer the question (the model said so, or answered nothing usable). */
  | { kind: 'refusal' };

/** The word the model must answer with when the entries do not answer the question. */
export const NO_ANSWER = 'NO_ANSWER';

const SYSTEM = `You are the digital front desk of an Italian city hall. Answer the citizen's question using ONLY the
knowledge-base entries provided. Never use outside knowledge, never guess phone numbers, dates, amounts or
addresses that are not written in the entries.
- If the entries do not answer the question, reply with exactly ${NO_ANSWER} and nothing else.
- Otherwise answer briefly (at most 120 words) in {language}, in Markdown, and end with one line
  "SOURCES: <ids of the entries you used, comma separated>".
- Personal data in the question was replaced by placeholders such as [CODICE_FISCALE]; never ask for it.`;

const LANGUAGE: Record<KbLang, string> = { it: 'Italian', en: 'English' };

/** Builds the messages sent to the model; the citizen's text is redacted of personal data first. */
export function groundedPrompt(question: string, entries: readonly KbEntry[], lang: KbLang) {
  const context = entries
    .map((e) => `<entry id="${e.id}">\n# ${e.title}\n\n${e.body}\n</entry>`)
    .join('\n\n');
  return [
    new SystemMessage(SYSTEM.replace('{language}', LANGUAGE[lang])),
    new HumanMessage(`Entries:\n\n${context}\n\nQuestion: ${redactPii(question)}`),
  ];
}

/**
 * Generative mode: asks the chat model to answer only from the retrieved entries. The answer's sources are
 * the entries the model cites (all given entries when it cites none it was given). A reply of
 * {@link NO_ANSWER}, an empty reply, or a reply citing only unknown ids is a refusal.
 */
export async function answerFromEntries(
  model: BaseChatModel,
  question: string,
  entries: readonly KbEntry[],
  lang: KbLang,
): Promise<GroundedAnswer> {
  if (entries.length === 0) return { kind: 'refusal' };
  const reply = await model.invoke(groundedPrompt(question, entries, lang));
  const raw = typeof reply.content === 'string' ? reply.content : reply.text;
  const text = raw.trim();
  if (!text || text.toUpperCase().startsWith(NO_ANSWER) || text.toUpperCase() === NO_ANSWER)
    return { kind: 'refusal' };
  const match = /^\s*SOURCES?\s*:\s*(.*)$/im.exec(text);
  const body = (match ? text.slice(0, match.index) : text).trim();
  if (!body || body.includes(NO_ANSWER)) return { kind: 'refusal' };
  const cited = (match?.[1] ?? '')
    .split(/[,\s]+/)
    .map((s) => s.replace(/[^a-z0-9-]/gi, ''))
    .filter(Boolean);
  const sources = cited.length ? entries.filter((e) => cited.includes(e.id)) : [...entries];
  if (cited.length && sources.length === 0) return { kind: 'refusal' };
  return { kind: 'answer', text: body, sources };
}
