// Knowledge-base editor: list and search entries, edit a draft with a live per-channel preview, publish,
// revision history with diff and restore, "try it", drafts from unanswered questions, synonyms.
(() => {
  const { $, el, say, api, boot } = window.Sportello;
  const ACTIONS = {
    draft: 'bozza salvata',
    publish: 'pubblicata',
    import: 'importata da file',
    restore: 'ripristinata',
    delete: 'eliminata',
  };
  const STATUS = { published: 'pubblicata', draft: 'bozza', 'published+draft': 'pubblicata + bozza' };
  let current = null; // the open entry's detail, or { isNew: true }
  let previewTimer;

  const lines = (text) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  function readForm() {
    const front = {
      id: $('f-id').value.trim(),
      lang: $('f-lang').value,
      title: $('f-title').value,
      questions: lines($('f-questions').value),
      tags: $('f-tags')
        .value.split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      links: lines($('f-links').value).map((l) => {
        const bar = l.indexOf('|');
        return bar === -1
          ? { label: l, url: l }
          : { label: l.slice(0, bar).trim(), url: l.slice(bar + 1).trim() };
      }),
    };
    if ($('f-service').value.trim()) front.service = $('f-service').value.trim();
    if ($('f-from').value) front.valid_from = $('f-from').value;
    if ($('f-until').value) front.valid_until = $('f-until').value;
    if ($('f-reviewed').value) front.reviewed = $('f-reviewed').value;
    return { front, body: $('f-body').value };
  }

  function fillForm(e) {
    $('f-id').value = e.id || '';
    $('f-lang').value = e.lang || 'it';
    $('f-title').value = e.title || '';
    $('f-questions').value = (e.questions || []).join('\n');
    $('f-tags').value = (e.tags || []).join(', ');
    $('f-links').value = (e.links || []).map((l) => `${l.label} | ${l.url}`).join('\n');
    $('f-service').value = e.service || '';
    $('f-from').value = e.valid_from || '';
    $('f-until').value = e.valid_until || '';
    $('f-reviewed').value = e.reviewed || '';
    $('f-body').value = e.body || '';
    schedulePreview();
  }

  async function loadList() {
    const q = $('search').value.trim();
    const data = await api('GET', `/api/console/kb/entries?q=${encodeURIComponent(q)}`);
    const list = $('entries');
    list.replaceChildren();
    if (!data.entries.length) list.append(el('li', 'Nessuna voce trovata.'));
    for (const e of data.entries) {
      const b = el('button');
      b.type = 'button';
      b.dataset.id = e.id;
      b.append(el('strong', e.title), el('br'), document.createTextNode(`${e.id} · ${e.lang.toUpperCase()}`));
      b.append(el('span', STATUS[e.status], e.status === 'published' ? 'badge' : 'badge draft'));
      if (e.status !== 'draft' && !e.servedToday) b.append(el('span', 'fuori validità', 'badge expired'));
      if (current?.entry && current.entry.id === e.id) b.setAttribute('aria-current', 'true');
      b.addEventListener('click', () => openEntry(e.id));
      const li = el('li');
      li.append(b);
      list.append(li);
    }
    $('problems').replaceChildren(...data.problems.map((p) => el('li', `${p.file}:${p.line} ${p.reason}`)));
  }

  async function openEntry(id) {
    let d;
    try {
      d = await api('GET', `/api/console/kb/entries/${encodeURIComponent(id)}`);
    } catch (err) {
      say(err.message);
      return;
    }
    current = d;
    const e = d.draft ? d.draft.entry : d.published;
    $('edit-title').textContent = `Voce «${d.entry.title}»`;
    const meta = [`stato: ${STATUS[d.entry.status]}`, `ultima modifica di ${d.entry.updatedBy}`];
    if (d.draft) meta.push(`bozza di ${d.draft.savedBy}`);
    if (d.entry.status !== 'draft' && !d.entry.servedToday)
      meta.push('fuori dal periodo di validità: non servita oggi');
    $('edit-meta').textContent = meta.join(' · ');
    $('edit-form').hidden = false;
    $('f-id').readOnly = true;
    $('edit-error').textContent = '';
    $('publish').disabled = false; // publishing saves the form as the draft first
    $('discard').disabled = !d.draft;
    $('delete').disabled = !d.published;
    fillForm(e);
    await loadRevisions(id);
    await loadList();
  }

  function newEntry(prefill) {
    current = { isNew: true };
    $('edit-title').textContent = 'Nuova voce';
    $('edit-meta').textContent = 'Salva la bozza, poi pubblicala.';
    $('edit-form').hidden = false;
    $('f-id').readOnly = false;
    $('edit-error').textContent = '';
    $('publish').disabled = false;
    $('discard').disabled = true;
    $('delete').disabled = true;
    fillForm(prefill || { lang: 'it' });
    $('revisions').replaceChildren();
    $('diff').replaceChildren();
    $('f-id').focus();
  }

  async function loadRevisions(id) {
    const data = await api('GET', `/api/console/kb/entries/${encodeURIComponent(id)}/revisions`);
    const list = $('revisions');
    list.replaceChildren();
    $('diff').replaceChildren();
    for (const r of data.revisions) {
      const li = el('li');
      const when = new Date(r.at).toLocaleString('it-IT');
      const from = r.restoredFrom ? ` (dalla n. ${r.restoredFrom})` : '';
      li.append(el('span', `n. ${r.seq} · ${ACTIONS[r.action] || r.action}${from} · ${r.author} · ${when} `));
      if (r.action !== 'delete') {
        const diff = el('button', 'Differenze');
        diff.type = 'button';
        diff.setAttribute('aria-label', `Differenze della revisione ${r.seq}`);
        diff.addEventListener('click', () => showDiff(id, r.seq));
        const restore = el('button', 'Ripristina');
        restore.type = 'button';
        restore.setAttribute('aria-label', `Ripristina la revisione ${r.seq}`);
        restore.addEventListener('click', async () => {
          try {
            await api(
              'POST',
              `/api/console/kb/entries/${encodeURIComponent(id)}/revisions/${r.seq}/restore`,
              {},
            );
            say(`Revisione n. ${r.seq} ripristinata e pubblicata.`);
            await openEntry(id);
          } catch (err) {
            say(err.message);
          }
        });
        li.append(diff, restore);
      }
      list.append(li);
    }
  }

  async function showDiff(id, seq) {
    const data = await api('GET', `/api/console/kb/entries/${encodeURIComponent(id)}/revisions/${seq}/diff`);
    const box = $('diff');
    box.replaceChildren();
    box.append(
      el(
        'li',
        data.previous ? `Revisione n. ${seq} rispetto alla n. ${data.previous}:` : `Revisione n. ${seq}:`,
      ),
    );
    for (const line of data.diff) {
      const mark = line.op === 'add' ? '+ ' : line.op === 'del' ? '− ' : '  ';
      box.append(el('li', mark + line.text, line.op));
    }
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(async () => {
      const body = $('f-body').value;
      try {
        const p = await api('POST', '/api/console/kb/preview', { body });
        // Sanitized by the server (markdown-it without raw HTML, unsafe links refused).
        $('pv-webchat').innerHTML = p.webchat;
        $('pv-telegram').textContent = p.telegram;
        $('pv-whatsapp').textContent = p.whatsapp;
      } catch (err) {
        say(err.message);
      }
    }, 250);
  }

  async function save() {
    const { front, body } = readForm();
    $('edit-error').textContent = '';
    try {
      const d =
        current && !current.isNew
          ? await api('PUT', `/api/console/kb/entries/${encodeURIComponent(current.entry.id)}/draft`, {
              front,
              body,
              version: current.entry.version,
            })
          : await api('POST', '/api/console/kb/entries', { front, body });
      say('Bozza salvata.');
      await openEntry(d.entry.id);
      return true;
    } catch (err) {
      $('edit-error').textContent = err.message;
      return false;
    }
  }

  $('edit-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    save();
  });
  $('publish').addEventListener('click', async () => {
    if (!current) return;
    // Unsaved changes are saved as the draft first, so what is published is what the editor sees.
    if (!(await save())) return;
    try {
      await api('POST', `/api/console/kb/entries/${encodeURIComponent(current.entry.id)}/publish`, {
        version: current.entry.version,
      });
      say('Voce pubblicata: i cittadini ricevono la nuova risposta.');
      await openEntry(current.entry.id);
    } catch (err) {
      $('edit-error').textContent = err.message;
    }
  });
  $('discard').addEventListener('click', async () => {
    if (!current || current.isNew) return;
    try {
      const r = await api('POST', `/api/console/kb/entries/${encodeURIComponent(current.entry.id)}/discard`, {
        version: current.entry.version,
      });
      say('Bozza scartata.');
      if (r.deleted) {
        current = null;
        $('edit-form').hidden = true;
        await loadList();
      } else await openEntry(current.entry.id);
    } catch (err) {
      say(err.message);
    }
  });
  $('delete').addEventListener('click', async () => {
    if (!current || current.isNew) return;
    if (!window.confirm(`Eliminare la voce «${current.entry.id}»? Lo storico resta.`)) return;
    try {
      await api('DELETE', `/api/console/kb/entries/${encodeURIComponent(current.entry.id)}`);
      say('Voce eliminata.');
      current = null;
      $('edit-form').hidden = true;
      await loadList();
    } catch (err) {
      say(err.message);
    }
  });
  $('new-entry').addEventListener('click', () => newEntry());
  $('f-body').addEventListener('input', schedulePreview);
  let searchTimer;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadList().catch((err) => say(err.message)), 200);
  });

  $('try-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = $('try-q').value.trim();
    if (!q) return;
    try {
      const r = await api('GET', `/api/console/kb/try?q=${encodeURIComponent(q)}`);
      const words = {
        answer: `Risponderebbe la voce «${r.answer}»`,
        suggest: 'Proporrebbe «Forse cercavi…»',
        none: 'Non risponderebbe (nessuna voce abbastanza vicina)',
      };
      $('try-decision').textContent =
        `${words[r.decision]} — lingua ${r.lang.toUpperCase()}, probabilità ${r.confidence.toFixed(2)}, soglie ${r.thresholds.answerThreshold} / ${r.thresholds.suggestThreshold}`;
      $('try-results').replaceChildren(
        ...r.results.map((x) =>
          el(
            'li',
            `${x.title} (${x.id}) — probabilità ${x.probability.toFixed(2)}, punteggio ${x.score.toFixed(3)}`,
          ),
        ),
      );
    } catch (err) {
      say(err.message);
    }
  });

  async function loadUnanswered() {
    const data = await api('GET', '/api/console/analytics/unanswered');
    const list = $('unanswered');
    list.replaceChildren();
    if (!data.groups.length) list.append(el('li', 'Nessuna domanda senza risposta.'));
    for (const g of data.groups.slice(0, 30)) {
      const li = el('li');
      li.append(
        el('strong', `${g.count}× `),
        document.createTextNode(`«${g.question}» (${g.lang.toUpperCase()})`),
      );
      if (g.variants.length) li.append(el('br'), el('small', `anche: ${g.variants.join(' · ')}`));
      if (g.closest)
        li.append(el('br'), el('small', `voce più vicina: ${g.closest.id} (${g.closest.score})`));
      const b = el('button', 'Crea bozza');
      b.type = 'button';
      // The accessible name starts with the visible words, so voice control users can say what they see.
      b.setAttribute('aria-label', `Crea bozza da «${g.question}»`);
      b.addEventListener('click', async () => {
        try {
          const d = await api('POST', '/api/console/kb/drafts-from-question', {
            question: g.question,
            lang: g.lang,
          });
          say('Bozza creata: scrivi la risposta e pubblica.');
          await openEntry(d.entry.id);
          $('f-body').focus();
          $('f-body').select();
        } catch (err) {
          say(err.message);
        }
      });
      li.append(el('br'), b);
      list.append(li);
    }
  }

  $('synonyms-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('PUT', '/api/console/kb/synonyms', { text: $('synonyms').value });
      say('Sinonimi salvati e pubblicati.');
    } catch (err) {
      say(err.message);
    }
  });

  boot(async () => {
    await loadList();
    $('synonyms').value = (await api('GET', '/api/console/kb/synonyms')).text;
    await loadUnanswered();
  });
})();
