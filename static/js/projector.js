// The projector and the control room: one live copy of the event's results and display, redrawn on every change.
// Protocol: docs/live-protocol.md (join_projector, results, confidence, display, voting, presence). The views are
// drawn by static/js/projector_views.js; on the projector, static/js/projector_fit.js fits and pages them.
(function () {
  "use strict";
  var V = window.ProjectorViews, Fit = window.ProjectorFit;
  var data = JSON.parse(document.getElementById("projector-data").textContent);
  var page = data.page;                  // "projector" or "control"
  var results = data.results;
  var confidence = data.confidence;       // answers.summary: the control room's copy includes hidden comments
  var display = data.display;             // as domain/display.py present() gives it
  var voting = data.voting;
  var presence = data.presence || {};
  var badge = document.getElementById("connection");
  var received = Date.now();              // when `display` arrived: its page and timer count from then
  var VOTING_LABELS = {waiting: "Not opened yet", open: "Open", closed: "Closed"};
  var ANSWER_VIEWS = ["confidence", "risks", "would_help", "theme_help", "join"];
  var socket = null;

  function allClosed() {
    for (var code in voting) { if (Object.prototype.hasOwnProperty.call(voting, code) && voting[code] !== "closed") { return false; } }
    return true;
  }
  // As domain/display.py shown_view: what people said is never held back; scores wait for voting to close if asked.
  function shownView() {
    if (ANSWER_VIEWS.indexOf(display.view) >= 0) { return display.view; }
    return display.hidden && !allClosed() ? "progress" : display.view;
  }
  function source() { return {all: 1, room: 1, survey: 1}[display.source] ? display.source : "all"; }
  function context() {
    var shown = shownView();
    return {results: results, confidence: confidence, criteria: data.criteria, voting: voting, display: display,
      source: source(), join: data.join, qr: document.querySelector("#join-corner svg"),
      masked: shown !== display.view};
  }
  function secondsSince() { return (Date.now() - received) / 1000; }
  // The page on screen now, counting the automatic turns since the display arrived (as the server counts them).
  function effectivePage() {
    var pages = Math.max(1, display.pages || 1), pageNow = Math.min(display.page || 1, pages);
    if (!display.advance || display.turn_in === null || display.turn_in === undefined || pages < 2) { return pageNow; }
    var elapsed = secondsSince();
    var turns = elapsed < display.turn_in ? 0 : 1 + Math.floor((elapsed - display.turn_in) / display.advance);
    return (pageNow - 1 + turns) % pages + 1;
  }
  function timerLeft() {
    var t = display.timer || {duration: 0};
    if (!t.duration) { return null; }
    return Math.max(0, t.running ? t.remaining - secondsSince() : t.remaining);
  }
  function clock(seconds) {
    var s = Math.ceil(seconds), m = Math.floor(s / 60);
    return m + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  // The countdown in words: "4:30 left", "4:30 left (paused)", "5:00 (not started)", "Time is up", or "" with none.
  function timerText() {
    var left = timerLeft(), t = display.timer || {};
    if (left === null) { return ""; }
    if (left <= 0) { return "Time is up"; }
    if (!t.running && left >= t.duration) { return clock(left) + " (not started)"; }
    return clock(left) + " left" + (t.running ? "" : " (paused)");
  }

  // ------------------------------------------------------------------ the projector

  var stage = document.getElementById("stage");
  var planned = null, plannedLayout = "", plannedData = "", plannedAt = 0, replan = null, reported = {}, turnTimer = null;
  // Fitting measures the page many times, so new data re-plans at most four times a second (the results and the
  // answers each come in batches at that rate); a new view, size or layout re-plans at once.
  var REPLAN_MS = 250;

  function layoutKey(shown) {
    return [shown, window.innerWidth, window.innerHeight, display.join_corner, source(), !!(display.timer || {}).duration,
      shownView() !== display.view].join("|");
  }
  function dataKey() { return JSON.stringify([results, confidence, voting]); }
  function drawProjector() {
    var shown = shownView(), ctx = context(), body = document.body;
    body.className = "projector theme-" + (display.theme === "dark" ? "dark" : "light") + (display.join_corner ? "" : " no-corner");
    body.setAttribute("data-view", shown);
    document.getElementById("join-corner").hidden = !display.join_corner || shown === "join";
    document.getElementById("blank-screen").hidden = !display.blank;
    document.getElementById("view-title").textContent = V.title(shown, ctx);
    var legend = document.getElementById("legend");
    legend.hidden = !(shown === "matrix" || shown === "highest");
    if (!legend.hidden && !legend.firstChild) { V.legend(ctx).forEach(function (n) { legend.appendChild(n); }); }
    drawTimer();
    var layout = layoutKey(shown), fresh = dataKey(), wait = plannedAt + REPLAN_MS - Date.now();
    if (layout === plannedLayout && fresh !== plannedData && wait > 0) {
      // Until then pages turn on the data the plan was made from, so a page never mixes old rows with new totals.
      if (!replan) { replan = window.setTimeout(function () { replan = null; schedule(); }, wait); }
      var old = JSON.parse(plannedData);
      ctx.results = old[0];
      ctx.confidence = old[1];
      ctx.voting = old[2];
    } else if (layout !== plannedLayout || fresh !== plannedData) {
      planned = Fit.plan(stage, shown, ctx);
      plannedLayout = layout;
      plannedData = fresh;
      plannedAt = Date.now();
    }
    var count = planned.pages.length, index = Math.min(effectivePage(), count) - 1;
    Fit.show(stage, shown, ctx, planned, index);
    // The label's line is always there (empty on one page), so showing it never shrinks the stage after fitting.
    document.getElementById("page-label").textContent = Fit.label(shown, ctx, planned, index);
    body.setAttribute("data-page", String(index + 1));
    body.setAttribute("data-pages", String(count));
    // Tell the server how many pages this screen needs, so "next" knows when to go to the next view. Once per
    // showing of a view and count: two projectors of different sizes must not keep correcting each other.
    if (reported.view !== shown) { reported = {view: shown, count: null}; }
    if (count !== display.pages && reported.count !== count && window.LiveScreen.online) {
      reported.count = count;
      send({pages: count});
    }
    scheduleTurn(count);
  }
  function scheduleTurn(count) {
    if (turnTimer) { window.clearTimeout(turnTimer); turnTimer = null; }
    if (!display.advance || count < 2 || display.turn_in === null || display.turn_in === undefined) { return; }
    var elapsed = secondsSince(), next = elapsed < display.turn_in ? display.turn_in
      : display.turn_in + display.advance * (1 + Math.floor((elapsed - display.turn_in) / display.advance));
    turnTimer = window.setTimeout(schedule, Math.max(50, (next - elapsed) * 1000 + 30));
  }
  function drawTimer() {
    var box = document.getElementById("timer");
    if (!box) { return; }
    var text = timerText();
    box.hidden = !text;
    if (box.textContent !== text) { box.textContent = text; }
    box.className = "timer" + (text === "Time is up" ? " is-up" : "") + ((display.timer || {}).running ? " is-running" : "");
  }

  // ------------------------------------------------------------------ the control room

  function drawControl() {
    var ctx = context(), boxes = document.querySelectorAll("[data-render-view]");
    for (var i = 0; i < boxes.length; i++) { V.fill(boxes[i], boxes[i].getAttribute("data-render-view"), ctx); }
    applyVoting();
    applyProgress();
    applyPresence();
  }
  function applyVoting() {
    var rows = document.querySelectorAll("[data-voting-row]");
    for (var i = 0; i < rows.length; i++) {
      var code = rows[i].getAttribute("data-voting-row"), state = voting[code] || "waiting";
      var tag = rows[i].querySelector("[data-voting-tag]");
      tag.className = "tag voting-" + state;
      tag.textContent = VOTING_LABELS[state];
      rows[i].querySelector("[data-voting-input]").value = state === "open" ? "closed" : "open";
      rows[i].querySelector("[data-voting-button]").textContent =
        (state === "open" ? "Close" : state === "closed" ? "Reopen" : "Open") + " voting on " + rows[i].getAttribute("data-title");
    }
  }
  function findRow(criterion, table) {
    for (var i = 0; i < results.matrix.length; i++) {
      if (results.matrix[i].criterion === criterion && results.matrix[i].table === table) { return results.matrix[i]; }
    }
    return null;
  }
  function applyProgress() {
    var cells = document.querySelectorAll("[data-cell]");
    for (var i = 0; i < cells.length; i++) {
      var parts = cells[i].getAttribute("data-cell").split("|"), row = findRow(parts[0], Number(parts[1]));
      var done = !!(row && row.submitted);
      cells[i].className = "center " + (done ? "done" : "waiting");
      cells[i].textContent = done ? "✓ Submitted" : "Waiting";
    }
    var count = document.querySelector("[data-progress-count]");
    if (count) { count.textContent = results.progress.submitted + " of " + results.progress.expected; }
  }
  function applyPresence() {
    var cells = document.querySelectorAll("[data-presence]");
    for (var i = 0; i < cells.length; i++) {
      var n = presence[cells[i].getAttribute("data-presence")] || 0;
      cells[i].textContent = String(n);
      cells[i].className = "center" + (n ? "" : " none");
    }
  }

  // ------------------------------------------------------------------ redraw

  function redrawAll() {
    if (page === "projector") { drawProjector(); } else { drawControl(); }
    document.dispatchEvent(new CustomEvent("display:update", {detail: display}));
    // The control room's confidence panel (moderation.js) and the cockpit redraw from the same copy.
    document.dispatchEvent(new CustomEvent("screen:update", {detail: {results: results, confidence: confidence}}));
  }
  // Repaint at most once per animation frame however many messages arrive.
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; redrawAll(); });
  }
  function setDisplay(next) {
    display = next;
    received = Date.now();
    schedule();
  }

  // Change the display through the server (the panel's buttons, the projector's keys). One at a time, in the order
  // pressed: two requests in flight could arrive the other way round. The screens change when the server's `display`
  // message arrives, in order over the socket; the reply is used only while the socket is down.
  var sending = Promise.resolve();
  function send(change) {
    var sent = sending.then(function () { return post(change); });
    sending = sent.catch(function () { return null; });
    return sent;
  }
  function post(change) {
    return window.fetch(data.display_url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(change),
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": data.csrf}
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (answer.ok && !(socket && socket.connected)) { setDisplay(answer.display); }
        return answer;
      });
    });
  }

  function setBadge(text, online) {
    window.LiveScreen.online = online;
    if (!badge) { return; }
    badge.textContent = text;
    badge.className = "connection " + (online ? "online" : "offline");
  }

  // ------------------------------------------------------------------ live connection

  function mergeRows(rows) {
    (rows || []).forEach(function (row) {
      for (var i = 0; i < results.matrix.length; i++) {
        if (results.matrix[i].criterion === row.criterion && results.matrix[i].table === row.table) { results.matrix[i] = row; return; }
      }
      results.matrix.push(row);
    });
  }

  function connect() {
    socket = window.io({transports: ["websocket", "polling"]});
    // The control room's grid (cockpit.js) listens on the same connection.
    window.LiveScreen.socket = socket;
    document.dispatchEvent(new CustomEvent("screen:socket", {detail: socket}));
    socket.on("connect", function () {
      setBadge("Live", true);
      // The control room also joins the room whose summaries include hidden comments, for moderation.
      socket.emit("join_projector", {event_id: data.event_id, control: page === "control"}, function (ack) {
        if (!ack || !ack.ok) { setBadge("Not live: " + ((ack && ack.error) || "refused"), false); return; }
        if (ack.results) { results = ack.results; }
        if (ack.confidence) { confidence = ack.confidence; }
        if (ack.voting) { voting = ack.voting; }
        if (ack.presence) { presence = ack.presence; }
        if (ack.display) { setDisplay(ack.display); } else { schedule(); }
      });
    });
    socket.on("disconnect", function (reason) {
      // The server lets go of a screen whose facilitator session ended (signed out, or a new password): it does not
      // reconnect by itself, and the cookie would be refused if it did.
      if (reason === "io server disconnect") { setBadge("Signed out: sign in again, then reload this page", false); return; }
      setBadge("Reconnecting…", false);
    });
    socket.on("connect_error", function () { setBadge("Reconnecting…", false); });
    socket.on("results", function (message) {
      for (var key in message) {
        if (Object.prototype.hasOwnProperty.call(message, key) && key !== "rows" && key !== "matrix") { results[key] = message[key]; }
      }
      if (message.matrix) { results.matrix = message.matrix; } else { mergeRows(message.rows); }
      schedule();
    });
    socket.on("display", setDisplay);
    // The control room is in both rooms, so each batch brings the projector's summary and its own; it keeps only
    // its own (marked "moderation"), which includes hidden comments.
    socket.on("confidence", function (message) {
      if (page === "control" && !message.moderation) { return; }
      confidence = message;
      schedule();
    });
    socket.on("voting", function (message) {
      if (message.criterion) { voting[message.criterion] = message.voting; }
      schedule();
    });
    socket.on("presence", function (message) { presence = (message && message.tables) || {}; schedule(); });
  }

  function start() {
    redrawAll();
    var resizing = null;
    window.addEventListener("resize", function () {
      if (resizing) { window.clearTimeout(resizing); }
      resizing = window.setTimeout(schedule, 100);
    });
    // The countdown ticks on the screen; nothing is sent for it.
    window.setInterval(function () {
      if (page === "projector") { drawTimer(); }
      document.dispatchEvent(new CustomEvent("timer:tick", {detail: timerText()}));
    }, 250);
    if (typeof window.io === "undefined") { setBadge("Not live: reload the page", false); return; }
    connect();
  }

  // A loader of one server-rendered fragment for put(html), one request at a time: a call while one is on its way
  // asks for one more after it, so a burst of updates costs two fetches, not one each. url: text, or a function.
  function fragmentLoader(url, put) {
    var loading = false, again = false;
    return function load() {
      if (loading) { again = true; return; }
      loading = true;
      window.fetch(typeof url === "function" ? url() : url, {credentials: "same-origin", headers: {Accept: "text/html"}})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(put)
        .catch(function () { /* what is shown stays; the next update tries again */ })
        .then(function () {
          loading = false;
          if (again) { again = false; load(); }
        });
    };
  }

  // What the other scripts share: the DOM helper, the connection, the display and how to change it.
  window.LiveScreen = {el: V.el, online: false, socket: null, send: send, fragmentLoader: fragmentLoader,
    display: function () { return display; }, shownView: shownView, effectivePage: effectivePage,
    timerText: timerText, pages: function () { return planned ? planned.pages.length : 1; }};

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
