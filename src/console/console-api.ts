import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { IoNotice } from '../appio';
import type { TranscriptEntry } from '../engine/transcript';
import { transcriptStream } from '../engine/transcript';
import type { ConversationRef } from '../engine/types';
import { type FileStore, serveFile } from '../files';
import { type HandoffCase, OUTCOMES } from '../handoff/handoff-case';
import type { HandoffService, OperatorRef } from '../handoff/handoff-service';
import { clientIp } from '../http/client-ip';
import { refuseEarly } from '../http/early-refusal';
import { HttpError } from '../http/http-error';
import { parseBody, route } from '../http/server';
import type { VerifiedCitizen } from '../identity';
import type { FormView } from '../services/form-view';
import { statusLabel, type Ticket } from '../services/tickets/ticket';
import type { Storage } from '../storage/storage';
import { type CannedResponses, cannedSchema } from './canned-responses';
import { type Authenticated, type ConsoleAuth, sendJson } from './console-auth';
import { LOCK_MINUTES, type LoginLockout } from './lockout';
import type { LoginLimits } from './login-limits';
import type { Session } from './sessions';
import { passwordSchema, ROLES, type UserStore, usernameSchema } from './users';

/** Everything the console API needs. */
export interface ConsoleApiDeps {
  storage: Storage;
  handoff: HandoffService;
  auth: ConsoleAuth;
  users: UserStore;
  lockout: LoginLockout;
  /** Login attempts per address and per instance, counted before the request is routed. */
  loginLimits: LoginLimits;
  canned: CannedResponses;
  logger: Logger;
  /** Called after logout so the user's live sockets close too. */
  onLogout?: (username: string) => void;
  /** Take the client's address from X-Forwarded-For (set only behind a trusted reverse proxy). */
  trustProxy?: boolean;
  /** The files citizens sent (web chat uploads), which operators open from a case. */
  files?: FileStore;
  /** The readable view of a service form's answers (labels, formatted values, files). */
  describeForm?: (dialogId: string, answers: Record<string, unknown>) => FormView | undefined;
  /** The identity verified with SPID/CIE of a conversation's citizen, shown on the case. */
  identityOf?: (conversationKey: string) => Promise<VerifiedCitizen | undefined>;
  /** What was sent to the app IO about the tickets of a case's citizen, and whether IO accepted it. */
  ioNoticesOf?: (ref: ConversationRef) => Promise<IoNotice[]>;
  /** The citizen's tickets with a fee: how much, the pagoPA notice code, and whether it is paid. */
  paymentsOf?: (ref: ConversationRef) => Promise<Ticket[]>;
  now?: () => Date;
}

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
const textSchema = z.object({ text: z.string().trim().min(1, 'must not be empty').max(4000) });
const closeSchema = z.object({ outcome: z.enum(OUTCOMES as [string, ...string[]]) });
const transferSchema = z.object({ to: z.string().min(1).max(64) });
const newUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(ROLES),
  name: z.string().trim().max(60).optional(),
});
const MAX_TRANSCRIPT = 500;

function caseId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!/^\d{1,12}$/.test(id)) throw new HttpError(404, 'case_not_found', 'No such conversation.');
  return id;
}

function operatorOf(session: Session): OperatorRef {
  return { username: session.username, name: session.name };
}

/** Where the console opens a file of a case. */
function fileHref(caseId: string, storedId: string): string {
  return `/api/console/cases/${caseId}/files/${encodeURIComponent(storedId)}`;
}

/**
 * A form that was running when the citizen asked for a person, as operators read it: the service's title and
 * each answer with its label, formatted, files with the address to open them. Undefined for a dialog that is
 * no service form (its internal data means nothing to an operator).
 */
function readableForm(
  caseId: string,
  dialogId: string,
  data: Record<string, unknown>,
  describe: ConsoleApiDeps['describeForm'],
) {
  const answers = (data.answers ?? {}) as Record<string, unknown>;
  const view = describe?.(dialogId, answers);
  if (!view) return undefined;
  return {
    ...view,
    fields: view.fields.map((f) => ({
      ...f,
      ...(f.files
        ? {
            files: f.files.map(({ storedId, ...file }) =>
              storedId ? { ...file, href: fileHref(caseId, storedId) } : file,
            ),
          }
        : {}),
    })),
  };
}

/** A case as the queue shows it. */
function summary(c: HandoffCase, now: Date, position: number | undefined) {
  return {
    id: c.id,
    status: c.status,
    channel: c.ref.channel,
    lang: c.lang,
    reason: c.reason,
    requestedAt: c.requestedAt,
    waitingSeconds: Math.max(0, Math.round((now.getTime() - new Date(c.requestedAt).getTime()) / 1000)),
    operator: c.operator ?? null,
    userName: c.ref.userName ?? null,
    callback: c.callback ?? null,
    position: position ?? null,
  };
}

/**
 * The console's JSON API under `/api/console/*`: login/logout, the live queue, claiming, reading a case
 * (transcript, form fields, knowledge-base entries shown, notes), replying, notes, transfer, hand back,
 * close, canned responses, users and the audit log. Without a session every route answers 401, with a role
 * too low 403; state-changing routes need the CSRF token.
 */
export function registerConsoleApi(server: Server, deps: ConsoleApiDeps): void {
  const { auth, handoff, users, lockout, logger, canned } = deps;
  const now = deps.now ?? (() => new Date());
  const get = (
    path: string,
    role: Parameters<ConsoleAuth['require']>[1],
    fn: (req: Request, res: Response, a: Authenticated) => Promise<void>,
  ) =>
    server.get(
      path,
      route(logger, async (req, res) => fn(req, res, await auth.require(req, role))),
    );
  const post = (
    path: string,
    role: Parameters<ConsoleAuth['require']>[1],
    fn: (req: Request, res: Response, a: Authenticated) => Promise<void>,
  ) =>
    server.post(
      path,
      route(logger, async (req, res) => fn(req, res, await auth.require(req, role))),
    );

  // Attempts are counted, and refused past the limits, before the request is even routed (early-refusal.ts).
  refuseEarly(
    server,
    { method: 'POST', path: '/api/console/login' },
    (req) => deps.loginLimits.admit(clientIp(req, deps.trustProxy)),
    (refusal) =>
      `Too many login attempts ${refusal.scope === 'address' ? 'from your network' : 'right now'}: try again in ${refusal.retryAfter} seconds.`,
  );
  server.post(
    '/api/console/login',
    route(logger, async (req, res) => {
      if (!auth.originAllowed(req)) throw new HttpError(403, 'bad_origin', 'Cross-site request refused.');
      if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send JSON.');
      const { username, password } = parseBody(loginSchema, req.body);
      const ip = clientIp(req, deps.trustProxy);
      const name = username.trim().toLowerCase();
      const admission = await lockout.begin(name, ip);
      if (!admission.admitted) {
        const seconds = Math.max(1, Math.ceil((admission.until.getTime() - now().getTime()) / 1000));
        res.setHeader('Retry-After', String(seconds));
        if (admission.reason === 'busy')
          throw new HttpError(429, 'busy', 'Too many login attempts at once: try again in a moment.');
        await handoff.audit.record(name, 'login-locked', undefined, ip);
        const minutes = Math.ceil(seconds / 60);
        throw new HttpError(429, 'locked', `Too many failed attempts: try again in ${minutes} minutes.`);
      }
      const user = await users.verify(name, password);
      if (!user) {
        const locked = await lockout.fail(name, ip, admission.ticket);
        await handoff.audit.record(name, 'login-failed', undefined, ip);
        if (locked) {
          res.setHeader('Retry-After', String(LOCK_MINUTES * 60));
          throw new HttpError(
            429,
            'locked',
            `Too many failed attempts: try again in ${LOCK_MINUTES} minutes.`,
          );
        }
        throw new HttpError(401, 'bad_credentials', 'Wrong username or password.');
      }
      if (!(await lockout.succeed(name, ip, admission.ticket))) {
        await handoff.audit.record(name, 'login-locked', undefined, ip);
        res.setHeader('Retry-After', String(LOCK_MINUTES * 60));
        throw new HttpError(429, 'locked', `Too many failed attempts: try again in ${LOCK_MINUTES} minutes.`);
      }
      deps.loginLimits.succeeded(ip);
      const { token, session } = await auth.sessions.create(user);
      await handoff.audit.record(user.username, 'login', undefined, ip);
      res.setHeader('Set-Cookie', auth.cookie(req, token));
      sendJson(res, 200, {
        user: { username: user.username, name: user.name, role: user.role },
        csrfToken: session.csrf,
      });
    }),
  );

  post('/api/console/logout', 'operator', async (req, res, { session, token }) => {
    await auth.sessions.destroy(token);
    await handoff.audit.record(session.username, 'logout');
    deps.onLogout?.(session.username);
    res.setHeader('Set-Cookie', auth.clearCookie(req));
    sendJson(res, 200, { ok: true });
  });

  const me = (session: Authenticated['session']) => ({
    user: { username: session.username, name: session.name, role: session.role },
    csrfToken: session.csrf,
    officeOpen: handoff.isOfficeOpen(),
    nextOpening: handoff.nextOpening('it'),
  });

  get('/api/console/me', 'operator', async (_req, res, { session }) => sendJson(res, 200, me(session)));

  // The pages ask this first: "not signed in" is an answer, not an error, so the browser logs no 401.
  server.get(
    '/api/console/session',
    route(logger, async (req, res) => {
      const auth = await deps.auth.session(req);
      sendJson(res, 200, auth ? { signedIn: true, ...me(auth.session) } : { signedIn: false });
    }),
  );

  get('/api/console/queue', 'operator', async (_req, res) => {
    const at = now();
    const cases = await handoff.openCases();
    let position = 0;
    const items = cases.map((c) => {
      const live = c.status === 'queued' && !c.callback;
      if (live) position += 1;
      return summary(c, at, live ? position : undefined);
    });
    sendJson(res, 200, { cases: items, officeOpen: handoff.isOfficeOpen() });
  });

  get('/api/console/cases/:id', 'operator', async (req, res, { session }) => {
    const id = caseId(req);
    const c = await handoff.getCase(id);
    if (!c) throw new HttpError(404, 'case_not_found', 'No such conversation.');
    const entries = await deps.storage.read<TranscriptEntry>(transcriptStream(c.conversation));
    const transcript = entries.slice(-MAX_TRANSCRIPT).map((e) => {
      const entry = e.value;
      if (entry.dir !== 'in' || !entry.files) return { seq: e.seq, ...entry };
      const files = entry.files.map(({ storedId, ...f }) => ({ ...f, href: fileHref(id, storedId) }));
      return { seq: e.seq, ...entry, files };
    });
    const kbEntries = [
      ...new Set(transcript.flatMap((e) => (e.dir === 'out' ? (e.meta?.kbEntries ?? []) : []))),
    ];
    await handoff.audit.record(session.username, 'read', id);
    sendJson(res, 200, {
      case: summary(c, now(), await handoff.positionOf(id)),
      closed:
        c.status === 'closed'
          ? { at: c.closedAt, by: c.closedBy, outcome: c.outcome, rating: c.rating ?? null }
          : null,
      forms: c.forms.flatMap((f) => readableForm(c.id, f.dialogId, f.data, deps.describeForm) ?? []),
      // Who the citizen is, when the comune's portal vouched for them (SPID/CIE); null for an anonymous chat.
      identity: (await deps.identityOf?.(c.conversation)) ?? null,
      // App IO messages about the citizen's tickets: subject, outcome, IO's id or error (no fiscal code shown).
      ioNotices: ((await deps.ioNoticesOf?.(c.ref)) ?? []).map((n) => ({
        protocol: n.protocol,
        status: n.status,
        subject: n.subject,
        state: n.state,
        attempts: n.attempts,
        sentAt: n.sentAt ?? null,
        messageId: n.messageId ?? null,
        lastError: n.lastError ?? null,
      })),
      // Fees of the citizen's tickets: status in Italian, the pagoPA notice and its state (or why it failed).
      payments: ((await deps.paymentsOf?.(c.ref)) ?? []).flatMap((t) =>
        t.payment
          ? [
              {
                protocol: t.protocol,
                service: t.serviceTitle.it,
                status: t.status,
                statusLabel: statusLabel(t.status, 'it'),
                amountCents: t.payment.amountCents,
                via: t.payment.via,
                state: t.payment.state,
                noticeCode: t.payment.noticeCode ?? null,
                checkoutUrl: t.payment.checkoutUrl ?? null,
                error: t.payment.error ?? null,
              },
            ]
          : [],
      ),
      kbEntries,
      transcript,
      notes: await handoff.notes(id),
      mine: c.status === 'assigned' && c.operator === session.username,
    });
  });

  get('/api/console/cases/:id/files/:fileId', 'operator', async (req, res, { session }) => {
    const id = caseId(req);
    const c = await handoff.getCase(id);
    // Only a file of this case's conversation: the file id alone opens nothing.
    const opened = c ? await deps.files?.open(c.conversation, String(req.params.fileId)) : undefined;
    if (!opened) throw new HttpError(404, 'file_not_found', 'No such file in this conversation.');
    await handoff.audit.record(session.username, 'read-file', id);
    await serveFile(res, opened);
  });

  post('/api/console/cases/:id/claim', 'operator', async (req, res, { session }) => {
    const c = await handoff.claim(caseId(req), operatorOf(session));
    sendJson(res, 200, { case: summary(c, now(), undefined) });
  });

  post('/api/console/cases/:id/messages', 'operator', async (req, res, { session }) => {
    const { text } = parseBody(textSchema, req.body);
    await handoff.sendMessage(caseId(req), operatorOf(session), text);
    sendJson(res, 201, { ok: true });
  });

  post('/api/console/cases/:id/notes', 'operator', async (req, res, { session }) => {
    const { text } = parseBody(textSchema, req.body);
    const note = await handoff.addNote(caseId(req), session.username, text);
    sendJson(res, 201, { note });
  });

  post('/api/console/cases/:id/transfer', 'operator', async (req, res, { session }) => {
    const { to } = parseBody(transferSchema, req.body);
    const target = await users.get(to);
    if (!target || target.disabled)
      throw new HttpError(400, 'unknown_operator', `No operator named "${to}".`);
    if (target.username === session.username)
      throw new HttpError(400, 'same_operator', 'You already hold it.');
    const c = await handoff.transfer(caseId(req), operatorOf(session), {
      username: target.username,
      name: target.name,
    });
    sendJson(res, 200, { case: summary(c, now(), undefined) });
  });

  post('/api/console/cases/:id/handback', 'operator', async (req, res, { session }) => {
    const c = await handoff.close(caseId(req), operatorOf(session), 'returned');
    sendJson(res, 200, { case: summary(c, now(), undefined) });
  });

  post('/api/console/cases/:id/close', 'operator', async (req, res, { session }) => {
    const { outcome } = parseBody(closeSchema, req.body);
    const c = await handoff.close(caseId(req), operatorOf(session), outcome as (typeof OUTCOMES)[number]);
    sendJson(res, 200, { case: summary(c, now(), undefined) });
  });

  get('/api/console/operators', 'operator', async (_req, res) => {
    const list = (await users.list()).filter((u) => !u.disabled);
    sendJson(res, 200, {
      operators: list.map((u) => ({ username: u.username, name: u.name, role: u.role })),
    });
  });

  get('/api/console/canned', 'operator', async (_req, res) => {
    sendJson(res, 200, { canned: await canned.list() });
  });

  server.put(
    '/api/console/canned/:cannedId',
    route(logger, async (req, res) => {
      const { session } = await auth.require(req, 'editor');
      const id = String(req.params.cannedId ?? '');
      if (!/^[a-z0-9-]{1,40}$/.test(id))
        throw new HttpError(400, 'bad_id', 'Ids are 1–40 lower-case letters, digits or dashes.');
      const saved = await canned.save(id, parseBody(cannedSchema, req.body));
      await handoff.audit.record(session.username, 'canned-save', undefined, id);
      sendJson(res, 200, { canned: saved });
    }),
  );

  server.del(
    '/api/console/canned/:cannedId',
    route(logger, async (req, res) => {
      const { session } = await auth.require(req, 'editor');
      const id = String(req.params.cannedId ?? '');
      if (!(await canned.delete(id))) throw new HttpError(404, 'not_found', 'No such canned response.');
      await handoff.audit.record(session.username, 'canned-delete', undefined, id);
      sendJson(res, 200, { ok: true });
    }),
  );

  get('/api/console/audit', 'admin', async (req, res) => {
    const query = (req.query ?? {}) as Record<string, string | undefined>;
    const filter = query.caseId && /^\d{1,12}$/.test(query.caseId) ? { caseId: query.caseId } : {};
    sendJson(res, 200, { entries: await handoff.audit.recent({ limit: 500, ...filter }) });
  });

  get('/api/console/users', 'admin', async (_req, res) => {
    const list = await users.list();
    sendJson(res, 200, {
      users: list.map((u) => ({
        username: u.username,
        name: u.name,
        role: u.role,
        disabled: u.disabled ?? false,
      })),
    });
  });

  post('/api/console/users', 'admin', async (req, res) => {
    const input = parseBody(newUserSchema, req.body);
    const user = await users.create({ ...input, ...(input.name ? { name: input.name } : {}) });
    sendJson(res, 201, { user: { username: user.username, name: user.name, role: user.role } });
  });
}
