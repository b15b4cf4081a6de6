/**
 * The page's own script, served at `/webchat/app.js` (an external file, so the CSP needs no inline script).
 * It gets a conversation token from `/api/webchat/session`, keeps it in localStorage (so a reload continues the
 * same conversation and shows its history), renders Web Chat in Italian over the self-hosted Direct Line, and
 * asks the bot to greet a new conversation as soon as it is connected.
 */
export const APP_JS = `(function () {
  'use strict';
  var KEY = 'sportello.webchat';
  var root = document.getElementById('webchat');
  var status = document.getElementById('webchat-status');

  // In the widget's panel (embed.js): the conversation the host page kept for this tab, and where to keep it.
  var embed = window.SportelloEmbed;
  var handed = null;
  function load() {
    if (handed) return handed;
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function save(s) {
    if (embed) embed.save({ conversationId: s.conversationId, token: s.token });
    try { localStorage.setItem(KEY, JSON.stringify({ conversationId: s.conversationId, token: s.token })); } catch (e) {}
  }
  // In the widget's panel (embed.js), the portal's identity assertion of a signed-in citizen, else null.
  var citizenToken = null;
  function session(token) {
    var body = token ? { token: token } : {};
    if (citizenToken) { body.citizenToken = citizenToken; body.locale = document.documentElement.lang; }
    return fetch('/api/webchat/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    }).then(function (res) {
      if (!res.ok) { var err = new Error('session ' + res.status); err.status = res.status; throw err; }
      return res.json();
    });
  }
  function resume() {
    var saved = load();
    if (!saved || !saved.token) return session();
    // An expired or foreign token gets 401: start a new conversation.
    return session(saved.token).catch(function (err) { if (err.status === 401) return session(); throw err; });
  }

  // Operators' messages come from \`operator:<name>\` (activity-mapper.ts) and start with their name in bold;
  // here they also get an avatar of their own (their initials on green), so a person never looks like the bot.
  var OPERATOR = 'operator:';
  function operatorOf(activity) {
    var id = activity && activity.from && activity.from.id;
    return typeof id === 'string' && id.indexOf(OPERATOR) === 0 ? activity.from : null;
  }
  function initials(name) {
    var words = name.split(/\\s+/).filter(Boolean).slice(0, 2);
    return words.map(function (w) { return w.charAt(0).toUpperCase(); }).join('') || 'OP';
  }
  // The Web Chat bundle keeps its React to itself: an element is a plain object, made here with the type tag
  // of one Web Chat made (the default avatar), which is what React.createElement would return.
  function element(like, type, props, children) {
    return { $$typeof: like.$$typeof, type: type, key: null, ref: null,
      props: Object.assign({ children: children }, props), _owner: null, _store: {} };
  }
  // Web Chat groups messages by role; an operator's (role bot, like the bot's) start a group of their own, so
  // the first shows their avatar.
  function groupByOperator() {
    return function (next) {
      return function (options) {
        var groups = next(options);
        var sender = [];
        var last = null;
        options.activities.forEach(function (activity) {
          var who = activity.from.role + (operatorOf(activity) ? ' ' + activity.from.id : '');
          if (last && last.who === who) last.bin.push(activity);
          else { last = { who: who, bin: [activity] }; sender.push(last.bin); }
        });
        return Object.assign({}, groups, { sender: sender });
      };
    };
  }
  function operatorAvatar() {
    return function (next) {
      return function (args) {
        var render = next(args);
        var from = !args.fromUser && operatorOf(args.activity);
        if (!render || !from) return render;
        return function () {
          return element(render(), 'div', { className: 'operator-avatar', 'aria-hidden': 'true' },
            initials(from.id.slice(OPERATOR.length)));
        };
      };
    };
  }

  // The comune's colour, from /look/theme.css (loaded before this script runs).
  var city = getComputedStyle(document.documentElement).getPropertyValue('--city-color').trim() || '#0066cc';

  (embed ? embed.start : Promise.resolve({})).then(function (start) {
    citizenToken = start.citizenToken || null;
    handed = start.session || null;
    return resume();
  }).then(function (s) {
    save(s);
    // The assertion opened this session only: renewals keep the conversation as it is.
    citizenToken = null;
    // Keep the stored token fresh while the page stays open, so a later reload still finds the conversation.
    setInterval(function () {
      session(s.token).then(function (next) { s = next; save(next); }).catch(function () {});
    }, Math.max(30, s.expires_in / 2) * 1000);
    var directLine = window.WebChat.createDirectLine({
      token: s.token,
      conversationId: s.conversationId,
      domain: location.origin + '/v3/directline',
      webSocket: true,
    });
    // The status line says when the chat connects, loses the line and gets it back; what the citizen sends
    // meanwhile is posted again until it gets through (connection.js).
    var connection = window.SportelloConnection.attach(directLine, status);
    // Once connected, ask to be greeted: the server greets a conversation only once, so a reload adds nothing.
    var opened = false;
    directLine.connectionStatus$.subscribe(function (state) {
      if (state !== 2 || opened) return; // 2: online
      opened = true;
      directLine.postActivity({
        type: 'event',
        name: 'startConversation',
        from: { id: 'citizen' },
        locale: document.documentElement.lang || 'it',
      }).subscribe({ next: function () {}, error: function () { opened = false; } });
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: document.documentElement.lang === 'en' ? 'en-US' : 'it-IT',
      overrideLocalizedStrings: connection.strings,
      avatarMiddleware: operatorAvatar,
      groupActivitiesMiddleware: groupByOperator,
      styleOptions: {
        accent: city,
        backgroundColor: '#ffffff',
        bubbleBackground: '#f2f7fc',
        bubbleBorderRadius: 12,
        bubbleFromUserBackground: city,
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 12,
        botAvatarInitials: 'SD',
        userAvatarInitials: 'Tu',
        // The paperclip: pictures and PDFs suggested; the server checks what each form step accepts.
        uploadAccept: 'image/*,application/pdf',
        uploadMultiple: true,
        // Sent as soon as picked: Web Chat shows nothing of a file waiting for the send button.
        sendAttachmentOn: 'attach',
        // Messages are posted again while the line is down (connection.js): "failed" only after that.
        sendTimeout: 120000,
        sendTimeoutForAttachments: 120000,
        suggestedActionLayout: 'flow',
        suggestedActionBorderRadius: 16,
        sendBoxTextWrap: true,
        primaryFont: '"Titillium Web", Geneva, Tahoma, sans-serif',
        rootHeight: '100%',
      },
    }, root);
  }).catch(function () {
    status.textContent = 'La chat non è disponibile in questo momento. Riprova tra qualche minuto.';
  });
})();
`;

/**
 * The page's stylesheet, served at `/webchat/app.css` on top of Bootstrap Italia and `/look/theme.css`: the chat
 * takes the room between header and footer, and never less than a usable height (short or zoomed screens
 * scroll the page instead, never sideways).
 */
export const APP_CSS = `html, body { height: 100%; }
body { display: flex; flex-direction: column; background: #f2f7fc; }
.skip:focus { position: absolute; left: 1rem; top: 1rem; background: #fff; color: #1a1a1a; padding: .5rem; z-index: 10; }
.top, .it-footer, .status { flex-shrink: 0; }
.it-brand-text .it-brand-title { font-size: 1.5rem; }
.intro { background: #fff; border-bottom: 1px solid #d9dadb; }
.intro p { margin: 0; padding: .5rem 0; font-size: 1rem; }
main { flex: 1 1 auto; min-height: 20rem; max-width: 52rem; width: 100%; margin: 0 auto; background: #fff; }
/* In the widget's panel the frame is the chat's whole window, with nothing around to scroll to: the chat takes
   what there is, so the send box stays in sight however short the panel. */
html[data-embed] main { min-height: 0; }
.status { margin: 0; padding: .5rem 1rem; text-align: center; }
.status:empty { display: none; }
/* A file the citizen sent: Web Chat writes its name in the accent colour (the colour of the citizen's bubble) and
   its size in black; three classes outweigh the two of Web Chat's own rules, inserted after this sheet. */
.webchat__bubble.webchat__bubble--from-user .webchat__fileContent,
.webchat__bubble.webchat__bubble--from-user .webchat__fileContent .webchat__fileContent__fileName { color: #ffffff; }
.webchat__bubble.webchat__bubble--from-user .webchat__fileContent .webchat__fileContent__fileName { font-weight: 600; }
/* An operator: initials on a green of their own, not the bot's avatar. */
.operator-avatar { width: 40px; height: 40px; border-radius: 50%; display: flex; align-items: center;
  justify-content: center; background: #00734d; color: #ffffff; font-weight: 600; font-size: .9rem; }
`;
