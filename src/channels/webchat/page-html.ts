/** What the page shows about the city hall. */
export interface PageSettings {
  /** Name of the city hall, e.g. "Comune di Esempio". */
  city: string;
  /** Where the privacy notice lives (http or https). */
  privacyUrl: string;
  /**
   * When operators answer, in Italian words (e.g. "dal lunedì al venerdì 08:30–12:30"); empty or absent when
   * they are always there.
   */
  operatorHours?: string;
}

/**
 * How the page is shown inside the widget's panel on the comune's site (`/widget`): without the heading and skip
 * link a panel has no room for, and talking to the host page through `/webchat/embed.js`.
 */
export interface EmbedSettings {
  /** The host page's origin, already found among the allowed ones: the only one the page talks to. */
  hostOrigin?: string;
  /** The language the host page asked for. */
  lang: 'it' | 'en';
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * The web chat page: an accessible Italian page with the city's heading, the privacy link, and a `<main>` region
 * where `/webchat/app.js` renders Web Chat.
 */
export function pageHtml(settings: PageSettings, embed?: EmbedSettings): string {
  const city = escapeHtml(settings.city);
  const privacy = escapeHtml(settings.privacyUrl);
  // Honest about who answers when: the assistant at any hour, people only in the office's hours.
  const people = settings.operatorHours
    ? `Gli operatori rispondono ${escapeHtml(settings.operatorHours)}`
    : 'Gli operatori rispondono 7 giorni su 7';
  const host = embed?.hostOrigin ? ` data-host="${escapeHtml(embed.hostOrigin)}"` : '';
  return `<!doctype html>
<html lang="${embed?.lang ?? 'it'}"${embed ? ` data-embed${host}` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sportello digitale — ${city}</title>
<link rel="stylesheet" href="/webchat/app.css">
</head>
<body>
${
  embed
    ? ''
    : `<a class="skip" href="#webchat">Vai alla chat</a>
<header class="top">
  <h1>Sportello digitale — ${city}</h1>
  <p>L’assistente digitale risponde 7 giorni su 7, a qualsiasi ora. ${people}: per parlare con una persona scrivi «operatore».</p>
  <p><a href="${privacy}" target="_blank" rel="noopener">Informativa privacy</a></p>
</header>
`
}<main id="webchat" aria-label="Chat con lo sportello digitale del ${city}" tabindex="-1"></main>
<p id="webchat-status" class="status" role="status" aria-live="polite">Caricamento della chat…</p>
<noscript><p class="status">Per usare la chat è necessario abilitare JavaScript nel browser.</p></noscript>
${embed ? '<script src="/webchat/embed.js"></script>\n' : ''}<script src="/webchat/webchat.js"></script>
<script src="/webchat/connection.js"></script>
<script src="/webchat/app.js"></script>
</body>
</html>
`;
}
