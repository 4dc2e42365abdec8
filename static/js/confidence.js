// One person's confidence questions: on a table's phone (live, over the table's connection) and on the survey page.
// Protocol: docs/live-protocol.md. Without JavaScript the form posts and the server answers with the page.
//
// - "Add another risk" and "Remove" work on both pages; the plain form keeps two spare rows instead.
// - On a phone, Send keeps the answers in a localStorage outbox first, sends them with their own id, and shows
//   "Saved" only on the server's acknowledgement; the outbox is sent again (same id) after every reconnection.
// - The phase opening or closing, and themes being added, renamed or merged, reach the phone live. When the questions
//   open, a banner says so at the top of the screen; the page moves to them only if this phone is idle (nothing
//   focused, nothing touched for IDLE_MS), so nobody is pulled away mid-ballot.
// - Every risk with text needs a theme chosen on purpose ("Choose a theme" until then); the form says so before sending.
(function () {
  "use strict";
  var PREFIX = "facilitation:";
  var script = document.getElementById("confidence-script");
  var joinToken = script ? script.getAttribute("data-join-token") : null;
  var eventId = script ? script.getAttribute("data-event") : null;
  var section = document.getElementById("confidence");
  var socket = null;
  var flight = null;
  var phase = section ? section.getAttribute("data-phase") : null;
  var IDLE_MS = 30000;
  var lastTouched = 0;
  var NO_THEME = "choose a theme for this risk (Other if none fits)";

  function storageGet(key) {
    try { var text = window.localStorage.getItem(key); return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, JSON.stringify(value)); }
    } catch (e) { /* private browsing or full: the page still works, it just cannot survive a reload */ }
  }
  // crypto.randomUUID needs https; venue LANs are plain http, so ids come from random bytes.
  function randomId(bytes) {
    var values = new Uint8Array(bytes), hex = "", i;
    (window.crypto || window.msCrypto).getRandomValues(values);
    for (i = 0; i < bytes; i++) { hex += (values[i] < 16 ? "0" : "") + values[i].toString(16); }
    return hex;
  }
  var KEY = PREFIX + "respondent:" + eventId;
  var OUTBOX = PREFIX + "answers-outbox:" + eventId;

  function form() { return document.querySelector("[data-confidence-form]"); }

  // ------------------------------------------------------------------ risk rows

  function renumber(list) {
    var rows = list.querySelectorAll("[data-risk]");
    Array.prototype.forEach.call(rows, function (row, i) {
      var labels = row.querySelectorAll("label");
      var text = row.querySelector("textarea"), select = row.querySelector("select");
      var remove = row.querySelector("[data-remove-risk]");
      text.id = "c-risk-" + i; select.id = "c-risk-" + i + "-theme";
      var themeProblem = row.querySelector(".theme-problem");
      if (themeProblem) { themeProblem.id = select.id + "-problem"; }
      if (select.getAttribute("aria-describedby")) { select.setAttribute("aria-describedby", select.id + "-problem"); }
      labels[0].setAttribute("for", text.id); labels[0].textContent = "Risk " + (i + 1);
      labels[1].setAttribute("for", select.id); labels[1].textContent = "Theme of risk " + (i + 1);
      if (remove) { remove.textContent = "Remove risk " + (i + 1); remove.hidden = rows.length < 2; }
    });
  }

  function addRow(list, focus) {
    var rows = list.querySelectorAll("[data-risk]");
    var row = rows[rows.length - 1].cloneNode(true);
    Array.prototype.forEach.call(row.querySelectorAll(".field-problem"), function (p) { p.parentNode.removeChild(p); });
    Array.prototype.forEach.call(row.querySelectorAll("textarea, select"), function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
    row.querySelector("textarea").value = "";
    row.querySelector("select").value = "";
    list.appendChild(row);
    renumber(list);
    if (focus) { row.querySelector("textarea").focus(); }
    return row;
  }

  function enhance() {
    var f = form();
    if (!f || f.getAttribute("data-enhanced")) { return; }
    f.setAttribute("data-enhanced", "1");
    var list = f.querySelector("[data-risk-list]");
    var add = f.querySelector("[data-add-risk]");
    if (add) {
      add.hidden = false;
      add.addEventListener("click", function () { addRow(list, true); });
    }
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-risk]");
      if (!button) { return; }
      var row = button.closest("[data-risk]");
      var next = row.nextElementSibling || row.previousElementSibling;
      row.parentNode.removeChild(row);
      renumber(list);
      if (next) { next.querySelector("textarea").focus(); }
    });
    // The plain form carries spare rows for phones without JavaScript; here one empty row is enough.
    var empty = Array.prototype.filter.call(list.querySelectorAll("[data-risk]"), function (row) {
      return !row.querySelector("textarea").value.trim() && !row.querySelector(".field-problem");
    });
    empty.slice(1).forEach(function (row) { row.parentNode.removeChild(row); });
    renumber(list);
    // Registered before send (on a phone) so that nothing is sent, or posted by the plain form, without its themes.
    f.addEventListener("submit", function (event) {
      var missing = themesMissing(f);
      if (!missing.length) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      showProblems("Not sent. Please fix:", missing);
    });
    if (socket) { f.addEventListener("submit", send); }
  }

  // Risks with text but no theme chosen: marked beside their theme, and returned as problems for the box at the top.
  function themesMissing(f) {
    var missing = [];
    Array.prototype.forEach.call(f.querySelectorAll("[data-risk]"), function (row, i) {
      var select = row.querySelector("select");
      var problem = row.querySelector(".theme-problem");
      var bad = !!row.querySelector("textarea").value.trim() && !select.value;
      if (bad && !problem) {
        problem = document.createElement("p");
        problem.className = "field-problem theme-problem";
        problem.id = select.id + "-problem";
        select.parentNode.insertBefore(problem, select);
      }
      if (problem) {
        problem.textContent = bad ? NO_THEME.charAt(0).toUpperCase() + NO_THEME.slice(1) + "." : "";
        problem.hidden = !bad;
      }
      if (bad) {
        select.setAttribute("aria-invalid", "true");
        select.setAttribute("aria-describedby", problem.id);
        missing.push({ field: "", message: "Risk " + (i + 1) + ": " + NO_THEME });
      } else {
        select.removeAttribute("aria-invalid");
        select.removeAttribute("aria-describedby");
      }
    });
    return missing;
  }

  // ------------------------------------------------------------------ reading and filling the form

  function read(f) {
    var answers = { risks: [] };
    var picked = f.querySelector("input[name=confidence]:checked");
    answers.confidence = picked ? picked.value : null;
    answers.would_help = f.elements.would_help.value;
    if (f.elements.would_help_theme) {
      var about = f.elements.would_help_theme.value;
      answers.would_help_theme = /^\d+$/.test(about) ? Number(about) : null;   // "" is "in general"
    }
    if (f.elements.stakeholder_group) { answers.stakeholder_group = f.elements.stakeholder_group.value; }
    if (f.elements.name) { answers.name = f.elements.name.value; answers.organisation = f.elements.organisation.value; }
    Array.prototype.forEach.call(f.querySelectorAll("[data-risk]"), function (row) {
      var text = row.querySelector("textarea").value;
      var theme = row.querySelector("select").value;
      if (text.trim()) { answers.risks.push({ text: text, theme: /^\d+$/.test(theme) ? Number(theme) : theme }); }
    });
    return answers;
  }

  function fill(f, answers) {
    Array.prototype.forEach.call(f.querySelectorAll("input[name=confidence]"), function (radio) {
      radio.checked = radio.value === answers.confidence;
    });
    f.elements.would_help.value = answers.would_help || "";
    if (f.elements.would_help_theme) {
      var helpTheme = f.elements.would_help_theme;
      helpTheme.value = answers.would_help_theme === null || answers.would_help_theme === undefined ? "" :
        String(answers.would_help_theme);
      if (helpTheme.selectedIndex < 0) { helpTheme.value = ""; }
    }
    if (f.elements.stakeholder_group) { f.elements.stakeholder_group.value = answers.stakeholder_group || ""; }
    if (f.elements.name) { f.elements.name.value = answers.name || ""; f.elements.organisation.value = answers.organisation || ""; }
    var list = f.querySelector("[data-risk-list]");
    var rows = list.querySelectorAll("[data-risk]");
    var wanted = (answers.risks || []).length + 1, i;
    for (i = rows.length; i < wanted; i++) { addRow(list, false); }
    rows = list.querySelectorAll("[data-risk]");
    for (i = rows.length - 1; i >= wanted; i--) { rows[i].parentNode.removeChild(rows[i]); }
    rows = list.querySelectorAll("[data-risk]");
    Array.prototype.forEach.call(rows, function (row, n) {
      var risk = (answers.risks || [])[n] || { text: "", theme: "" };
      var select = row.querySelector("select");
      row.querySelector("textarea").value = risk.text;
      select.value = risk.theme === null || risk.theme === undefined ? "" : String(risk.theme);
      if (select.selectedIndex < 0) { select.value = ""; }
    });
    renumber(list);
  }

  function status(text) {
    var box = document.querySelector("[data-confidence-status]");
    if (box && box.textContent !== text) { box.textContent = text; }
  }

  function showProblems(message, problems) {
    var box = document.querySelector("[data-confidence-problems]");
    if (!box) { return; }
    box.textContent = "";
    if (!message) { box.hidden = true; return; }
    var p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
    if (problems && problems.length) {
      var ul = document.createElement("ul");
      problems.forEach(function (problem) {
        var li = document.createElement("li");
        li.textContent = describe(problem);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.hidden = false;
    box.focus();
  }

  // Problems name fields as the protocol does ("risks[1].text"); people read "Risk 2".
  function describe(problem) {
    var field = problem.field || "";
    var match = /^risks\[(\d+)\]/.exec(field);
    var where = match ? "Risk " + (Number(match[1]) + 1) + ": " :
      field === "confidence" ? "" : field === "would_help" ? "What would make you more confident: " :
      field === "would_help_theme" ? "Which theme that is about: " :
      field === "stakeholder_group" ? "Your stakeholder group: " :
      field ? field.charAt(0).toUpperCase() + field.slice(1) + ": " : "";
    var text = problem.message || "";
    if (!where) { text = text.charAt(0).toUpperCase() + text.slice(1); }
    return where + text + ".";
  }

  // ------------------------------------------------------------------ sending (phones only)

  function respondent() {
    var f = form();
    var token = storageGet(KEY);
    if (typeof token !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      token = f && f.elements.respondent.value ? f.elements.respondent.value : randomId(18);
      storageSet(KEY, token);
    }
    if (f && f.elements.respondent.value !== token) { f.elements.respondent.value = token; }
    return token;
  }

  function send(event) {
    event.preventDefault();
    var f = form();
    var outbox = read(f);
    outbox.respondent = respondent();
    outbox.submission_id = randomId(12);
    storageSet(OUTBOX, outbox);
    showProblems("");
    flush();
  }

  function flush() {
    var outbox = storageGet(OUTBOX);
    if (!outbox || flight || !socket || !socket.connected) {
      if (outbox && !flight) { status("Not sent yet: waiting for the connection. Your answers are kept on this phone."); }
      return;
    }
    flight = outbox.submission_id;
    status("Sending…");
    socket.emit("submit_answers", Object.assign({ join_token: joinToken }, outbox), function (ack) {
      flight = null;
      var still = storageGet(OUTBOX);
      if (still && still.submission_id === outbox.submission_id) { storageSet(OUTBOX, null); }
      if (ack && ack.ok) {
        banner(false);
        status("Saved (version " + ack.answers.version + "). You can change your answers until the questions close.");
        return;
      }
      status("Not saved.");
      showProblems((ack && ack.error) || "Not saved.", (ack && ack.problems) || []);
    });
  }

  // ------------------------------------------------------------------ the phase and the themes, live

  function setOpen(open) {
    var f = form();
    if (!f) { return; }
    Array.prototype.forEach.call(f.querySelectorAll("input, textarea, select, button"), function (el) {
      if (el.type !== "hidden") { el.disabled = !open; }
    });
    var closed = section.querySelector("[data-confidence-closed]");
    if (closed) { closed.hidden = open; }
  }

  function load(state) {
    var f = form();
    var about = f && f.querySelector(".scale .option-code");
    var wanted = state.about ? state.about.code : null;
    var opened = state.phase === "open" && phase !== "open";
    phase = state.phase;
    section.hidden = state.phase === "waiting";
    section.setAttribute("data-phase", state.phase);
    if (state.phase !== "open") { banner(false); }
    if (state.phase === "waiting") { return; }
    var drawnClosed = f && state.phase === "open" && !f.querySelector("button[type=submit]");
    if (!f || !about || about.textContent !== wanted || drawnClosed) {
      // The form was drawn before the phase opened (with no rows to add risks in, or none at all) or for another
      // option: take the server's fresh copy.
      fetch(window.location.pathname.replace(/\/$/, "") + "/confidence", { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
        .then(function (html) {
          section.innerHTML = html;  // our own server-rendered, escaped template
          enhance();
          respondent();
          mine(state);
          if (opened) { announce(); }
        })
        .catch(function () { status("Could not load the questions; reload the page."); });
      return;
    }
    setOpen(state.phase === "open");
    mine(state);
    if (opened) { announce(); }
  }

  // ------------------------------------------------------------------ telling the delegate the questions are open

  function heading() { return document.getElementById("confidence-heading"); }

  function goToQuestions(smooth) {
    var box = document.getElementById("confidence-banner");
    // Clear of the banner, which stays at the top of the screen while it shows.
    section.style.scrollMarginTop = ((box ? box.offsetHeight : 0) + 16) + "px";
    section.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
    var h = heading();
    if (h) { h.focus({ preventScroll: true }); }
  }

  // The banner at the top of the screen (a polite live region, so screen readers hear it too), shown or cleared.
  function banner(show) {
    var box = document.getElementById("confidence-banner");
    if (!box) { return; }
    box.textContent = "";
    if (!show) { return; }
    var p = document.createElement("p");
    p.textContent = "The confidence questions are open — answer below.";
    var go = document.createElement("button");
    go.type = "button";
    go.className = "primary";
    go.textContent = "Go to the questions";
    go.addEventListener("click", function () { banner(false); goToQuestions(true); });
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Later";
    hide.addEventListener("click", function () { banner(false); });
    box.appendChild(p);
    box.appendChild(go);
    box.appendChild(hide);
  }

  // Someone mid-ballot (or typing their name) keeps their place and their focus; an idle phone is taken to the questions.
  function announce() {
    banner(true);
    var active = document.activeElement;
    var busy = (active && active !== document.body && active !== document.documentElement && active.id !== "main") ||
      Date.now() - lastTouched < IDLE_MS;
    if (!busy) { goToQuestions(true); }
  }

  function mine(state) {
    var f = form();
    if (!f) { return; }
    setOpen(state.phase === "open");
    themes(state.themes || [], {});
    var outbox = storageGet(OUTBOX);
    if (outbox) { fill(f, outbox); flush(); return; }
    if (state.mine && !f.getAttribute("data-touched")) {
      fill(f, state.mine);
      status("Saved (version " + state.mine.version + "). You can change your answers until the questions close.");
    }
  }

  function themes(list, merged) {
    var f = form();
    if (!f || !list.length) { return; }
    Array.prototype.forEach.call(f.querySelectorAll("select[name=risk_theme]"), function (select) {
      var value = select.value;
      while (merged[value] !== undefined) { value = String(merged[value]); }
      select.textContent = "";
      [{ id: "", name: "Choose a theme" }].concat(list, [{ id: "other", name: "Other" }]).forEach(function (theme) {
        var option = document.createElement("option");
        option.value = String(theme.id);
        option.textContent = theme.name;
        select.appendChild(option);
      });
      select.value = value;
      if (select.value !== value) { select.value = ""; }   // its theme is gone: chosen again, not "Other" by default
    });
    // What would help follows the same list, with "in general" in place of "Choose a theme" and no "Other".
    var helpTheme = f.elements.would_help_theme;
    if (helpTheme) {
      var value = helpTheme.value;
      while (merged[value] !== undefined) { value = String(merged[value]); }
      helpTheme.textContent = "";
      [{ id: "", name: "In general (no one theme)" }].concat(list).forEach(function (theme) {
        var option = document.createElement("option");
        option.value = String(theme.id);
        option.textContent = theme.name;
        helpTheme.appendChild(option);
      });
      helpTheme.value = value;
      if (helpTheme.value !== value) { helpTheme.value = ""; }
    }
  }

  function refresh() {
    socket.emit("confidence_state", { join_token: joinToken, respondent: respondent() }, function (state) {
      if (state && state.ok) { load(state); }
    });
  }

  // The optional name for the attendance list, sent over the live connection when there is one.
  function identify(event) {
    var f = event.target;
    var box = f.querySelector("[data-identify-status]");
    if (!socket || !socket.connected) { return; }  // no connection: the plain form posts instead
    event.preventDefault();
    var sent = { join_token: joinToken, respondent: respondent(), name: f.elements.name.value,
                 organisation: f.elements.organisation.value };
    if (f.elements.stakeholder_group) { sent.stakeholder_group = f.elements.stakeholder_group.value; }
    socket.emit("identify", sent, function (ack) {
      if (ack && ack.ok) {
        box.textContent = ack.name ? "Saved: you are on the list of who took part as " + ack.name + "." :
          "Saved: you are taking part anonymously.";
      } else {
        box.textContent = "Not saved: " + ((ack && ack.problems || []).map(function (p) { return p.message; }).join("; ") ||
          (ack && ack.error) || "please try again") + ".";
      }
    });
  }

  ["pointerdown", "keydown", "input"].forEach(function (type) {
    document.addEventListener(type, function () { lastTouched = Date.now(); }, true);
  });
  enhance();
  var identifyForm = document.querySelector("[data-identify-form]");
  if (identifyForm && joinToken) {
    identifyForm.addEventListener("submit", identify);
    var keyField = identifyForm.elements.respondent;
    var known = storageGet(KEY);
    if (typeof known === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(known)) { keyField.value = known; }
    else if (keyField.value) { storageSet(KEY, keyField.value); }
  }
  if (section && joinToken) {
    document.addEventListener("table:socket", function (event) {
      socket = event.detail;
      var f = form();
      if (f) { f.addEventListener("submit", send); }
      section.addEventListener("input", function () {
        var g = form();
        if (g) { g.setAttribute("data-touched", "1"); }
        banner(false);   // they have found the questions
      });
      socket.on("connect", refresh);
      socket.on("confidence_phase", function () { refresh(); });
      socket.on("themes", function (payload) { if (payload) { themes(payload.themes || [], payload.merged || {}); } });
    });
  }
})();
