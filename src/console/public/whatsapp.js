// Admins' WhatsApp page: the WhatsApp Web session's status and, while it waits to be linked, the QR code (SVG
// rendered by the server, shown as a data: image so no markup from the network enters the page) or the
// pairing code. Polls every 5 s until the session is linked.
(() => {
  const { $, say, api, boot } = window.Sportello;
  const POLL_MS = 5000;
  const LABELS = {
    stopped: 'Sessione non avviata (nessuna istanza la sta eseguendo in questo momento).',
    starting: 'Avvio del browser in corso…',
    'waiting-for-qr-scan': 'In attesa della scansione del codice QR.',
    'waiting-for-pairing-code': 'In attesa del codice di abbinamento.',
    authenticated: 'Telefono collegato: connessione in corso…',
    ready: 'Collegato: WhatsApp è attivo.',
    reconnecting: 'Connessione persa: nuovo tentativo in corso…',
  };
  let timer;

  function toDataUrl(svg) {
    // btoa takes bytes: encode as UTF-8 first (the markup is ASCII today, but stay safe).
    const bytes = new TextEncoder().encode(svg);
    return `data:image/svg+xml;base64,${btoa(String.fromCharCode(...bytes))}`;
  }

  function show(data) {
    const waitingQr = data.status === 'waiting-for-qr-scan';
    if (!data.enabled) {
      $('wa-state').textContent =
        'WhatsApp Web non è attivo su questo Sportello (imposta WHATSAPP_ENABLED=true e riavvia).';
    } else if (waitingQr && data.qrExpired) {
      $('wa-state').textContent =
        'Il codice QR è scaduto e non è stato rinnovato: attendi o riavvia Sportello.';
    } else {
      $('wa-state').textContent = LABELS[data.status] || data.status;
    }
    $('wa-qr').hidden = !data.qrSvg;
    if (data.qrSvg) $('wa-qr-image').src = toDataUrl(data.qrSvg);
    else $('wa-qr-image').removeAttribute('src');
    $('wa-pairing').hidden = !data.pairingCode;
    $('wa-pairing-code').textContent = data.pairingCode || '';
    $('wa-updated').textContent = data.updatedAt
      ? `Ultimo aggiornamento: ${new Date(data.updatedAt).toLocaleString('it-IT')}`
      : '';
  }

  async function load() {
    clearTimeout(timer);
    try {
      const data = await api('GET', '/api/console/whatsapp');
      show(data);
      say('');
      if (data.enabled && data.status !== 'ready') timer = setTimeout(load, POLL_MS);
    } catch (err) {
      say(`Impossibile leggere lo stato di WhatsApp: ${err.message}`);
      if (err.status !== 401 && err.status !== 403) timer = setTimeout(load, POLL_MS);
    }
  }

  $('wa-refresh').addEventListener('click', load);
  boot(load, 'admin');
})();
