// Sportello operator console: a small vanilla single page. Everything a citizen wrote is inserted with
// textContent (never innerHTML), so it always shows as text.

(() => {
  // $, el, say and the CSRF-aware fetch come from shared.js, loaded first by index.html.
  const shared = window.Sportello;
  const { $, el, say } = shared;
  const state = { user: null, caseId: null, detail: null, ws: null, cases: [], canned: [] };
  const REASONS = {
    citizen: 'richiesta del cittadino',
    unanswered: 'domande senza risposta',
    'not-useful': 'risposta non utile',
    form: 'difficoltà in un modulo',
    callback: 'richiesta di ricontatto',
  };

  /** The shared request helper; a lost session (401) brings back the login form. */
  async function api(method, path, body) {
    try {
      return await shared.api(method, path, body);
    } catch (err) {
      if (err.status === 401 && path !== '/api/console/login') showLogin();
      throw err;
    }
  }

  function waited(seconds) {
    if (seconds < 60) return `${seconds} s`;
    const m = Math.floor(seconds / 60);
    return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  function showLogin() {
    if (state.ws) state.ws.close();
    state.ws = null;
    state.user = null;
    $('app-view').hidden = true;
    $('logout').hidden = true;
    $('whoami').textContent = '';
    $('login-view').hidden = false;
    $('login-username').focus();
  }

  async function start(me) {
    state.user = me.user;
    shared.state.csrf = me.csrfToken;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('whoami').textContent = `${me.user.name} (${shared.label('role', me.user.role)})`;
    $('rooms-nav').hidden = me.user.role === 'operator';
    $('nav-whatsapp').hidden = me.user.role !== 'admin';
    connect();
    await Promise.all([loadQueue(), loadOperators(), loadCanned()]);
  }

  function connect() {
    const ws = new WebSocket(
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/console/ws`,
    );
    state.ws = ws;
    ws.addEventListener('message', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === 'queue') {
        loadQueue();
        if (msg.change && msg.change.caseId === state.caseId) openCase(state.caseId, true);
      } else if (msg.type === 'entries' && msg.caseId === state.caseId) {
        for (const entry of msg.entries) addEntry(entry);
      } else if (msg.type === 'error') {
        say(msg.message);
      }
    });
    ws.addEventListener('close', (ev) => {
      if (state.ws !== ws || !state.user) return;
      say('Connessione in tempo reale interrotta: riconnessione…');
      setTimeout(() => state.user && connect(), ev.code === 4001 ? 0 : 2000);
    });
    ws.addEventListener('open', () => say('Connesso in tempo reale.'));
  }

  async function loadQueue() {
    const data = await api('GET', '/api/console/queue');
    state.cases = data.cases;
    $('office-state').textContent = data.officeOpen ? 'Ufficio aperto' : 'Ufficio chiuso (fuori orario)';
    const list = $('queue');
    list.replaceChildren();
    const waiting = data.cases.filter((c) => c.status === 'queued').length;
    $('queue-count').textContent = `(${waiting} in attesa)`;
    if (data.cases.length === 0) list.append(el('li', 'Nessuna conversazione in coda.'));
    for (const c of data.cases) {
      const li = el('li');
      const b = el('button');
      b.type = 'button';
      b.dataset.caseId = c.id;
      if (c.id === state.caseId) b.setAttribute('aria-current', 'true');
      const who =
        c.status === 'assigned'
          ? `in carico a ${c.operator}`
          : c.callback
            ? 'da ricontattare'
            : `${c.position}° in coda`;
      b.append(
        el('strong', `n. ${c.id} · ${c.channel} · ${c.lang.toUpperCase()}`),
        el('br'),
        document.createTextNode(
          `attesa ${waited(c.waitingSeconds)} · ${who} · ${REASONS[c.reason] || c.reason}`,
        ),
      );
      b.addEventListener('click', () => openCase(c.id));
      li.append(b);
      list.append(li);
    }
  }

  async function loadOperators() {
    const data = await api('GET', '/api/console/operators');
    const sel = $('transfer-to');
    sel.replaceChildren();
    for (const o of data.operators) {
      if (o.username === state.user.username) continue;
      const opt = el('option', `${o.name} (${o.username})`);
      opt.value = o.username;
      sel.append(opt);
    }
  }

  async function loadCanned() {
    const data = await api('GET', '/api/console/canned');
    state.canned = data.canned;
    const sel = $('canned');
    sel.replaceChildren(el('option', '— scegli —'));
    sel.firstChild.value = '';
    for (const c of data.canned) {
      const opt = el('option', `${c.title} (${c.lang})`);
      opt.value = c.id;
      sel.append(opt);
    }
  }

  function addEntry(entry) {
    const li = el('li');
    let who;
    if (entry.dir === 'in') {
      li.className = 'in';
      who = 'Cittadino';
      li.append(
        el('span', who, 'who'),
        el(
          'span',
          entry.text ||
            (entry.value ? `[scelta: ${entry.value}]` : entry.files?.length ? '' : '[allegato o posizione]'),
          'text',
        ),
      );
      for (const file of entry.files || []) {
        const a = el('a', `[allegato: ${file.name || file.contentType}]`);
        a.href = file.href;
        a.target = '_blank';
        a.rel = 'noopener';
        li.append(a);
      }
    } else {
      const op = entry.meta?.operator;
      li.className = op ? 'op' : 'bot';
      who = op ? `Operatore ${op}` : entry.proactive ? 'Sistema' : 'Assistente digitale';
      li.append(el('span', who, 'who'), el('span', entry.reply.text, 'text'));
      if (entry.reply.choices?.length)
        li.append(el('span', `Opzioni: ${entry.reply.choices.map((c) => c.label).join(' · ')}`, 'who'));
    }
    $('transcript').append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function sizeText(bytes) {
    return bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  }

  function renderForms(forms) {
    const box = $('forms');
    box.replaceChildren();
    if (!forms.length) box.append(el('p', 'Nessun modulo in corso.'));
    for (const f of forms) {
      box.append(el('p', `Modulo «${f.title}»`));
      if (!f.fields.length) box.append(el('p', 'Nessuna risposta ancora.'));
      const dl = el('dl');
      for (const field of f.fields) {
        const dd = el('dd');
        // Files the citizen sent open from here (the console serves them to operators only).
        if (field.files?.length)
          for (const file of field.files) {
            const item = file.href ? el('a', file.name) : el('span', file.name);
            if (file.href) {
              item.href = file.href;
              item.target = '_blank';
              item.rel = 'noopener';
            }
            dd.append(item, document.createTextNode(file.size ? ` (${sizeText(file.size)}) ` : ' '));
          }
        else dd.textContent = field.text;
        dl.append(el('dt', field.label), dd);
      }
      box.append(dl);
    }
  }

  /** The badge of a citizen whose identity the comune's portal verified with SPID/CIE (none when anonymous). */
  function renderIdentity(identity) {
    const box = $('case-identity');
    box.hidden = !identity;
    if (!identity) return;
    const name = [identity.name, identity.familyName].filter(Boolean).join(' ');
    box.textContent = `✔ Identità verificata con SPID/CIE: ${name ? `${name}, ` : ''}codice fiscale ${identity.fiscalNumber}${identity.email ? `, ${identity.email}` : ''}`;
  }

  const IO_STATES = {
    pending: 'in attesa di invio',
    sent: 'accettato da IO',
    no_profile: 'non inviato: il cittadino non è su IO',
    not_allowed: 'non inviato: il cittadino ha disattivato il servizio in IO',
    opted_out: 'non inviato: il cittadino ha chiesto di non ricevere più messaggi su IO',
    failed: 'non inviato: IO lo ha rifiutato',
  };

  /** What was sent to the app IO about the citizen's tickets, and whether IO accepted it. */
  function renderIoNotices(notices) {
    const box = $('case-io');
    box.hidden = notices.length === 0;
    box.replaceChildren(
      ...notices.map((n) => {
        const error = n.lastError && n.state !== 'sent' ? ` (${n.lastError})` : '';
        return el('li', `App IO · «${n.subject}»: ${IO_STATES[n.state] || n.state}${error}`);
      }),
    );
  }

  const PAYMENT_STATES = {
    pending: 'avviso pagoPA in preparazione',
    issued: 'avviso pagoPA inviato al cittadino',
    paid: 'pagamento ricevuto',
    failed: 'avviso pagoPA non creato',
    cancelled: 'avviso pagoPA annullato',
  };

  /** The fees of the citizen's tickets: status in Italian, pagoPA notice code, or why it failed. */
  function renderPayments(payments) {
    const box = $('case-payments');
    box.hidden = payments.length === 0;
    box.replaceChildren(
      ...payments.map((p) => {
        const amount = (p.amountCents / 100)
          .toLocaleString('it-IT', { style: 'currency', currency: 'EUR' })
          .replace(/\u00a0/g, ' ');
        const how =
          p.via === 'counter'
            ? 'da pagare allo sportello'
            : `${PAYMENT_STATES[p.state] || p.state}${p.noticeCode ? `, codice avviso ${p.noticeCode}` : ''}${p.error ? ` (${p.error})` : ''}`;
        return el(
          'li',
          `Pagamento · ${p.protocol} (${p.service}), ${amount}: pratica «${p.statusLabel}», ${how}`,
        );
      }),
    );
  }

  async function openCase(id, keepStatus) {
    state.caseId = id;
    let d;
    try {
      d = await api('GET', `/api/console/cases/${encodeURIComponent(id)}`);
    } catch (err) {
      say(err.message);
      return;
    }
    state.detail = d;
    const c = d.case;
    $('case-title').textContent = `Conversazione n. ${c.id}`;
    const parts = [
      `canale ${c.channel}`,
      `lingua ${c.lang.toUpperCase()}`,
      `motivo: ${REASONS[c.reason] || c.reason}`,
    ];
    if (c.callback) parts.push(`ricontattare: ${c.callback.contact} — «${c.callback.message}»`);
    if (c.status === 'assigned') parts.push(`in carico a ${c.operator}`);
    if (d.closed)
      parts.push(
        `chiusa (${shared.label('outcome', d.closed.outcome)})${d.closed.rating ? `, voto ${d.closed.rating}/5` : ''}`,
      );
    $('case-meta').textContent = parts.join(' · ');
    renderIdentity(d.identity);
    renderIoNotices(d.ioNotices || []);
    renderPayments(d.payments || []);
    $('transcript').replaceChildren();
    for (const e of d.transcript) addEntry(e);
    renderForms(d.forms);
    $('kb').replaceChildren(
      ...(d.kbEntries.length ? d.kbEntries.map((k) => el('li', k)) : [el('li', 'Nessuna')]),
    );
    $('notes').replaceChildren(...d.notes.map((n) => el('li', `${n.author}: ${n.text}`)));
    const open = c.status !== 'closed';
    $('case-actions').hidden = !open;
    $('claim').hidden = !(c.status === 'queued');
    for (const id2 of ['handback', 'close', 'outcome', 'transfer', 'transfer-to']) $(id2).hidden = !d.mine;
    for (const lab of document.querySelectorAll('#case-actions label')) lab.hidden = !d.mine;
    $('composer').hidden = !d.mine;
    $('note-form').hidden = !open;
    for (const b of document.querySelectorAll('#queue button'))
      b.setAttribute('aria-current', String(b.dataset.caseId === id));
    if (!keepStatus) say(`Aperta la conversazione n. ${c.id}.`);
  }

  async function act(fn, done) {
    try {
      await fn();
      if (done) say(done);
    } catch (err) {
      say(err.message);
    }
    if (state.caseId) await openCase(state.caseId, true);
    await loadQueue();
  }

  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      const me = await api('POST', '/api/console/login', {
        username: $('login-username').value,
        password: $('login-password').value,
      });
      $('login-password').value = '';
      await start(me);
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    try {
      await api('POST', '/api/console/logout', {});
    } finally {
      showLogin();
    }
  });

  $('claim').addEventListener('click', () =>
    act(() => api('POST', `/api/console/cases/${state.caseId}/claim`, {}), 'Conversazione presa in carico.'),
  );
  $('handback').addEventListener('click', () =>
    act(
      () => api('POST', `/api/console/cases/${state.caseId}/handback`, {}),
      'Restituita all’assistente digitale.',
    ),
  );
  $('close').addEventListener('click', () =>
    act(
      () => api('POST', `/api/console/cases/${state.caseId}/close`, { outcome: $('outcome').value }),
      'Conversazione chiusa.',
    ),
  );
  $('transfer').addEventListener('click', () =>
    act(
      () => api('POST', `/api/console/cases/${state.caseId}/transfer`, { to: $('transfer-to').value }),
      'Trasferita.',
    ),
  );
  $('canned').addEventListener('change', () => {
    const c = state.canned.find((x) => x.id === $('canned').value);
    if (c) $('reply').value = c.text;
    $('reply').focus();
  });
  $('composer').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = $('reply').value.trim();
    if (!text || !state.caseId) return;
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({ type: 'message', caseId: state.caseId, text }));
      $('reply').value = '';
      return;
    }
    api('POST', `/api/console/cases/${state.caseId}/messages`, { text }).then(
      () => ($('reply').value = ''),
      (err) => say(err.message),
    );
  });
  $('note-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = $('note').value.trim();
    if (!text) return;
    act(
      () =>
        api('POST', `/api/console/cases/${state.caseId}/notes`, { text }).then(() => ($('note').value = '')),
      'Nota aggiunta.',
    );
  });

  // Waiting times tick on their own.
  setInterval(() => state.user && loadQueue().catch(() => {}), 30000);

  api('GET', '/api/console/session').then(
    (me) => (me.signedIn ? start(me) : showLogin()),
    () => showLogin(),
  );
})();
