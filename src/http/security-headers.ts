import type { RequestHandler } from 'restify';

/**
 * The policy every response gets unless its route sets its own (the web chat page and the console do):
 * nothing may load, nothing may frame it. JSON and error responses thus cannot be turned into a page.
 */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Browser features no Sportello page uses, switched off so injected content cannot ask for them. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/**
 * A restify `pre` handler setting the security headers shared by every response: `nosniff`, a same-origin
 * referrer, no framing by other sites, the restrictive default CSP, an isolated browsing context and no
 * powerful browser features. Routes that serve pages replace the CSP with their own. HSTS is left to the TLS
 * reverse proxy (see `deploy/Caddyfile`), which knows whether the site is served over https.
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Content-Security-Policy', DEFAULT_CSP);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    return next();
  };
}
