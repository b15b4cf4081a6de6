/**
 * The page's connection keeper, served at `/webchat/connection.js` before `/webchat/app.js`. Web Chat's Direct
 * Line client keeps saying "online" while its WebSocket reconnects, and gives a message that did not get
 * through up after a while; this script makes an outage visible and survivable:
 * - it watches the stream's WebSocket and the posts, and says in the status line (Italian, or English when the
 *   browser asks for it) when the line is lost and when it is back;
 * - it posts what the citizen sent again, the same activity with the same `clientActivityID`, until the server
 *   takes it (on reconnect at once, else every few seconds), so the server, which answers a repeated
 *   `clientActivityID` once, gets it exactly once; after close to two minutes (just before Web Chat's own
 *   `sendTimeout`) it lets Web Chat show "Invio non riuscito. Riprova";
 * - it gives Web Chat's retry link correct wording (Web Chat's Italian says "Invio non riuscito. tentativo.").
 * `window.SportelloConnection.attach(directLine, statusElement)` wires it and returns the localized strings
 * for `renderWebChat`'s `overrideLocalizedStrings`.
 */
export const CONNECTION_JS = `(function () {
  'use strict';
  var GIVE_UP_MS = 110000;
  var TEXTS = {
    it: {
      connecting: 'Connessione in corso…',
      lost: 'Connessione persa: sto riprovando. Quello che scrivi verrà inviato appena la linea torna.',
      back: 'Di nuovo in linea.',
      expired: 'La sessione è scaduta: ricarica la pagina per continuare.',
      down: 'La chat non è disponibile in questo momento. Riprova tra qualche minuto.',
      strings: { ACTIVITY_STATUS_SEND_FAILED_RETRY: 'Invio non riuscito. [Riprova][RETRY].' }
    },
    en: {
      connecting: 'Connecting…',
      lost: 'Connection lost: trying again. What you write will be sent as soon as the line is back.',
      back: 'Back online.',
      expired: 'Your session has expired: reload the page to continue.',
      down: 'The chat is not available right now. Please try again in a few minutes.',
      strings: { ACTIVITY_STATUS_SEND_FAILED_RETRY: 'Send failed. [Retry][RETRY].' }
    }
  };
  var texts = /^en\\b/i.test(navigator.language || '') ? TEXTS.en : TEXTS.it;

  // Web Chat's Direct Line client opens its stream with the page's WebSocket: a look-alike that reports when
  // the stream opens and closes. Installed before the client is created (app.js runs after this file).
  var streamEvents = [];
  var NativeWebSocket = window.WebSocket;
  function TrackedWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\\/v3\\/directline\\/conversations\\/[^/]+\\/stream/.test(String(url))) {
      ws.addEventListener('open', function () { streamEvents.forEach(function (f) { f('open'); }); });
      ws.addEventListener('close', function () { streamEvents.forEach(function (f) { f('close'); }); });
    }
    return ws;
  }
  TrackedWebSocket.prototype = NativeWebSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) { TrackedWebSocket[k] = NativeWebSocket[k]; });
  window.WebSocket = TrackedWebSocket;

  function attach(directLine, status) {
    var lost = false;
    var ended = false;
    var streamOpen = false;
    var waiting = [];
    var clearTimer;
    function say(text) {
      clearTimeout(clearTimer);
      status.textContent = text;
    }
    function lineLost() {
      if (ended || lost) return;
      lost = true;
      say(texts.lost);
    }
    function lineBack() {
      if (ended) return;
      if (lost) {
        lost = false;
        say(texts.back);
        clearTimer = setTimeout(function () { status.textContent = ''; }, 4000);
      }
      var again = waiting;
      waiting = [];
      again.forEach(function (retry) { retry(); });
    }
    streamEvents.push(function (event) {
      streamOpen = event === 'open';
      if (streamOpen) lineBack();
      else lineLost();
    });

    // Web Chat takes a message only once connected (earlier, Enter does nothing and the text stays in the box).
    directLine.connectionStatus$.subscribe(function (state) {
      if (state === 2) { if (!lost) say(''); }
      else if (state === 3) { ended = true; say(texts.expired); }
      else if (state === 4) { ended = true; say(texts.down); }
      else if (state !== 5) say(texts.connecting);
    });

    var post = directLine.postActivity.bind(directLine);
    directLine.postActivity = function (activity) {
      return {
        subscribe: function (observer) {
          var done = false;
          var inner;
          var timer;
          var delay = 1000;
          var started = Date.now();
          function finish() {
            done = true;
            clearTimeout(timer);
            if (inner) inner.unsubscribe();
          }
          function later() {
            if (done) return;
            lineLost();
            if (Date.now() - started > GIVE_UP_MS) {
              finish();
              observer.error(new Error('not delivered'));
              return;
            }
            // Again as soon as the stream is back, or after a growing pause, whichever comes first.
            waiting.push(attempt);
            timer = setTimeout(attempt, delay);
            delay = Math.min(delay * 2, 8000);
          }
          function attempt() {
            if (done) return;
            clearTimeout(timer);
            waiting = waiting.filter(function (f) { return f !== attempt; });
            if (inner) inner.unsubscribe();
            inner = post(activity).subscribe({
              next: function (id) {
                if (done) return;
                // The client says "retry" when the post did not get through (no network, a server error).
                if (id === 'retry') return later();
                finish();
                // The replies come on the stream: the line is back only once it is open too.
                if (streamOpen) lineBack();
                observer.next(id);
                if (observer.complete) observer.complete();
              },
              error: function (err) {
                if (done) return;
                var code = err && err.status;
                // Refused for what it is (4xx): sending it again would not help.
                if (code >= 400 && code < 500) {
                  finish();
                  observer.error(err);
                  return;
                }
                later();
              }
            });
          }
          attempt();
          return { unsubscribe: finish };
        }
      };
    };
    return { strings: texts.strings, texts: texts };
  }

  window.SportelloConnection = { attach: attach };
})();
`;
