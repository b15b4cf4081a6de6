/**
 * The page's Content-Security-Policy. Scripts: this origin only — no inline script, no `eval` (Web Chat does not
 * need `'unsafe-eval'`). Styles need `'unsafe-inline'`: Web Chat takes a nonce for its own styles, but the
 * react-scroll-to-bottom inside it injects a `<style>` without it, and a nonce in the policy would disable
 * `'unsafe-inline'`. Styles cannot run code, so the XSS protection stays with `script-src`.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // Same-origin ws:/wss: is covered by 'self' (CSP level 3). blob: because the Direct Line client reads a
    // picked file back from its local blob: URL before uploading it.
    "connect-src 'self' blob:",
    "img-src 'self' data: blob: https:",
    // Titillium Web from /look/fonts/; no data: fonts (Bootstrap Italia's only one is dropped, look-assets.ts).
    "font-src 'self'",
    "media-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}
