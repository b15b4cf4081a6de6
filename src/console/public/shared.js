// Shared helpers of the console pages (operators, knowledge-base editor, analytics, WhatsApp). Text from users is
// always set with textContent; the only HTML inserted is the server's sanitized Web Chat preview.
window.Sportello = (() => {
  const state = { csrf: '', user: null };
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function say(text) {
    const status = $('status');
    if (status) status.textContent = text;
  }

  // The API keeps its values (roles, ticket statuses, outcomes) and English messages for logs and scripts;
  // the pages show them in Italian, translated here.
  const LABELS = {
    role: { operator: 'operatore', editor: 'redattore', admin: 'amministratore' },
    ticketStatus: {
      received: 'ricevuta',
      in_progress: 'in lavorazione',
      waiting_citizen: 'in attesa del cittadino',
      completed: 'completata',
      rejected: 'respinta',
      cancelled: 'annullata',
    },
    outcome: {
      resolved: 'risolta',
      'not-resolved': 'non risolta',
      redirected: 'indirizzata ad altro ufficio',
      'no-reply': 'il cittadino non ha risposto',
      returned: 'restituita all’assistente',
      withdrawn: 'ritirata dal cittadino',
    },
  };

  /** The Italian label of an API value (`label('role', 'operator')` → "operatore"); unknown values as they are. */
  function label(kind, value) {
    return LABELS[kind]?.[value] ?? value;
  }

  function wait(seconds) {
    if (!seconds) return 'più tardi';
    if (seconds < 90) return `tra ${seconds} secondi`;
    return `tra ${Math.ceil(seconds / 60)} minuti`;
  }

  /** What the console says for an API error code, in Italian; the server's own message for any other code. */
  const ERRORS = {
    bad_credentials: () => 'Nome utente o password non corretti.',
    locked: (s) => `Troppi tentativi non riusciti: riprova ${wait(s)}.`,
    busy: () => 'Troppi tentativi di accesso nello stesso momento: riprova tra poco.',
    too_many_requests: (s) => `Troppe richieste: riprova ${wait(s)}.`,
    unauthenticated: () => 'Accedi alla console per continuare.',
    forbidden: () => 'Il tuo ruolo non permette questa operazione.',
    csrf: () => 'Sessione non valida: ricarica la pagina.',
    bad_origin: () => 'Richiesta rifiutata: arriva da un altro sito.',
    case_not_found: () => 'Conversazione non trovata.',
    already_claimed: () => 'Questa conversazione è già stata presa in carico da un collega.',
    not_case_owner: () => 'Questa conversazione non è in carico a te.',
    unknown_operator: () => 'Operatore sconosciuto.',
    same_operator: () => 'La conversazione è già in carico a te.',
    file_not_found: () => 'File non trovato.',
  };

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const code = data.error?.code;
      const italian = ERRORS[code]?.(Number(res.headers.get('Retry-After')) || 0);
      const err = new Error(italian || data.error?.message || `Errore ${res.status}`);
      err.status = res.status;
      err.code = code;
      throw err;
    }
    return data;
  }

  /** Checks the session and the role (editor by default, or 'admin'); shows why the page cannot be used otherwise. */
  async function boot(onReady, role = 'editor') {
    try {
      const me = await api('GET', '/api/console/session');
      if (!me.signedIn) {
        $('denied').hidden = false;
        $('denied-text').textContent = 'Accedi prima dalla console.';
        return;
      }
      state.user = me.user;
      state.csrf = me.csrfToken;
      $('whoami').textContent = `${me.user.name} (${label('role', me.user.role)})`;
      if (me.user.role === 'operator' || (role === 'admin' && me.user.role !== 'admin')) {
        $('denied').hidden = false;
        $('denied-text').textContent =
          role === 'admin'
            ? 'Questa sezione è riservata agli amministratori.'
            : 'Questa sezione è riservata a redattori e amministratori.';
        return;
      }
      $('room').hidden = false;
      await onReady();
    } catch (err) {
      $('denied').hidden = false;
      $('denied-text').textContent =
        err.status === 401 ? 'Accedi prima dalla console.' : `Impossibile caricare: ${err.message}`;
    }
  }

  return { $, el, say, api, boot, label, state };
})();
