// Analytics page: figures and inline SVG charts drawn here (no chart library, no CDN); every label is text.
(() => {
  const { $, el, say, api, boot, label: apiLabel } = window.Sportello;
  const SVG = 'http://www.w3.org/2000/svg';
  const COLORS = ['#0b4f8a', '#e07b00', '#2a9d4b', '#b03a8c', '#6b6b6b', '#c9a100'];
  const pct = (x) => `${Math.round(x * 1000) / 10}%`;

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function legend(names) {
    const box = el('p', undefined, 'legend');
    names.forEach((name, i) => {
      const item = el('span');
      const sw = el('span', undefined, 'swatch');
      sw.style.background = COLORS[i % COLORS.length];
      item.append(sw, document.createTextNode(name));
      box.append(item);
    });
    return box;
  }

  /** Stacked bars: one bar per day, one segment per series. */
  function stackedBars(target, days, series, value, title) {
    const W = 600;
    const H = 220;
    const pad = 30;
    const totals = days.map((d) => series.reduce((s, name) => s + value(d, name), 0));
    const max = Math.max(1, ...totals);
    const bw = (W - pad * 2) / Math.max(1, days.length);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
    root.append(svg('title', {}, title));
    root.append(svg('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: '#999' }));
    root.append(svg('text', { x: 2, y: pad - 8, 'font-size': 11 }, `max ${max}`));
    days.forEach((d, i) => {
      let y = H - pad;
      series.forEach((name, k) => {
        const v = value(d, name);
        if (!v) return;
        const h = ((H - pad * 2) * v) / max;
        y -= h;
        const rect = svg('rect', {
          x: pad + i * bw + 1,
          y,
          width: Math.max(1, bw - 2),
          height: h,
          fill: COLORS[k % COLORS.length],
        });
        rect.append(svg('title', {}, `${d.day} · ${name}: ${v}`));
        root.append(rect);
      });
      if (days.length <= 31 && i % Math.ceil(days.length / 8) === 0)
        root.append(svg('text', { x: pad + i * bw, y: H - pad + 14, 'font-size': 10 }, d.day.slice(5)));
    });
    target.replaceChildren(root, legend(series));
  }

  /** Horizontal bars with labels and values. */
  function hbars(target, rows, title, format) {
    const W = 600;
    const row = 24;
    const H = Math.max(row, rows.length * row) + 6;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
    root.append(svg('title', {}, title));
    if (!rows.length) root.append(svg('text', { x: 4, y: 16, 'font-size': 12 }, 'Nessun dato nel periodo'));
    rows.forEach((r, i) => {
      const y = i * row + 3;
      const w = ((W - 260) * r.value) / max;
      root.append(
        svg(
          'text',
          { x: 4, y: y + 15, 'font-size': 12 },
          r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label,
        ),
      );
      const rect = svg('rect', {
        x: 220,
        y,
        width: Math.max(1, w),
        height: row - 6,
        fill: r.color || COLORS[0],
      });
      rect.append(svg('title', {}, `${r.label}: ${format ? format(r.value) : r.value}`));
      root.append(rect);
      root.append(
        svg('text', { x: 224 + w, y: y + 15, 'font-size': 12 }, format ? format(r.value) : r.value),
      );
    });
    target.replaceChildren(root);
  }

  function figure(label, value, note) {
    const box = el('div', undefined, 'figure');
    box.append(el('strong', value), el('span', label));
    if (note) box.append(el('br'), el('small', note));
    return box;
  }

  function csvLinks(from, to) {
    for (const table of ['daily', 'summary', 'unanswered'])
      $(`csv-${table}`).href = `/api/console/analytics/export?table=${table}&from=${from}&to=${to}`;
  }

  async function load() {
    const from = $('from').value;
    const to = $('to').value;
    let r;
    try {
      // Without dates the server picks the last 30 days in the city hall's time zone.
      r = await api(
        'GET',
        from && to ? `/api/console/analytics?from=${from}&to=${to}` : '/api/console/analytics',
      );
      $('from').value = r.from;
      $('to').value = r.to;
    } catch (err) {
      say(err.message);
      return;
    }
    csvLinks(r.from, r.to);
    const t = r.totals;
    $('figures').replaceChildren(
      figure('conversazioni', t.conversations),
      figure('messaggi dei cittadini', t.messagesIn),
      figure('risolte senza operatore', pct(t.containmentRate), `${t.contained} conversazioni`),
      figure('passate a un operatore', pct(t.escalationRate), `${t.escalated} conversazioni`),
      figure(
        '«Ti è stata utile?» sì',
        pct(r.feedback.ratio),
        `${r.feedback.useful} sì, ${r.feedback.notUseful} no`,
      ),
      figure('CSAT (voti 4–5)', pct(r.csat.rate), `media ${r.csat.average} su ${r.csat.rated} voti`),
      figure('pratiche aperte nel periodo', r.tickets.total),
    );
    const channels = r.channels.length ? r.channels : ['webchat'];
    stackedBars(
      $('ch-conversations'),
      r.days,
      channels,
      (d, c) => d.channels[c]?.conversations || 0,
      'Conversazioni al giorno per canale',
    );
    stackedBars(
      $('ch-messages'),
      r.days,
      channels,
      (d, c) => d.channels[c]?.messagesIn || 0,
      'Messaggi al giorno per canale',
    );
    hbars(
      $('ch-outcomes'),
      [
        { label: 'Risolte senza operatore', value: t.contained, color: COLORS[2] },
        { label: 'Passate a un operatore', value: t.escalated, color: COLORS[1] },
        { label: 'Risposte della base di conoscenza', value: t.kb.answer, color: COLORS[0] },
        { label: '«Forse cercavi…»', value: t.kb.suggest, color: COLORS[5] },
        { label: 'Senza risposta', value: t.kb.none, color: COLORS[3] },
      ],
      'Esito delle conversazioni',
    );
    hbars(
      $('ch-feedback'),
      [
        { label: 'Sì', value: r.feedback.useful, color: COLORS[2] },
        { label: 'No', value: r.feedback.notUseful, color: COLORS[3] },
      ],
      '«Ti è stata utile?»',
    );
    hbars(
      $('ch-csat'),
      r.csat.distribution.map((n, i) => ({
        label: `${i + 1} ★`,
        value: n,
        color: COLORS[i >= 3 ? 2 : i === 2 ? 5 : 3],
      })),
      'Voti 1–5',
    );
    hbars(
      $('ch-entries'),
      r.topEntries.map((e) => ({ label: e.title, value: e.answers })),
      'Voci più servite',
    );
    hbars(
      $('ch-services'),
      r.topServices.map((s) => ({ label: s.service, value: s.conversations })),
      'Servizi più richiesti',
    );
    hbars(
      $('ch-tickets'),
      Object.entries(r.tickets.byStatus).map(([s, n]) => ({ label: apiLabel('ticketStatus', s), value: n })),
      'Pratiche per stato',
    );
    say(`Periodo ${r.from} – ${r.to}.`);
  }

  $('period').addEventListener('submit', (ev) => {
    ev.preventDefault();
    load();
  });

  boot(load);
})();
