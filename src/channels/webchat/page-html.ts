import { type ChromeSettings, escapeHtml, footerHtml, slimHeaderHtml } from '../../look';

export { escapeHtml } from '../../look';

/** What the page shows about the city hall. */
export interface PageSettings extends ChromeSettings {
  /**
   * When operators answer, in Italian words (e.g. "dal lunedì al venerdì 08:30–12:30"); empty or absent when
   * they are always there.
   */
  operatorHours?: string;
}

/**
 * How the page is shown inside the widget's panel on the comune's site (`/widget`): without the header and skip
 * link a panel has no room for (its heading kept for screen readers only), and talking to the host page through
 * `/webchat/embed.js`.
 */
export interface EmbedSettings {
  /** The host page's origin, already found among the allowed ones: the only one the page talks to. */
  hostOrigin?: string;
  /** The language the host page asked for. */
  lang: 'it' | 'en';
}

/**
 * The web chat page in Bootstrap Italia's look: slim header strip, the comune's centre header, a `<main>`
 * region where `/webchat/app.js` renders Web Chat, and the footer with the privacy notice and the
 * accessibility statement.
 */
export function pageHtml(settings: PageSettings, embed?: EmbedSettings): string {
  const city = escapeHtml(settings.city);
  // Honest about who answers when: the assistant at any hour, people only in the office's hours.
  const people = settings.operatorHours
    ? `Gli operatori rispondono ${escapeHtml(settings.operatorHours)}`
    : 'Gli operatori rispondono 7 giorni su 7';
  const host = embed?.hostOrigin ? ` data-host="${escapeHtml(embed.hostOrigin)}"` : '';
  // The full page is the comune's, in Italian; the widget's panel speaks the host page's language.
  const en = embed?.lang === 'en';
  const t = en
    ? {
        heading: `Digital front desk — ${city}`,
        region: `Chat with the digital front desk of ${city}`,
        loading: 'Loading the chat…',
        noScript: 'To use the chat, please enable JavaScript in your browser.',
      }
    : {
        heading: `Sportello digitale — ${city}`,
        region: `Chat con lo sportello digitale del ${city}`,
        loading: 'Caricamento della chat…',
        noScript: 'Per usare la chat è necessario abilitare JavaScript nel browser.',
      };
  return `<!doctype html>
<html lang="${embed?.lang ?? 'it'}"${embed ? ` data-embed${host}` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.heading}</title>
<link rel="stylesheet" href="/look/bootstrap-italia.min.css">
<link rel="stylesheet" href="/look/theme.css">
<link rel="stylesheet" href="/webchat/app.css">
</head>
<body>
${
  embed
    ? // No room for the header in a panel; the page's heading stays for screen readers' heading list.
      `<header><h1 class="visually-hidden">${t.heading}</h1></header>\n`
    : `<a class="skip visually-hidden-focusable" href="#webchat">Vai alla chat</a>
<header class="top it-header-wrapper">
  ${slimHeaderHtml(settings)}
  <div class="it-header-center-wrapper it-small-header">
    <div class="container-fluid"><div class="it-header-center-content-wrapper"><div class="it-brand-wrapper">
      <div class="it-brand-text">
        <h1 class="it-brand-title"><span class="visually-hidden">Sportello digitale — </span>${city}</h1>
        <p class="it-brand-tagline" aria-hidden="true">Sportello digitale</p>
      </div>
    </div></div></div>
  </div>
  <div class="intro container-fluid">
    <p>L’assistente digitale risponde 7 giorni su 7, a qualsiasi ora. ${people}: per parlare con una persona scrivi «operatore».</p>
  </div>
</header>
`
}<main id="webchat" aria-label="${t.region}" tabindex="-1"></main>
<p id="webchat-status" class="status" role="status" aria-live="polite">${t.loading}</p>
<noscript><p class="status">${t.noScript}</p></noscript>
${embed ? '' : `${footerHtml(settings)}\n`}${embed ? '<script src="/webchat/embed.js"></script>\n' : ''}<script src="/webchat/webchat.js"></script>
<script src="/webchat/connection.js"></script>
<script src="/webchat/app.js"></script>
</body>
</html>
`;
}
