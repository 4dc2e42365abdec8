// The control room as a cockpit: the grid of criteria × the tables scoring them, kept live, and its voting and
// nudge forms sent with fetch. Closing voting on a table's draft that adds up but is not submitted asks first, in a
// dialog naming the tables ("Nudge them", "Close anyway", "Cancel"); without this script the server asks on a page.
// projector.js owns the connection (window.LiveScreen.socket); this script adds 'watch_tables' and 'table_status'
// (docs/live-protocol.md). The markup is templates/facilitator/_voting.html's; text goes in with textContent only.
(function () {
  "use strict";
  var grid = document.querySelector(".status-grid");
  if (!grid) { return; }
  var data = JSON.parse(document.getElementById("projector-data").textContent);
  var message = document.querySelector("[data-cockpit-message]");
  var dialog = document.getElementById("confirm-close");
  var VOTING_LABELS = {waiting: "Not open yet", open: "Open", closed: "Closed"};
  var ACTIONS = {waiting: "Open", open: "Close", closed: "Reopen"};
  var presence = data.presence || {};
  var items = {};        // "criterion|table" -> its <li>
  var invoker = null;    // the button whose form asked, so the focus goes back to it

  Array.prototype.forEach.call(grid.querySelectorAll("[data-status]"), function (li) {
    items[li.getAttribute("data-status")] = li;
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function phonesText(n) { return !n ? "no phone" : n === 1 ? "1 phone" : n + " phones"; }

  // ------------------------------------------------------------------ the grid

  function drawCell(cell) {
    var li = items[cell.criterion + "|" + cell.table];
    if (!li) { return; }
    li.className = "status state-" + cell.state + (cell.unsent ? " has-unsent" : "") + (cell.version ? " has-ballot" : "");
    li.querySelector(".status-shape").textContent = cell.shape;
    // "version 2" stays on one line.
    li.querySelector(".status-text").textContent = cell.text.replace(/version (\d)/g, "version\u00a0$1");
  }

  function drawCounts() {
    Array.prototype.forEach.call(grid.querySelectorAll("[data-criterion-row]"), function (row) {
      var cells = row.querySelectorAll("[data-status]");
      var done = row.querySelectorAll("[data-status].has-ballot").length;
      row.querySelector("[data-count]").textContent = done + " of " + cells.length + " in";
    });
  }

  function drawPhones() {
    Array.prototype.forEach.call(grid.querySelectorAll("[data-phones]"), function (span) {
      var n = presence[span.getAttribute("data-phones")] || 0;
      span.textContent = phonesText(n);
      span.className = "status-phones" + (n ? "" : " none");
    });
  }

  function drawVoting(code, state) {
    var row = grid.querySelector('[data-criterion-row="' + code + '"]');
    if (!row || !VOTING_LABELS[state]) { return; }
    var tag = row.querySelector("[data-voting-state]");
    tag.className = "tag voting-" + state;
    tag.textContent = VOTING_LABELS[state];
    row.querySelector("[data-voting-value]").value = state === "open" ? "closed" : "open";
    row.querySelector("[data-action-word]").textContent = ACTIONS[state];
  }

  function applyCells(cells) {
    (cells || []).forEach(drawCell);
    drawCounts();
  }

  // ------------------------------------------------------------------ the question before closing

  function unsentLine(cell) {
    var when = cell.changed_at ? new Date(cell.changed_at) : null;
    var li = el("li");
    li.appendChild(el("strong", "", "Table " + cell.table));
    li.appendChild(document.createTextNode(" · " + cell.working_title + ": draft complete (" + cell.draft + "), not submitted" +
      (when && !isNaN(when.getTime()) ? "; last changed " + when.toLocaleTimeString("en-GB", {hour: "2-digit", minute: "2-digit"}) : "") +
      (cell.version ? "; version " + cell.version + " counts until it is" : "")));
    return li;
  }

  function ask(form, reply) {
    dialog.querySelector("[data-confirm-what]").textContent = reply.what;
    dialog.querySelector("[data-confirm-count]").textContent = reply.unsent.length === 1 ? "This table has" : "These tables have";
    var list = dialog.querySelector("[data-confirm-list]");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    reply.unsent.forEach(function (cell) { list.appendChild(unsentLine(cell)); });
    var nudge = dialog.querySelector("[data-confirm-nudge]");
    Array.prototype.forEach.call(nudge.querySelectorAll("[data-confirm-draft]"), function (input) { nudge.removeChild(input); });
    reply.unsent.forEach(function (cell) {
      var input = el("input");
      input.type = "hidden";
      input.name = "draft";
      input.value = cell.table + "|" + cell.criterion;
      input.setAttribute("data-confirm-draft", "");
      nudge.insertBefore(input, nudge.firstChild);
    });
    var criterion = form.querySelector('input[name="criterion"]');
    dialog.querySelector("[data-confirm-criterion]").value = criterion ? criterion.value : "";
    if (!dialog.open) { dialog.showModal(); }
    nudge.querySelector("button").focus();
  }

  function closeDialog() { if (dialog.open) { dialog.close(); } }

  dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
    closeDialog();
    say({ok: true, message: "Nothing changed; voting stays as it was."});
  });
  dialog.addEventListener("close", function () {
    if (invoker && document.body.contains(invoker)) { invoker.focus(); }
  });

  // ------------------------------------------------------------------ sending the forms

  var dismiss = document.querySelector("[data-cockpit-dismiss]");
  function say(reply) {
    message.textContent = reply.message || "";
    message.className = "form-message" + (reply.ok ? " is-ok" : " is-bad");
    dismiss.hidden = !reply.message;
  }
  dismiss.addEventListener("click", function () {
    say({ok: true, message: ""});
    if (invoker && document.body.contains(invoker)) { invoker.focus(); }
  });

  function answered(form, reply, status) {
    if (status === 409 && reply.confirm) { ask(form, reply); return; }
    if (form.hasAttribute("data-confirm-nudge") || form.hasAttribute("data-confirm-close")) { closeDialog(); }
    say(reply);
    var voting = reply.voting || {};
    Object.keys(voting).forEach(function (code) { drawVoting(code, voting[code]); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !(form.hasAttribute("data-voting-form") || form.hasAttribute("data-nudge-form") ||
        form.hasAttribute("data-confirm-nudge") || form.hasAttribute("data-confirm-close"))) { return; }
    // Without a live connection the grid would not follow the change, so the browser posts the form and reloads.
    if (!window.LiveScreen || !window.LiveScreen.online || !window.fetch) { return; }
    event.preventDefault();
    if (form.hasAttribute("data-sending")) { return; }
    form.setAttribute("data-sending", "");
    if (!dialog.contains(form)) { invoker = event.submitter || form.querySelector("button"); }
    window.fetch(form.getAttribute("action"), {method: "POST", body: new FormData(form),
      headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if ((response.headers.get("Content-Type") || "").indexOf("application/json") < 0) {
          form.removeAttribute("data-sending");
          form.submit();   // not an answer for this script (an expired form, say): let the browser show it
          return;
        }
        return response.json().then(function (reply) { answered(form, reply, response.status); });
      })
      .catch(function () {
        say({ok: false, message: "Could not reach the server; nothing changed. Check the connection and try again."});
      })
      .then(function () { form.removeAttribute("data-sending"); });
  });

  // ------------------------------------------------------------------ live

  function listen(socket) {
    function watch() {
      socket.emit("watch_tables", {event_id: data.event_id}, function (ack) {
        if (!ack || !ack.ok) { return; }
        presence = ack.presence || {};
        applyCells(ack.cells);
        drawPhones();
      });
    }
    socket.on("connect", watch);
    if (socket.connected) { watch(); }
    socket.on("table_status", function (update) { applyCells(update && update.cells); });
    socket.on("presence", function (update) { presence = (update && update.tables) || {}; drawPhones(); });
    socket.on("voting", function (update) { if (update && update.criterion) { drawVoting(update.criterion, update.voting); } });
    socket.on("table_notes", refreshNotes);
  }

  // The tables' notes: the server draws the panel (templates/facilitator/_notes.html); a burst of ballots fetches it once.
  var notesTimer = null;
  function refreshNotes() {
    var panel = document.querySelector("[data-notes-panel]");
    if (!panel) { return; }
    window.clearTimeout(notesTimer);
    notesTimer = window.setTimeout(function () {
      window.fetch(panel.getAttribute("data-notes-url"), {credentials: "same-origin", headers: {Accept: "text/html"}})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          var now = document.querySelector("[data-notes-panel]");
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-notes-panel]");
          if (now && fresh) { now.parentNode.replaceChild(fresh, now); }
        })
        .catch(function () { /* what is shown stays; the next ballot tries again */ });
    }, 300);
  }

  if (window.LiveScreen && window.LiveScreen.socket) { listen(window.LiveScreen.socket); }
  else { document.addEventListener("screen:socket", function (event) { listen(event.detail); }); }

  // The results section's line: what the ranking is by, and the strongest option's margin (domain/scoring.py).
  var basis = document.querySelector("[data-analysis-line] [data-basis]");
  var margin = document.querySelector("[data-analysis-line] [data-margin]");
  document.addEventListener("screen:update", function (event) {
    var results = event.detail.results;
    if (!basis || !results || !results.basis) { return; }
    basis.textContent = "Ranked by " + results.basis.label.toLowerCase() + ".";
    margin.textContent = results.margin ? results.margin.text : "";
  });
}());
