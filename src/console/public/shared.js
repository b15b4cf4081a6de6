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
      const err = new Error(data.error?.message || `Errore ${res.status}`);
      err.status = res.status;
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
      $('whoami').textContent = `${me.user.name} (${me.user.role})`;
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

  return { $, el, say, api, boot, state };
})();
