/**
 * The panel side of the widget, served at `/webchat/embed.js` and loaded by the page at `/widget` before
 * `/webchat/app.js`. It talks only to the host page whose origin the server found among the allowed ones
 * (`data-host` on `<html>`), and only through `postMessage` with that origin as target:
 * - it says `sportello:ready` as soon as it runs, so `widget.js` knows the panel was not refused;
 * - the host answers `sportello:start` with the portal's identity assertion, if any (never in the URL: it is a
 *   credential), and the conversation it kept for this tab; app.js waits for them on
 *   `window.SportelloEmbed.start`. The host keeps the conversation because a browser blocking third-party
 *   storage gives this framed page none that lasts from one page of the site to the next;
 * - `window.SportelloEmbed.save(session)` hands the host each renewed conversation token (`sportello:session`);
 * - on `sportello:focus` it puts the focus in the send box; on Escape it asks the host to close the panel.
 */
export const EMBED_JS = `(function () {
  'use strict';
  // How long the page waits for the host's answer before opening an anonymous chat anyway.
  var WAIT_MS = 4000;
  var host = document.documentElement.getAttribute('data-host');
  var parentWindow = window.parent !== window ? window.parent : null;
  var settle;
  var start = new Promise(function (resolve) { settle = resolve; });
  if (!host || !parentWindow) settle({});
  else setTimeout(function () { settle({}); }, WAIT_MS);
  function text(value) {
    return typeof value === 'string' && value.length > 0 && value.length <= 4000 ? value : null;
  }

  function tell(message) {
    if (host && parentWindow) parentWindow.postMessage(message, host);
  }
  function focusSendBox(triesLeft) {
    var box = document.querySelector('#webchat input[type="text"], #webchat textarea');
    if (box) box.focus();
    else if (triesLeft > 0) setTimeout(function () { focusSendBox(triesLeft - 1); }, 100);
    else document.getElementById('webchat').focus();
  }

  window.addEventListener('message', function (event) {
    if (!host || event.origin !== host || event.source !== parentWindow) return;
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'sportello:start') {
      var kept = data.session && typeof data.session === 'object' ? data.session : {};
      var session = text(kept.conversationId) && text(kept.token)
        ? { conversationId: kept.conversationId, token: kept.token } : null;
      settle({ citizenToken: text(data.citizenToken), session: session });
    } else if (data.type === 'sportello:focus') {
      focusSendBox(50);
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !event.defaultPrevented) tell({ type: 'sportello:close' });
  });

  window.SportelloEmbed = {
    start: start,
    save: function (session) { tell({ type: 'sportello:session', session: session }); }
  };
  tell({ type: 'sportello:ready' });
})();
`;
