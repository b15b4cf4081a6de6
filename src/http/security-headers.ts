import type { RequestHook } from './every-request';

/**
 * The policy every response gets unless its route sets its own (the web chat page and the console do):
 * nothing may load, nothing may frame it. JSON and error responses thus cannot be turned into a page.
 */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Browser features no Sportello page uses, switched off so injected content cannot ask for them. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/**
 * Headers only a page (an HTML document) has a use for: the referrer its links and loads send, an isolated
 * browsing context, no powerful browser features. The routes that serve pages add them (web chat, console);
 * a JSON answer, a script or an error has nothing they would act on.
 */
export const DOCUMENT_HEADERS = {
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': PERMISSIONS_POLICY,
} as const;

/**
 * A {@link RequestHook} setting the security headers shared by every response: `nosniff`, no framing by
 * other sites and the restrictive default CSP, so JSON and error responses cannot be turned into a page.
 * Routes that serve pages replace the CSP with their own and add {@link DOCUMENT_HEADERS} (three headers less
 * on every API answer, which is most of the web chat's traffic). HSTS is left to the TLS
 * reverse proxy (see `deploy/Caddyfile`), which knows whether the site is served over https.
 */
export const setSecurityHeaders: RequestHook = (_req, res) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Content-Security-Policy', DEFAULT_CSP);
};
