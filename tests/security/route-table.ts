import type { Server } from 'restify';

/** A registered route: method and path pattern. */
export interface RouteInfo {
  method: string;
  path: string;
}

/** Every route registered on the restify server, read from its router (so none can be forgotten). */
export function registeredRoutes(server: Server): RouteInfo[] {
  const router = (
    server as unknown as { router: { getRoutes(): Record<string, { method: string; path: string }> } }
  ).router;
  return Object.values(router.getRoutes()).map((r) => ({
    method: r.method.toUpperCase(),
    path: String(r.path),
  }));
}

/** `METHOD /path` as used in the tables below. */
export const key = (r: RouteInfo): string => `${r.method} ${r.path}`;

/**
 * Routes anyone may call without credentials: health checks, the public web chat page and its assets, the
 * console's login page and assets, the login itself and the web chat session (which only ever hands out a
 * token for a brand-new conversation, or refreshes a token the caller already holds).
 * Adding a route here is a security decision: say why in the review.
 */
export const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /',
  'GET /favicon.ico',
  'GET /webchat/app.js',
  'GET /webchat/connection.js',
  'GET /webchat/app.css',
  'GET /webchat/webchat.js',
  // The look of the chat and the console: Bootstrap Italia's CSS and fonts, and the theme made from config.
  'GET /look/theme.css',
  'GET /look/bootstrap-italia.min.css',
  'GET /look/fonts/:file',
  'GET /webchat/embed.js',
  'GET /widget',
  'GET /widget.js',
  'GET /console',
  'GET /console/',
  'GET /console/app.js',
  'GET /console/app.css',
  // The editor's and analytics' pages and scripts: static files without data (their APIs need a session).
  'GET /console/editor',
  'GET /console/analytics',
  'GET /console/editor.js',
  'GET /console/analytics.js',
  'GET /console/rooms.css',
  'GET /console/shared.js',
  // The admins' WhatsApp linking page and script: static files without data (the QR comes from an admin route).
  'GET /console/whatsapp',
  'GET /console/whatsapp.js',
  'POST /api/console/login',
  // Whether the caller is signed in: { signedIn: false } without a session, the same as /me with one.
  'GET /api/console/session',
  'POST /api/webchat/session',
]);

/**
 * Routes guarded by a credential of their own (tested in `channel-auth.test.ts`): the metrics bearer token,
 * Direct Line secret/conversation tokens, the Bot Framework JWT, Telegram's secret header, Meta's signature and
 * verify token.
 */
export const CREDENTIAL_ROUTES = new Map<string, string>([
  ['GET /metrics', 'METRICS_TOKEN bearer'],
  ['POST /v3/directline/tokens/generate', 'Direct Line secret'],
  ['POST /v3/directline/tokens/refresh', 'conversation token'],
  ['POST /v3/directline/conversations', 'secret or conversation token'],
  ['GET /v3/directline/conversations/:id', 'secret or conversation token'],
  ['GET /v3/directline/conversations/:id/activities', 'secret or conversation token'],
  ['POST /v3/directline/conversations/:id/activities', 'secret or conversation token'],
  ['POST /v3/directline/conversations/:id/upload', 'secret or conversation token'],
  [
    'POST /api/messages',
    'Bot Framework JWT (401 without MICROSOFT_APP_ID unless BOTFRAMEWORK_ALLOW_ANONYMOUS)',
  ],
  ['POST /telegram/webhook', 'X-Telegram-Bot-Api-Secret-Token'],
  ['GET /whatsapp/webhook', 'hub.verify_token'],
  ['POST /whatsapp/webhook', 'X-Hub-Signature-256'],
]);

/** Console API routes and the least role each needs (operator < editor < admin). */
export const CONSOLE_ROLES = new Map<string, 'operator' | 'editor' | 'admin'>([
  ['POST /api/console/logout', 'operator'],
  ['GET /api/console/me', 'operator'],
  ['GET /api/console/queue', 'operator'],
  ['GET /api/console/cases/:id', 'operator'],
  ['GET /api/console/cases/:id/files/:fileId', 'operator'],
  ['POST /api/console/cases/:id/claim', 'operator'],
  ['POST /api/console/cases/:id/messages', 'operator'],
  ['POST /api/console/cases/:id/notes', 'operator'],
  ['POST /api/console/cases/:id/transfer', 'operator'],
  ['POST /api/console/cases/:id/handback', 'operator'],
  ['POST /api/console/cases/:id/close', 'operator'],
  ['GET /api/console/operators', 'operator'],
  ['GET /api/console/canned', 'operator'],
  ['PUT /api/console/canned/:cannedId', 'editor'],
  ['DELETE /api/console/canned/:cannedId', 'editor'],
  // Knowledge-base editor (src/console/editor): editors and admins.
  ['GET /api/console/kb/entries', 'editor'],
  ['GET /api/console/kb/entries/:entryId', 'editor'],
  ['POST /api/console/kb/entries', 'editor'],
  ['PUT /api/console/kb/entries/:entryId/draft', 'editor'],
  ['POST /api/console/kb/entries/:entryId/publish', 'editor'],
  ['POST /api/console/kb/entries/:entryId/discard', 'editor'],
  ['DELETE /api/console/kb/entries/:entryId', 'editor'],
  ['GET /api/console/kb/entries/:entryId/revisions', 'editor'],
  ['GET /api/console/kb/entries/:entryId/revisions/:seq/diff', 'editor'],
  ['POST /api/console/kb/entries/:entryId/revisions/:seq/restore', 'editor'],
  ['POST /api/console/kb/preview', 'editor'],
  ['GET /api/console/kb/try', 'editor'],
  ['POST /api/console/kb/drafts-from-question', 'editor'],
  ['GET /api/console/kb/synonyms', 'editor'],
  ['PUT /api/console/kb/synonyms', 'editor'],
  // Analytics (src/console/analytics): editors and admins.
  ['GET /api/console/analytics', 'editor'],
  ['GET /api/console/analytics/unanswered', 'editor'],
  ['GET /api/console/analytics/export', 'editor'],
  ['GET /api/console/audit', 'admin'],
  // WhatsApp Web linking (status, QR code as SVG, pairing code): the QR grants access to the city's account.
  ['GET /api/console/whatsapp', 'admin'],
  ['GET /api/console/users', 'admin'],
  ['POST /api/console/users', 'admin'],
]);

/** Whether a route belongs to the back office (API key). */
export const isBackoffice = (r: RouteInfo): boolean => r.path.startsWith('/api/backoffice/');

/** Whether a route belongs to the operator console API (session cookie and role). */
export const isConsoleApi = (r: RouteInfo): boolean =>
  r.path.startsWith('/api/console/') && !PUBLIC_ROUTES.has(key(r));

/** A concrete URL path for a pattern: `:id` → `1`, `:protocol` → a well-formed protocol number, … */
export function concrete(path: string): string {
  return path.replace(/:(\w+)/g, (_all, name: string) =>
    name === 'protocol'
      ? 'ESE-2026-000001'
      : name === 'cannedId'
        ? 'saluto'
        : name === 'file'
          ? 'titillium-web-400.woff2'
          : '1',
  );
}
