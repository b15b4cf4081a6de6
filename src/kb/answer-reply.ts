import * as path from 'node:path';
import { buttonValue } from '../engine/button-values';
import type { ServiceEntry } from '../engine/dialog';
import type { Choice, Link, OutboundReply } from '../engine/types';
import type { KbEntry, KbLang } from './entry';
import type { KnowledgeSnapshot } from './knowledge-snapshot';
import { kbText } from './texts';

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const MD_LINK = /\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Choice value that shows an entry. */
export function entryChoice(id: string): string {
  return buttonValue({ kind: 'kb-entry', entry: id });
}

/** Choice values of the feedback buttons. */
export function feedbackChoice(useful: boolean, id: string): string {
  return buttonValue({ kind: 'kb-feedback', useful, entry: id });
}

/** The entry a relative link points at (`../it/tari-pagamento.md`), if any. */
function linkedEntry(entry: KbEntry, url: string, kb: KnowledgeSnapshot): KbEntry | undefined {
  const target = path.posix.normalize(
    path.posix.join(path.posix.dirname(entry.file), url.split('#')[0] ?? ''),
  );
  return kb.entries.find((e) => e.file === target);
}

/** Each snapshot's rendered answers, per language and entry, with the service list they were rendered for. */
const rendered = new WeakMap<
  KnowledgeSnapshot,
  Map<string, { services: readonly ServiceEntry[]; replies: readonly OutboundReply[] }>
>();

/**
 * The replies that show an entry: one message with the answer (title, body, source links, the service to
 * start and related entries as choices) ending with the "was it helpful?" question and its buttons. Relative links to other entries become
 * "See: …" choices, since a chat cannot open a file of the knowledge directory.
 *
 * An entry reads the same every time within one snapshot, so its replies are rendered once and shared: they
 * are frozen, and a new snapshot (an edit of the knowledge base) renders them anew.
 */
export function answerReplies(
  entry: KbEntry,
  kb: KnowledgeSnapshot,
  lang: KbLang,
  services: readonly ServiceEntry[],
): readonly OutboundReply[] {
  let memo = rendered.get(kb);
  if (!memo) {
    memo = new Map();
    rendered.set(kb, memo);
  }
  const key = `${lang}\n${entry.id}`;
  const known = memo.get(key);
  if (known?.services === services) return known.replies;
  const replies = deepFreeze(renderAnswer(entry, kb, lang, services));
  memo.set(key, { services, replies });
  return replies;
}

/** Freezes a value and everything it holds (the shared replies must not be changed by a turn). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function renderAnswer(
  entry: KbEntry,
  kb: KnowledgeSnapshot,
  lang: KbLang,
  services: readonly ServiceEntry[],
): OutboundReply[] {
  const choices: Choice[] = [];
  const links: Link[] = [];
  const seeAlso = (target: KbEntry | undefined) => {
    if (target && target.id !== entry.id && !choices.some((c) => c.value === entryChoice(target.id))) {
      choices.push({
        label: kbText(lang, 'seeAlso', { title: target.title }),
        value: entryChoice(target.id),
      });
    }
  };
  const body = entry.body.replace(MD_LINK, (all, label: string, url: string) => {
    if (EXTERNAL.test(url)) return all;
    seeAlso(linkedEntry(entry, url, kb));
    return label;
  });
  for (const link of entry.links) {
    if (EXTERNAL.test(link.url)) links.push({ label: link.label, url: link.url });
    else seeAlso(linkedEntry(entry, link.url, kb));
  }
  const service = entry.service ? services.find((s) => s.dialogId === entry.service) : undefined;
  if (service) {
    choices.unshift({
      label: kbText(lang, 'startService', { title: service.title[lang] }),
      value: buttonValue({ kind: 'service', dialogId: service.dialogId }),
    });
  }
  // A citizen who asked in English may be answered from an Italian-only entry (and the other way round).
  const note = entry.lang === lang ? '' : `${kbText(lang, 'onlyInOther')}\n\n`;
  return [
    withFeedback(
      { text: `**${entry.title}**\n\n${note}${body}`, ...(links.length ? { links } : {}), choices },
      lang,
      entry.id,
    ),
  ];
}

/**
 * An answer with the "was it helpful?" question and its buttons added after the answer's own: one message, so
 * channels that keep only the latest message's buttons (Web Chat, Bot Framework, WhatsApp's numbered menus)
 * still offer "Avvia…" and "Vedi…" beside the feedback.
 */
export function withFeedback(answer: OutboundReply, lang: KbLang, entryId: string): OutboundReply {
  return {
    ...answer,
    text: `${answer.text}\n\n${kbText(lang, 'helpful')}`,
    choices: [
      ...(answer.choices ?? []),
      { label: kbText(lang, 'yes'), value: feedbackChoice(true, entryId) },
      { label: kbText(lang, 'no'), value: feedbackChoice(false, entryId) },
    ],
  };
}
