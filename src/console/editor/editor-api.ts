import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';
import { isEntryValid, type KbEntry, type KbLang } from '../../kb/entry';
import { serializeEntry } from '../../kb/entry-file';
import { validateEntry } from '../../kb/entry-validation';
import { EntryNotFoundError } from '../../kb/errors';
import type { KbEntryDoc } from '../../kb/kb-repository';
import type { KnowledgeStore } from '../../kb/knowledge-store';
import { decide } from '../../kb/policy';
import { parseSynonyms } from '../../kb/synonyms';
import { normalize } from '../../shared/normalize';
import { type Authenticated, type ConsoleAuth, sendJson } from '../console-auth';
import { lineDiff } from './line-diff';
import { previewAnswer } from './preview';

/** The placeholder answer of a draft created from an unanswered question; publishing refuses it. */
export const DRAFT_PLACEHOLDER = 'TODO: scrivi qui la risposta.';

/** What the editor API needs. */
export interface EditorApiDeps {
  auth: ConsoleAuth;
  store: KnowledgeStore;
  logger: Logger;
  /** KB_ANSWER_THRESHOLD and KB_SUGGEST_THRESHOLD, for the "try it" box. */
  thresholds: { answerThreshold: number; suggestThreshold: number };
  now?: () => Date;
}

const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
const editSchema = z.object({
  front: z.record(z.string(), z.unknown()),
  body: z.string().max(20_000),
  version: z.number().int().positive().optional(),
});
const versionSchema = z.object({ version: z.number().int().positive() });
const questionSchema = z.object({ question: z.string().trim().min(3).max(500), lang: z.enum(['it', 'en']) });
const synonymsSchema = z.object({ text: z.string().max(200_000) });

function entryId(req: Request): string {
  const id = String(req.params.entryId ?? '');
  if (!ID.test(id)) throw new HttpError(404, 'entry_not_found', 'No such entry.');
  return id;
}

/** Validates an edit with the `kb validate` schema; 400 with every problem in the message otherwise. */
function checked(front: unknown, body: string, file: string | undefined): KbEntry {
  const result = validateEntry(front, body);
  if (!result.ok) {
    const message = result.problems.map((p) => p.message).join('; ');
    throw new HttpError(400, 'invalid_entry', message);
  }
  const entry = result.entry;
  // A new entry, or one moved to the other language, goes to <lang>/<id>.md.
  const target = file?.startsWith(`${entry.lang}/`) ? file : `${entry.lang}/${entry.id}.md`;
  return { ...entry, file: target };
}

/** Re-validates stored content (the schema may have changed since it was saved). */
function revalidate(entry: KbEntry): KbEntry {
  const { body, file, ...front } = entry;
  return checked(front, body, file);
}

/** The editor's view of an entry document. */
function summary(doc: KbEntryDoc, version: number, now: Date) {
  const shown = doc.draft?.entry ?? doc.published;
  return {
    id: doc.id,
    version,
    lang: shown?.lang ?? 'it',
    title: shown?.title ?? doc.id,
    status: doc.published ? (doc.draft ? 'published+draft' : 'published') : 'draft',
    validFrom: shown?.valid_from ?? null,
    validUntil: shown?.valid_until ?? null,
    servedToday: doc.published ? isEntryValid(doc.published, now) : false,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

function matches(doc: KbEntryDoc, q: string): boolean {
  if (!q) return true;
  const e = doc.draft?.entry ?? doc.published;
  if (!e) return false;
  const hay = normalize([e.id, e.title, ...e.questions, ...e.tags, e.body].join(' '));
  return q.split(' ').every((w) => hay.includes(w));
}

function slug(text: string): string {
  return (
    normalize(text)
      .split(' ')
      .filter((w) => w.length > 2)
      .slice(0, 6)
      .join('-')
      .slice(0, 60)
      .replace(/-+$/, '') || 'nuova-voce'
  );
}

/**
 * The knowledge-base editor's API under `/api/console/kb/*` (role `editor` or `admin`): list and search
 * entries, read one with its draft, create, save a draft, publish, discard, delete, revision history with
 * diffs and restore, per-channel preview, the "try it" box, drafts from unanswered questions and synonyms.
 * Every change is validated with the `kb validate` schema; publishing reloads this instance at once and the
 * others within their poll interval.
 */
export function registerEditorApi(server: Server, deps: EditorApiDeps): void {
  const { auth, store, logger } = deps;
  const repo = store.repository;
  const now = deps.now ?? (() => new Date());
  type Fn = (req: Request, res: Response, a: Authenticated) => Promise<void>;
  const guard = (fn: Fn) =>
    route(logger, async (req, res) => fn(req, res, await auth.require(req, 'editor')));
  const get = (path: string, fn: Fn) => server.get(path, guard(fn));
  const post = (path: string, fn: Fn) => server.post(path, guard(fn));
  const put = (path: string, fn: Fn) => server.put(path, guard(fn));
  const del = (path: string, fn: Fn) => server.del(path, guard(fn));
  const detail = async (id: string) => {
    const found = await repo.get(id);
    if (!found) throw new HttpError(404, 'entry_not_found', 'No such entry.');
    const { doc, version } = found;
    return {
      entry: summary(doc, version, now()),
      published: doc.published ?? null,
      draft: doc.draft ?? null,
      file: doc.published ? serializeEntry(doc.published) : null,
    };
  };

  get('/api/console/kb/entries', async (req, res) => {
    const q = normalize(String((req.query as Record<string, unknown> | undefined)?.q ?? '')).slice(0, 200);
    const all = await repo.list();
    const at = now();
    sendJson(res, 200, {
      entries: all.filter(({ doc }) => matches(doc, q)).map(({ doc, version }) => summary(doc, version, at)),
      generation: store.generation,
      problems: store.problems.map((p) => ({ file: p.file, line: p.line, reason: p.reason, fatal: p.fatal })),
    });
  });

  get('/api/console/kb/entries/:entryId', async (req, res) => {
    sendJson(res, 200, await detail(entryId(req)));
  });

  post('/api/console/kb/entries', async (req, res, { session }) => {
    const { front, body } = parseBody(editSchema, req.body);
    const entry = checked(front, body, undefined);
    await repo.saveDraft(entry, session.username, null);
    sendJson(res, 201, await detail(entry.id));
  });

  put('/api/console/kb/entries/:entryId/draft', async (req, res, { session }) => {
    const id = entryId(req);
    const { front, body, version } = parseBody(editSchema, req.body);
    if (version === undefined) throw new HttpError(400, 'bad_request', 'Send the version you loaded.');
    const current = await repo.get(id);
    if (!current) throw new EntryNotFoundError(id);
    const file = (current.doc.draft?.entry ?? current.doc.published)?.file;
    const entry = checked(front, body, file);
    if (entry.id !== id)
      throw new HttpError(400, 'invalid_entry', `field "id": cannot change (it is "${id}")`);
    await repo.saveDraft(entry, session.username, version);
    sendJson(res, 200, await detail(id));
  });

  post('/api/console/kb/entries/:entryId/publish', async (req, res, { session }) => {
    const id = entryId(req);
    const { version } = parseBody(versionSchema, req.body);
    const current = await repo.get(id);
    const draft = current?.doc.draft?.entry;
    if (draft?.body.includes(DRAFT_PLACEHOLDER))
      throw new HttpError(
        400,
        'invalid_entry',
        'write the answer first: the draft still has the placeholder text',
      );
    if (draft) revalidate(draft);
    await repo.publishDraft(id, session.username, version);
    await store.refresh();
    sendJson(res, 200, await detail(id));
  });

  post('/api/console/kb/entries/:entryId/discard', async (req, res, { session }) => {
    const id = entryId(req);
    const { version } = parseBody(versionSchema, req.body);
    await repo.discardDraft(id, session.username, version);
    const left = await repo.get(id);
    sendJson(res, 200, left ? await detail(id) : { deleted: true });
  });

  del('/api/console/kb/entries/:entryId', async (req, res, { session }) => {
    const id = entryId(req);
    await repo.remove(id, session.username);
    await store.refresh();
    sendJson(res, 200, { deleted: true });
  });

  get('/api/console/kb/entries/:entryId/revisions', async (req, res) => {
    const revisions = await repo.revisions(entryId(req));
    if (!revisions.length) throw new HttpError(404, 'entry_not_found', 'No such entry.');
    sendJson(res, 200, {
      revisions: revisions
        .map((r) => ({
          seq: r.seq,
          action: r.action,
          author: r.author,
          at: r.at,
          restoredFrom: r.restoredFrom ?? null,
          title: r.entry?.title ?? null,
        }))
        .reverse(),
    });
  });

  get('/api/console/kb/entries/:entryId/revisions/:seq/diff', async (req, res) => {
    const id = entryId(req);
    const seq = Number(req.params.seq);
    const revisions = await repo.revisions(id);
    const index = revisions.findIndex((r) => r.seq === seq);
    const revision = revisions[index];
    if (!revision) throw new HttpError(404, 'revision_not_found', 'No such revision.');
    const previous = revisions
      .slice(0, index)
      .reverse()
      .find((r) => r.entry);
    const before = previous?.entry ? serializeEntry(previous.entry) : '';
    const after = revision.entry ? serializeEntry(revision.entry) : '';
    sendJson(res, 200, { seq, previous: previous?.seq ?? null, diff: lineDiff(before, after) });
  });

  post('/api/console/kb/entries/:entryId/revisions/:seq/restore', async (req, res, { session }) => {
    const id = entryId(req);
    const seq = Number(req.params.seq);
    if (!Number.isInteger(seq) || seq < 1)
      throw new HttpError(404, 'revision_not_found', 'No such revision.');
    const revision = (await repo.revisions(id)).find((r) => r.seq === seq);
    if (!revision?.entry) throw new HttpError(404, 'revision_not_found', 'No such revision with content.');
    revalidate(revision.entry);
    await repo.restore(id, seq, session.username);
    await store.refresh();
    sendJson(res, 200, await detail(id));
  });

  post('/api/console/kb/preview', async (req, res) => {
    const { body } = parseBody(z.object({ body: z.string().max(20_000) }), req.body);
    sendJson(res, 200, previewAnswer(body));
  });

  get('/api/console/kb/try', async (req, res) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const question = String(query.q ?? '')
      .trim()
      .slice(0, 500);
    if (!question) throw new HttpError(400, 'bad_request', 'Type a question.');
    const lang = query.lang === 'it' || query.lang === 'en' ? (query.lang as KbLang) : undefined;
    const result = store.snapshot.search(question, { ...(lang ? { lang } : {}), now: now() });
    const decision = decide(result, deps.thresholds);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    sendJson(res, 200, {
      lang: result.lang,
      decision: decision.kind,
      answer: decision.kind === 'answer' ? decision.best.entry.id : null,
      confidence: round(decision.confidence),
      thresholds: deps.thresholds,
      // The entries in the answer model's order, each with the probability the thresholds were read against.
      results: (decision.ranked ?? result.results.map((entry) => ({ entry, p: 0 }))).map((r) => ({
        id: r.entry.entry.id,
        title: r.entry.entry.title,
        probability: round(r.p),
        score: round(r.entry.score),
      })),
    });
  });

  post('/api/console/kb/drafts-from-question', async (req, res, { session }) => {
    const { question, lang } = parseBody(questionSchema, req.body);
    const base = slug(question);
    let id = base;
    for (let n = 2; await repo.get(id); n++) id = `${base}-${n}`;
    const title = question.length >= 3 ? question.replace(/\?+$/, '') : question;
    const entry = checked(
      { id, lang, title: title.trim().length >= 3 ? title : question, questions: [question], tags: [] },
      DRAFT_PLACEHOLDER,
      undefined,
    );
    await repo.saveDraft(entry, session.username, null);
    sendJson(res, 201, await detail(id));
  });

  get('/api/console/kb/synonyms', async (_req, res) => {
    sendJson(res, 200, { text: (await repo.synonymsText()) ?? '' });
  });

  put('/api/console/kb/synonyms', async (req, res, { session }) => {
    const { text } = parseBody(synonymsSchema, req.body);
    const parsed = parseSynonyms(text);
    if ('problem' in parsed)
      throw new HttpError(400, 'invalid_synonyms', `line ${parsed.problem.line}: ${parsed.problem.reason}`);
    await repo.saveSynonyms(text, session.username);
    await store.refresh();
    sendJson(res, 200, { text });
  });
}
