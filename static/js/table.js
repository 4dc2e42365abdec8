// A table's phone: the live connection, the table's shared state, and nothing acknowledged or typed ever lost.
// Protocol: docs/live-protocol.md. The editor itself is static/js/ballot.js.
//
// - Every change is shown at once, kept in localStorage, and shared with the table's other phones as an operation on
//   the table's draft (a tap on + adds a point; typing sets a number): the server merges every phone's operations in
//   one order and sends the result back; this phone shows it with its own operations still on their way on top.
// - Submit puts the submission (with its own id and the version it was based on) in a localStorage outbox first,
//   then sends it; "Saved" is shown only when the server acknowledges it committed. Anything still in the outbox is
//   sent again, with the same id, after every (re)connection: the server stores it once.
(function () {
  "use strict";
  var script = document.getElementById("table-script");
  var joinToken = script.getAttribute("data-join-token");
  var data = JSON.parse(document.getElementById("table-data").textContent);
  var settings = data.scoring;
  var badge = document.getElementById("connection");
  var PREFIX = "facilitation:";

  // ------------------------------------------------------------------ storage and ids

  var memory = {};
  var storage = (function () {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      // Private browsing on old Safari: keep things in memory for this page at least.
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; }
      };
    }
  })();

  function load(key) {
    try { var text = storage.getItem(key); return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }
  function keep(key, value) {
    try {
      if (value === null || value === undefined) { storage.removeItem(key); }
      else { storage.setItem(key, JSON.stringify(value)); }
    } catch (e) { /* storage full: the page still works, it just cannot survive a reload */ }
  }
  function keyFor(criterion, kind) { return PREFIX + joinToken + ":" + criterion + ":" + kind; }

  // crypto.randomUUID needs a secure context (https); venue LANs are plain http, so build ids from random bytes.
  function randomId(bytes) {
    var values = new Uint8Array(bytes), i, hex = "";
    var cryptoObj = window.crypto || window.msCrypto;
    if (cryptoObj && cryptoObj.getRandomValues) { cryptoObj.getRandomValues(values); }
    else { for (i = 0; i < bytes; i++) { values[i] = Math.floor(Math.random() * 256); } }
    for (i = 0; i < bytes; i++) { hex += (values[i] < 16 ? "0" : "") + values[i].toString(16); }
    return hex;
  }
  var deviceId = load(PREFIX + "device_id");
  if (typeof deviceId !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(deviceId)) {
    deviceId = "phone-" + randomId(12);
    keep(PREFIX + "device_id", deviceId);
  }

  function clockTime(iso) {
    var when = iso ? new Date(iso) : null;
    if (!when || isNaN(when.getTime())) { return ""; }
    return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }
  function answerOf(ballot) {
    return ballot ? { ranking: ballot.ranking || [], points: ballot.points || {}, ruled_out: ballot.ruled_out || [] } : null;
  }

  // ------------------------------------------------------------------ the criteria on this page

  var criteria = {};
  var order = [];
  var socket = null;
  var joined = false;
  var flights = 0;
  var rules = window.DraftOps.rules(settings, data.options);
  var BATCH_MS = 150;   // taps within this long go to the server together
  var BATCH_MAX = 50;   // operations in one message (the server takes up to 100)

  data.criteria.forEach(function (code) {
    var article = document.getElementById("criterion-" + code);
    if (!article) { return; }
    var section = article.querySelector(".scoring");
    var m = {
      code: code,
      section: section,
      votingText: section.querySelector(".voting-state"),
      finalBox: section.querySelector(".final-ballot"),
      voting: section.getAttribute("data-voting") || "unknown",
      ballot: null,
      serverDraft: null,                        // the table's draft as the server last sent it (null: it has none)
      pending: [],                              // this phone's operations the server has not answered yet, in order
      uncertain: false,                         // some were sent before a reconnection: the next answer says which landed
      opsTimer: null,
      opsFlight: null,
      outbox: load(keyFor(code, "outbox")),     // {submission, value, replaces}: submitted, not yet acknowledged
      flight: null,
      editor: null
    };
    m.editor = new window.BallotEditor(
      section.querySelector("form.editor"), section.querySelector(".ballot-problems"), settings, data.options,
      data.titles, {
        change: function (op) { edited(m, op); }, submit: function (answer) { submit(m, answer); },
        notes: function (text) { keep(keyFor(code, "notes"), text); status(m); }
      }
    );
    // Notes typed here but not submitted survive a reload (they are not in the shared draft).
    var typedNotes = load(keyFor(code, "notes"));
    if (typeof typedNotes === "string" && m.editor.notes) { m.editor.notes.value = typedNotes; m.editor.notesTyped = true; }
    var kept = load(keyFor(code, "ops"));
    if (kept) {
      m.serverDraft = kept.draft || null;
      m.pending = Object.prototype.toString.call(kept.pending) === "[object Array]" ? kept.pending : [];
    }
    var older = load(keyFor(code, "draft"));    // an unsent draft kept by the page before operations: one change now
    if (older && older.dirty && older.value) {
      m.pending.push({ id: randomId(8), op: "set_draft", draft: older.value });
      saveOps(m);
    }
    keep(keyFor(code, "draft"), null);
    criteria[code] = m;
    order.push(m);
  });
  function saveOutbox(m, entry) {
    m.outbox = entry;
    keep(keyFor(m.code, "outbox"), entry);
  }
  function newerBallot(m, ballot) {
    if (ballot && (!m.ballot || ballot.version >= m.ballot.version)) { m.ballot = ballot; return true; }
    return false;
  }
  // The table's saved notes in the form; force (this phone's own submission saved) also replaces what was typed.
  function savedNotes(m, force) {
    if (!m.ballot) { return; }
    m.editor.setNotes(m.ballot.notes || "", force);
    if (force) { keep(keyFor(m.code, "notes"), null); }
  }

  // ------------------------------------------------------------------ showing a criterion

  var VOTING_TEXT = {
    unknown: "Checking whether voting is open…",
    waiting: "Voting has not opened yet. This screen changes by itself when the facilitator opens it.",
    open: settings.mode === "allocate"
      ? "Voting is open. " + (settings.rank_first ? "Rank the options, then share out " : "Share out ") + settings.budget + " points and submit."
      : "Voting is open. " + (settings.rank_first ? "Rank the options, then score each one from 0 to 10, and submit." : "Score each option from 0 to 10, then submit."),
    closed: "Voting has closed. This is your table's final answer."
  };

  function render(m) {
    m.section.setAttribute("data-voting", m.voting);
    var text = VOTING_TEXT[m.voting] || VOTING_TEXT.unknown;
    if (m.votingText.textContent !== text) { m.votingText.textContent = text; }
    m.editor.show(m.voting === "open");
    m.finalBox.hidden = m.voting !== "closed";
    if (m.voting === "closed") { renderFinal(m); }
    status(m);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // A ballot, read-only: the ranking with points, and what was ruled out.
  function ballotView(ballot) {
    var box = document.createDocumentFragment();
    var ranked = ballot.ranking && ballot.ranking.length;
    var codes = ranked ? ballot.ranking : data.options.filter(function (c) { return c in (ballot.points || {}); });
    var list = el(ranked ? "ol" : "ul", "ballot-view" + (ranked ? "" : " unranked"));
    codes.forEach(function (code, index) {
      var li = el("li");
      if (ranked) { li.appendChild(el("span", "rank", window.BallotRules.ordinal(index + 1))); }
      li.appendChild(el("span", "option-code", code));
      li.appendChild(el("span", "row-title", data.titles[code] || ""));
      var n = (ballot.points || {})[code] || 0;
      li.appendChild(el("span", "points-shown", settings.mode === "allocate" ? n + (n === 1 ? " point" : " points") : n + " out of 10"));
      list.appendChild(li);
    });
    box.appendChild(list);
    if (ballot.notes) {
      var notes = el("p", "notes-view");
      notes.appendChild(el("strong", "", "Your table's notes: "));
      notes.appendChild(document.createTextNode(ballot.notes));
      box.appendChild(notes);
    }
    if (ballot.ruled_out && ballot.ruled_out.length) {
      var p = el("p", "ruled-out-view");
      p.appendChild(el("strong", "", "Ruled out (X): "));
      ballot.ruled_out.forEach(function (code, i) {
        if (i) { p.appendChild(document.createTextNode("; ")); }
        p.appendChild(el("span", "option-code", code));
        p.appendChild(document.createTextNode(data.titles[code] || ""));
      });
      box.appendChild(p);
    }
    return box;
  }

  function renderFinal(m) {
    var box = m.finalBox;
    box.textContent = "";
    var unsent = unsentNote(m);
    if (unsent) { box.appendChild(unsent); }
    if (m.ballot) {
      var head = el("p");
      head.appendChild(el("strong", "", "Your table's final ballot"));
      head.appendChild(document.createTextNode(" (version " + m.ballot.version +
        (m.ballot.submitted_at ? ", saved at " + clockTime(m.ballot.submitted_at) : "") + ")"));
      box.appendChild(head);
      box.appendChild(ballotView(m.ballot));
    } else if (!unsent) {
      box.appendChild(el("p", "", "Your table did not submit a ballot for this criterion."));
    }
    if (m.outbox) {
      box.appendChild(el("p", "save-status pending",
        "Your last submission had not reached the server when voting closed, so it was not counted."));
    }
  }

  // Voting closed on a draft the table had not submitted: it is kept (the facilitator sees it), but not counted; say
  // so plainly. The same words as domain/progress.py closed_note, which the server uses for the page it draws.
  function unsentNote(m) {
    if (m.outbox) { return null; }   // a submission still on its way has its own line
    var value = m.editor.value(), answer = m.editor.submission();
    var blank = !(value.ruled_out || []).length &&
      (!settings.rank_first || value.ranking.join(" ") === data.options.join(" ")) &&
      Object.keys(value.points).every(function (code) {
        var n = value.points[code];
        return settings.mode === "allocate" ? !n : n === null || n === undefined;
      });
    if (blank || (m.ballot && window.BallotEditor.sameAnswer(settings, answer, answerOf(m.ballot)))) { return null; }
    var out = value.ruled_out || [], given = 0, total = 0;
    Object.keys(value.points).forEach(function (code) {
      if (out.indexOf(code) >= 0) { return; }
      var n = value.points[code];
      if (n !== null && n !== undefined) { given += 1; total += n; }
    });
    var held = (settings.mode === "allocate" ? total + " of " + settings.budget + " points"
      : "scores for " + given + " of " + (data.options.length - out.length) + " options") +
      (out.length ? ", " + out.length + " ruled out" : "");
    var title = m.section.getAttribute("data-working-title") || m.code;
    return el("p", "unsent-note", "Voting on " + title + " has closed. " + (m.ballot
      ? "Your table's latest changes (" + held + ") were not submitted, so version " + m.ballot.version +
        " is what counts. Ask the facilitator if you think the changes should count."
      : "Your table's draft (" + held + ") was not submitted, so it is not counted. Ask the facilitator if you think it should be."));
  }

  // The line under Submit: saved (and which version), waiting to be sent, or changed since the last save.
  function status(m) {
    var editor = m.editor;
    if (m.outbox) {
      if (joined && m.flight) { editor.setStatus("Sending…", "pending"); }
      else { editor.setStatus("Not sent yet — will send when connected.", "pending"); }
      return;
    }
    if (!m.ballot) { editor.setStatus("Not submitted yet.", ""); return; }
    var when = clockTime(m.ballot.submitted_at);
    var who = m.ballot.submitted_by !== deviceId ? " by another phone at your table" : "";
    var sameNotes = editor.notesText() === (m.ballot.notes || "");
    if (sameNotes && window.BallotEditor.sameAnswer(settings, editor.submission(), answerOf(m.ballot))) {
      editor.setStatus("Saved (version " + m.ballot.version + ")" + (when ? " at " + when : "") + who + ".", "saved");
    } else {
      editor.setStatus("Version " + m.ballot.version + " is saved" + (when ? " (" + when + ")" : "") + who +
        ". Changes since then are not submitted yet.", "changed");
    }
  }

  function applyState(state) {
    (state.criteria || []).forEach(function (c) {
      var m = criteria[c.code];
      if (!m) { return; }
      m.voting = c.voting || "waiting";
      newerBallot(m, c.ballot);
      savedNotes(m, false);
      // Operations sent before the connection dropped may or may not be in this draft: keep showing what this phone
      // showed until the server answers them (applied, or already applied before).
      m.uncertain = m.pending.some(function (op) { return op.sent; });
      if (!m.uncertain) { m.serverDraft = c.draft || null; saveOps(m); }
      redraw(m);
      render(m);
    });
  }

  // ------------------------------------------------------------------ the shared draft (docs/live-protocol.md)

  function saveOps(m) { keep(keyFor(m.code, "ops"), { draft: m.serverDraft, pending: m.pending }); }

  // What the editor shows: the table's draft as the server last sent it (or, before there is one, its ballot), with
  // this phone's operations that the server has not answered yet applied on top, by the server's own rules.
  function shown(m) {
    return window.DraftOps.applyAll(window.DraftOps.base(m.serverDraft, answerOf(m.ballot), rules), m.pending, rules);
  }

  function redraw(m) {
    var value = shown(m);
    if (!window.DraftOps.same(value, m.editor.value(), rules)) { m.editor.setValue(value); }
    status(m);
  }

  // One change at this phone (the editor shows it already): kept, then sent with the others made within BATCH_MS.
  function edited(m, op) {
    op.id = randomId(8);
    m.pending.push(op);
    saveOps(m);
    redraw(m);
    if (!m.opsTimer) { m.opsTimer = window.setTimeout(function () { m.opsTimer = null; sendOps(m); }, BATCH_MS); }
  }

  // A newer draft from the server (its revision counts every change); an older one that arrives late is ignored.
  function adopt(m, draft) {
    if (draft && (!m.serverDraft || (draft.revision || 0) >= (m.serverDraft.revision || 0))) {
      m.serverDraft = draft;
      saveOps(m);
    }
  }

  // The server has answered these operations (applied, applied before, or refused): they are no longer this phone's.
  function answeredOps(m, ids) {
    if (!ids.length) { return; }
    m.pending = m.pending.filter(function (op) { return ids.indexOf(op.id) < 0; });
    saveOps(m);
  }

  function sendOps(m) {
    if (!joined || m.opsFlight || !m.pending.length) { return; }
    if (m.opsTimer) { window.clearTimeout(m.opsTimer); m.opsTimer = null; }
    var batch = m.pending.slice(0, BATCH_MAX);
    var ops = batch.map(function (op) {
      var sent = {};
      Object.keys(op).forEach(function (k) { if (k !== "sent") { sent[k] = op[k]; } });
      op.sent = true;
      return sent;
    });
    saveOps(m);
    var flight = {};
    m.opsFlight = flight;
    socket.timeout(15000).emit("draft_ops", { join_token: joinToken, criterion: m.code, device_id: deviceId, ops: ops },
      function (err, ack) {
        if (m.opsFlight !== flight) { return; }   // an attempt a reconnection already replaced
        m.opsFlight = null;
        if (err) { window.setTimeout(function () { sendOps(m); }, 2000); return; }
        opsAnswered(m, ops, ack || {});
        sendOps(m);
      });
  }


  function opsAnswered(m, ops, ack) {
    if (!ack.ok && ack.stale_link !== undefined) { linkTrouble(ack); return; }
    // Every operation in the batch has its answer (a refusal would be the same if sent again): none is pending now.
    answeredOps(m, ops.map(function (op) { return op.id; }));
    m.uncertain = m.pending.some(function (op) { return op.sent; });
    if (ack.ok) { adopt(m, ack.draft); }
    redraw(m);
    var refused = ack.ok ? (ack.refused || []).map(function (r) { return "Not kept: " + r.error + "."; }) : [ack.error];
    if (refused.length) {
      // What this phone sees undone, and why: usually another phone at the table got there first.
      var why = refused[refused.length - 1];
      m.editor.flash(why);
      m.editor.announce(why);
    }
  }

  // The table's draft changed (any phone's operations, this one's too): show it, with this phone's own still on their way.
  function remoteDraft(payload) {
    var m = payload && criteria[payload.criterion];
    if (!m || !payload.draft) { return; }
    answeredOps(m, payload.applied || []);
    if (m.uncertain) { return; }
    adopt(m, payload.draft);
    redraw(m);
  }

  // ------------------------------------------------------------------ submitting

  function submit(m, answer) {
    m.editor.clearProblems();
    var entry = {
      submission: {
        criterion: m.code, ranking: answer.ranking, points: answer.points, ruled_out: answer.ruled_out,
        notes: answer.notes || "",
        base_version: m.ballot ? m.ballot.version : 0, submission_id: randomId(16), device_id: deviceId
      },
      value: m.editor.value(),
      // Submissions this one replaces before any was acknowledged: if one of them did arrive, this is not a conflict.
      replaces: m.outbox ? (m.outbox.replaces || []).concat([m.outbox.submission.submission_id]) : []
    };
    saveOutbox(m, entry);                 // kept first: a reload or a dropped connection cannot lose it now
    sendOps(m);                           // the changes first, so the table's draft has them before the ballot
    m.flight = null;
    status(m);
    flush(m);
  }

  function flush(m) {
    if (!m.outbox || !joined || m.flight) { status(m); return; }
    var submission = m.outbox.submission;
    var flight = { id: submission.submission_id, n: ++flights };
    m.flight = flight;
    var payload = { join_token: joinToken };
    Object.keys(submission).forEach(function (k) { payload[k] = submission[k]; });
    socket.timeout(15000).emit("submit_ballot", payload, function (err, ack) {
      if (m.flight !== flight) { return; }   // an answer to an attempt that a reconnection already replaced
      m.flight = null;
      if (err) {
        // No answer: keep it in the outbox and try again (the same id cannot be stored twice).
        status(m);
        window.setTimeout(function () { flush(m); }, 2000);
        return;
      }
      answered(m, submission, ack || {});
    });
    status(m);
  }

  function restoreButton(m, value) {
    var button = el("button", "restore", "Put my changes back in the form");
    button.type = "button";
    button.addEventListener("click", function () {
      m.editor.setValue(value);
      m.editor.clearProblems();
      edited(m, { op: "set_draft", draft: value });   // every field at once: the version this phone submitted
      m.editor.submitButton.focus();
    });
    var p = el("p");
    p.appendChild(button);
    return p;
  }

  function answered(m, submission, ack) {
    var mine = m.outbox && m.outbox.submission.submission_id === submission.submission_id;
    var entry = m.outbox;
    if (ack.ok) {
      newerBallot(m, ack.ballot);
      if (mine) {
        saveOutbox(m, null);
        savedNotes(m, true);
        m.editor.clearProblems();
      } else {
        flush(m);   // a newer submission is waiting
      }
      status(m);
      return;
    }
    if (!mine) { flush(m); return; }
    if (ack.stale && "current" in ack) {
      saveOutbox(m, null);
      newerBallot(m, ack.current);
      if (ack.current && (entry.replaces || []).indexOf(ack.current.submission_id) >= 0) {
        // The newer version is this phone's own earlier submission, whose answer was lost: send this one on top.
        submit(m, { ranking: entry.submission.ranking, points: entry.submission.points, ruled_out: entry.submission.ruled_out,
                    notes: entry.submission.notes });
        return;
      }
      // Never overwrite silently: show the table's draft (this phone's changes merged into it), say why, and offer
      // this phone's version back.
      redraw(m);
      m.editor.showProblems(ack.error || "Not saved: another phone at your table saved a newer version.", [],
        restoreButton(m, entry.value));
      render(m);
      return;
    }
    if (ack.closed) {
      saveOutbox(m, null);
      eventClosed({ closed: true, message: ack.error });
      m.editor.showProblems(ack.error, []);
      return;
    }
    if (ack.voting) {
      saveOutbox(m, null);
      m.voting = ack.voting;
      render(m);
      m.editor.showProblems(ack.error || "Not saved: voting on this criterion is not open.", []);
      return;
    }
    if (ack.stale_link !== undefined) { linkTrouble(ack); return; }
    // A broken rule (or a refusal the phone cannot fix by resending): nothing was stored; say what and where.
    saveOutbox(m, null);
    m.editor.showProblems(ack.error || "Not saved.", ack.problems || []);
    status(m);
  }

  // ------------------------------------------------------------------ the facilitator's countdown

  // "4:30 left to submit", counted down here from the seconds left when the server sent it (a phone's clock may be
  // wrong, so its own time of day is never used); hidden with no countdown, or one not started yet.
  var timerBox = document.getElementById("timer"), timerTick = null;
  function showTimer(timer) {
    if (!timerBox) { return; }
    if (timerTick) { window.clearInterval(timerTick); timerTick = null; }
    var started = !!timer && timer.duration > 0 && (timer.running || timer.remaining < timer.duration);
    timerBox.hidden = !started;
    if (!started) { return; }
    var from = Date.now();
    function draw() {
      var left = Math.max(0, Math.ceil(timer.remaining - (timer.running ? (Date.now() - from) / 1000 : 0)));
      timerBox.textContent = left === 0 ? "Time is up: submit your table’s answer now"
        : Math.floor(left / 60) + ":" + (left % 60 < 10 ? "0" : "") + (left % 60) + " left to submit" + (timer.running ? "" : " (paused)");
      if (left === 0 && timerTick) { window.clearInterval(timerTick); timerTick = null; }
    }
    draw();
    if (timer.running) { timerTick = window.setInterval(draw, 1000); }
  }

  // ------------------------------------------------------------------ the connection

  function show(state, text) {
    badge.className = "connection " + state;
    if (badge.textContent !== text) { badge.textContent = text; }
  }

  function linkTrouble(answer) {
    show("offline", (answer && answer.error) || "This table link does not work.");
    if (answer && answer.stale_link) { window.location.reload(); }
  }

  function disconnected() {
    joined = false;
    order.forEach(function (m) { m.flight = null; m.opsFlight = null; status(m); });
    show("offline", "Offline — reconnecting…");
  }

  if (data.state) { applyState(data.state); }
  else { order.forEach(function (m) { redraw(m); }); }
  order.forEach(function (m) { render(m); });

  if (typeof io === "undefined") {
    show("offline", "Offline — reload the page when you have Wi-Fi");
    return;
  }
  // Socket.IO reconnects by itself after Wi-Fi drops; every (re)connection rejoins the table, takes the current
  // state, then sends what this phone still holds: its draft operations, then any unacknowledged submission.
  socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  // The delegate's own confidence questions (static/js/confidence.js) share this connection.
  document.dispatchEvent(new CustomEvent("table:socket", { detail: socket }));
  socket.on("connect", function () {
    show("connecting", "Connecting…");
    socket.emit("join_table", { join_token: joinToken, device_id: deviceId }, function (answer) {
      if (!answer || !answer.ok) { linkTrouble(answer); return; }
      joined = true;
      show("online", "Connected");
      showTimer(answer.timer);
      if (answer.state) { applyState(answer.state); }
      order.forEach(function (m) {
        sendOps(m);
        flush(m);
      });
    });
  });
  socket.on("disconnect", disconnected);
  socket.io.on("reconnect_attempt", function () { show("offline", "Offline — reconnecting…"); });
  socket.on("draft", remoteDraft);
  socket.on("ballot_saved", function (payload) {
    var m = payload && criteria[payload.criterion];
    if (!m || !payload.ballot) { return; }
    var ballot = payload.ballot;
    if (!newerBallot(m, ballot)) { return; }
    var own = m.outbox && m.outbox.submission.submission_id === ballot.submission_id;
    if (own) {
      saveOutbox(m, null);   // this phone's own submission: committed (its acknowledgement is on the way)
      m.editor.clearProblems();
    }
    savedNotes(m, own);     // another phone's notes show here too, unless this phone is typing its own
    redraw(m);   // the editor keeps showing the table's draft (or, while it has none, this ballot)
    render(m);
  });
  // A reminder from the facilitator: shown at the top of the page until the table submits or it is dismissed.
  socket.on("nudge", function (payload) {
    var box = document.getElementById("nudge");
    if (!box || !payload || !payload.message) { return; }
    box.querySelector("p").textContent = payload.message;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  });
  var dismiss = document.querySelector("#nudge button");
  if (dismiss) { dismiss.addEventListener("click", function () { document.getElementById("nudge").hidden = true; }); }

  socket.on("timer", showTimer);

  // The facilitator closed the whole event: say so at the top, and every criterion shows its final ballot. Reopening
  // only hides the message: voting opens again when the facilitator opens it ('voting').
  function eventClosed(payload) {
    var box = document.getElementById("event-closed");
    if (!box || !payload) { return; }
    box.hidden = !payload.closed;
    if (!payload.closed) { return; }
    box.querySelector("p").textContent = payload.message || "This event is closed.";
    order.forEach(function (m) { m.voting = "closed"; render(m); });
    box.scrollIntoView({ block: "nearest" });
  }
  socket.on("event_closed", eventClosed);

  // The facilitator gave this table a new card, so this link no longer works: say so at once, send nothing more
  // (the screen keeps what it shows), and let the connection go (the server lets it go too).
  var cardReplaced = false;
  function linkReplaced(payload) {
    var text = "Card replaced — not connected";
    if (!cardReplaced) {
      cardReplaced = true;
      joined = false;
      var joinPage = (payload && payload.join_page) || (window.location.origin + "/join");
      var box = el("div", "problems card-replaced");
      box.id = "card-replaced";
      box.setAttribute("role", "alert");
      box.appendChild(el("p", "", (payload && payload.message) ||
        ("This table's card was replaced. Scan the new card on your table, or type its code at " + joinPage + ".")));
      var again = el("a", "button primary", "Type the new card's code");
      again.href = "/join";
      var p = el("p");
      p.appendChild(again);
      box.appendChild(p);
      var title = document.querySelector(".table-badge");
      title.parentNode.insertBefore(box, title.nextSibling);
      Array.prototype.forEach.call(document.querySelectorAll("form button, form input, form select, form textarea"),
        function (control) { control.disabled = true; });
      box.scrollIntoView({ block: "nearest" });
      socket.disconnect();
    }
    show("offline", text);
  }
  socket.on("link_replaced", linkReplaced);
  socket.on("disconnect", function () { if (cardReplaced) { linkReplaced(); } });

  socket.on("voting", function (payload) {
    if (!payload || !payload.voting) { return; }
    order.forEach(function (m) {
      if (payload.criterion && payload.criterion !== m.code) { return; }
      m.voting = payload.voting;
      render(m);
      if (m.voting === "open") { flush(m); }
    });
  });

  // The browser knows before the socket does when Wi-Fi goes: drop the connection so the badge says so at once,
  // and reconnect straight away (not after the back-off) when it comes back.
  window.addEventListener("offline", function () {
    if (socket.io.engine && socket.connected) { socket.io.engine.close(); }
    disconnected();
  });
  window.addEventListener("online", function () {
    if (!socket.connected) { socket.disconnect(); socket.connect(); }
  });
})();
