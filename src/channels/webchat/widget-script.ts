/**
 * The launcher the comune puts on its own site, served at `/widget.js`:
 * `<script src="https://sportello.…/widget.js" data-lang="it" data-position="bottom-right" defer></script>`.
 * It adds a button that opens the chat (the page at `/widget`, in an iframe from the Sportello origin) in a
 * panel, full screen on phones. It works under a host CSP without `'unsafe-inline'`: no `<style>` and no `style`
 * attribute, only CSSOM properties. The panel's open state and its conversation (the Direct Line token the
 * panel hands over) live in the host's sessionStorage, so both survive navigation on the site. The portal's
 * identity assertion (`data-citizen-token`, or later `window.Sportello.signIn(token)`) goes to the panel by
 * `postMessage` with the Sportello origin as target. A panel refused by the chat's `frame-ancestors` never says
 * it is ready: the launcher then shows a polite sentence and a link instead. `color` is the comune's colour as
 * the pages use it (CITY_COLOR made readable with white text).
 */
export const widgetScript = (color: string): string => `(function () {
  'use strict';
  var script = document.currentScript;
  if (window.Sportello || !script || !script.src) return;
  var ORIGIN = new URL(script.src).origin;
  var data = script.dataset;
  var lang = data.lang === 'en' || (!data.lang && /^en/i.test(document.documentElement.lang)) ? 'en' : 'it';
  var left = data.position === 'bottom-left';
  var citizenToken = data.citizenToken || null;
  var KEY = 'sportello.widget.open';
  var SESSION_KEY = 'sportello.widget.session';
  var COLOR = ${JSON.stringify(color)};
  var RING = '#ffbf47';
  // After the panel's page loaded, how long its "ready" may take before the panel counts as refused.
  var GRACE_MS = 1500;
  var GIVE_UP_MS = 20000;
  var TEXTS = {
    it: {
      open: 'Chatta con lo Sportello digitale',
      title: 'Sportello digitale',
      close: 'Chiudi la chat',
      frame: 'Chat con lo Sportello digitale',
      loading: 'Caricamento della chat…',
      refused: 'La chat non può essere mostrata in questa pagina.',
      link: 'Apri la chat in una nuova scheda'
    },
    en: {
      open: 'Chat with the digital front desk',
      title: 'Digital front desk',
      close: 'Close the chat',
      frame: 'Chat with the digital front desk',
      loading: 'Loading the chat…',
      refused: 'The chat cannot be shown on this page.',
      link: 'Open the chat in a new tab'
    }
  };
  var t = TEXTS[lang];

  function css(el, styles) {
    for (var name in styles) el.style[name] = styles[name];
    return el;
  }
  function make(tag, styles, attrs) {
    var el = css(document.createElement(tag), styles || {});
    for (var name in attrs || {}) el.setAttribute(name, attrs[name]);
    return el;
  }
  // A visible ring for keyboard users, drawn through CSSOM (the host's CSP allows no stylesheet of ours).
  function ring(el, offset) {
    el.addEventListener('focus', function () {
      var keyboard = true;
      try { keyboard = el.matches(':focus-visible'); } catch (e) {}
      if (keyboard) css(el, { outline: '3px solid ' + RING, outlineOffset: offset });
    });
    el.addEventListener('blur', function () { css(el, { outline: '', outlineOffset: '' }); });
    return el;
  }
  function remember(open) {
    try { sessionStorage.setItem(KEY, open ? '1' : '0'); } catch (e) {}
  }
  function remembered() {
    try { return sessionStorage.getItem(KEY) === '1'; } catch (e) { return false; }
  }
  // The panel's conversation, kept by this tab for the next page of the site (see embed.js for why here).
  function keep(session) {
    try { sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)); } catch (e) {}
  }
  function kept() {
    try { return JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null'); } catch (e) { return null; }
  }

  var font = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var launcher = ring(make('button', {
    position: 'fixed', bottom: '16px', width: '60px', height: '60px', padding: '0', margin: '0',
    borderRadius: '50%', border: '2px solid #ffffff', background: COLOR, color: '#ffffff', cursor: 'pointer',
    display: 'flex', alignItems: 'center', justifyContent: 'center', zIndex: '2147483000',
    boxShadow: '0 4px 12px rgba(0, 0, 0, 0.3)'
  }, {
    type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': 'sportello-widget-panel'
  }), '3px');
  launcher.style[left ? 'left' : 'right'] = '16px';
  var SVG = 'http://www.w3.org/2000/svg';
  var icon = document.createElementNS(SVG, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '30');
  icon.setAttribute('height', '30');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('focusable', 'false');
  var path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
  icon.appendChild(path);
  launcher.appendChild(icon);

  var panel = make('div', {
    position: 'fixed', display: 'none', flexDirection: 'column', background: '#ffffff', overflow: 'hidden',
    zIndex: '2147483001', boxShadow: '0 8px 28px rgba(0, 0, 0, 0.3)', fontFamily: font, color: '#1a1a1a'
  }, { id: 'sportello-widget-panel', role: 'dialog', 'aria-label': t.title });
  var bar = make('div', {
    display: 'flex', alignItems: 'center', justifyContent: 'space-between', flex: '0 0 auto',
    background: COLOR, color: '#ffffff', padding: '2px 4px 2px 16px', fontSize: '16px', fontWeight: '600'
  });
  var heading = make('span');
  heading.textContent = t.title;
  var closer = ring(make('button', {
    width: '44px', height: '44px', padding: '0', margin: '0', border: '0', borderRadius: '8px',
    background: 'transparent', color: '#ffffff', fontSize: '28px', lineHeight: '1', cursor: 'pointer'
  }, { type: 'button', 'aria-label': t.close }), '-4px');
  closer.textContent = '×';
  bar.appendChild(heading);
  bar.appendChild(closer);
  var body = make('div', { flex: '1 1 auto', display: 'flex', flexDirection: 'column', minHeight: '0' });
  var status = make('p', { margin: '0', padding: '16px', fontSize: '16px', lineHeight: '1.5' }, { role: 'status' });
  panel.appendChild(bar);
  panel.appendChild(body);
  body.appendChild(status);

  var frame = null;
  var state = 'none';
  var isOpen = false;
  var focusWanted = false;
  var timers = [];

  var phone = window.matchMedia('(max-width: 600px)');
  function place() {
    if (phone.matches) {
      css(panel, { top: '0', left: '0', right: '0', bottom: '0', width: '100%', height: '100%',
        maxWidth: 'none', maxHeight: 'none', borderRadius: '0' });
    } else {
      css(panel, { top: 'auto', bottom: '88px', width: '400px', height: '640px',
        maxWidth: 'calc(100vw - 32px)', maxHeight: 'calc(100vh - 112px)', borderRadius: '12px' });
      panel.style[left ? 'left' : 'right'] = '16px';
      panel.style[left ? 'right' : 'left'] = 'auto';
    }
    // On a phone the panel covers the page, launcher included: the panel's own button closes it.
    launcher.style.display = phone.matches && isOpen ? 'none' : 'flex';
  }

  function clearTimers() {
    timers.forEach(clearTimeout);
    timers = [];
  }
  function say(text) {
    status.textContent = text;
    status.style.display = text ? 'block' : 'none';
  }
  function focusInside() {
    focusWanted = false;
    if (state === 'ready' && frame) {
      frame.focus();
      frame.contentWindow.postMessage({ type: 'sportello:focus' }, ORIGIN);
    } else if (state === 'refused') {
      var link = status.querySelector('a');
      if (link) link.focus();
    }
  }
  function refuse() {
    clearTimers();
    if (state !== 'loading') return;
    state = 'refused';
    if (frame) body.removeChild(frame);
    frame = null;
    say(t.refused + ' ');
    var link = ring(make('a', { color: COLOR, textDecoration: 'underline' },
      { href: ORIGIN + '/', target: '_blank', rel: 'noopener' }), '2px');
    link.textContent = t.link;
    status.appendChild(link);
    remember(false);
    if (window.console) console.warn('Sportello: the chat at ' + ORIGIN + ' could not be shown on ' +
      location.origin + ' (is it among WIDGET_ALLOWED_ORIGINS?).');
    if (focusWanted && isOpen) focusInside();
  }
  function load() {
    clearTimers();
    if (frame) body.removeChild(frame);
    state = 'loading';
    say(t.loading);
    frame = make('iframe', { border: '0', width: '100%', flex: '1 1 auto', minHeight: '0', display: 'block' }, {
      title: t.frame,
      src: ORIGIN + '/widget?host=' + encodeURIComponent(location.origin) + '&lang=' + lang
    });
    frame.addEventListener('load', function () {
      if (state === 'loading') timers.push(setTimeout(refuse, GRACE_MS));
    });
    timers.push(setTimeout(refuse, GIVE_UP_MS));
    body.appendChild(frame);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== ORIGIN || !frame || event.source !== frame.contentWindow) return;
    var message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'sportello:ready') {
      clearTimers();
      state = 'ready';
      say('');
      frame.contentWindow.postMessage({ type: 'sportello:start', citizenToken: citizenToken, session: kept() },
        ORIGIN);
      if (focusWanted && isOpen) focusInside();
    } else if (message.type === 'sportello:session') {
      keep(message.session);
    } else if (message.type === 'sportello:close') {
      close();
    }
  });

  function open(moveFocus) {
    isOpen = true;
    panel.style.display = 'flex';
    launcher.setAttribute('aria-expanded', 'true');
    remember(true);
    place();
    if (state === 'none') load();
    if (moveFocus) {
      focusWanted = true;
      // Into the panel at once; into the send box as soon as the chat says it is ready.
      closer.focus();
      if (state !== 'loading') focusInside();
    }
  }
  function close() {
    if (!isOpen) return;
    isOpen = false;
    focusWanted = false;
    panel.style.display = 'none';
    launcher.setAttribute('aria-expanded', 'false');
    remember(false);
    place();
    launcher.focus();
  }

  launcher.addEventListener('click', function () {
    if (isOpen) close();
    else open(true);
  });
  closer.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
  });
  if (phone.addEventListener) phone.addEventListener('change', place);

  window.Sportello = {
    open: function () { open(true); },
    close: close,
    /** Passes the portal's identity assertion of a citizen who signed in after the page loaded. */
    signIn: function (token) {
      citizenToken = typeof token === 'string' && token ? token : null;
      if (state !== 'none') load();
    }
  };

  function mount() {
    document.body.appendChild(launcher);
    document.body.appendChild(panel);
    place();
    // Open on the previous page of this site: open again, without taking the focus from the new page.
    if (remembered()) open(false);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
`;
