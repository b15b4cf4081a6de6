import { escapeHtml } from './html-escape';

/** Who the pages are of, and the links the law asks every public page to carry. */
export interface ChromeSettings {
  /** Name of the city hall, e.g. "Comune di Esempio". */
  city: string;
  /** The body above it shown in the slim header strip (e.g. "Regione Toscana"); the city's name when absent. */
  region?: string | undefined;
  /** Where the privacy notice lives (http or https). */
  privacyUrl: string;
  /** Where the accessibility statement lives (AgID's form or the comune's site; http or https). */
  accessibilityUrl: string;
}

/** The URL when it is http(s), `#` otherwise: a link the config got wrong goes nowhere rather than anywhere. */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

/** Bootstrap Italia's slim header strip: the body the comune belongs to. */
export function slimHeaderHtml(settings: ChromeSettings): string {
  const name = escapeHtml(settings.region || settings.city);
  return `<div class="it-header-slim-wrapper">
    <div class="container-fluid"><div class="it-header-slim-wrapper-content"><p class="slim-name">${name}</p></div></div>
  </div>`;
}

/**
 * Bootstrap Italia's footer, small prints only: the privacy notice and the accessibility statement that AgID's
 * guidelines ask every page of a public body to link ("Dichiarazione di accessibilità").
 */
export function footerHtml(settings: ChromeSettings): string {
  const privacy = escapeHtml(safeUrl(settings.privacyUrl));
  const accessibility = escapeHtml(safeUrl(settings.accessibilityUrl));
  return `<footer class="it-footer">
  <div class="it-footer-small-prints">
    <div class="container-fluid">
      <h2 class="visually-hidden">Note legali</h2>
      <ul class="it-footer-small-prints-list">
        <li><span class="footer-city">${escapeHtml(settings.city)}</span></li>
        <li><a href="${privacy}" target="_blank" rel="noopener">Informativa privacy</a></li>
        <li><a href="${accessibility}" target="_blank" rel="noopener">Dichiarazione di accessibilità</a></li>
      </ul>
    </div>
  </div>
</footer>`;
}
