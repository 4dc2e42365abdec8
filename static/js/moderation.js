// The control room's confidence controls and the moderation page: sends their forms with fetch (Accept:
// application/json), shows the answer beside them, and asks first in a dialog when the server says a change needs
// confirming. The control room's phase follows the live summary projector.js receives ("screen:update"). The
// moderation page's list is rendered by the server only (templates/facilitator/_moderation.html): on each update
// the script fetches that fragment again and puts it in place, keeping what was ticked, open, typed and focused.
// Text people typed only ever arrives inside that server-escaped fragment; everything else goes in with textContent.
(function () {
  "use strict";
  var panel = document.querySelector(".moderation");
  // The phase and survey controls are in the control room; the moderation page has the panel alone.
  var phaseBox = document.getElementById("confidence");
  if ((!panel && !phaseBox) || !window.LiveScreen) { return; }
  var PHASE_LABELS = {waiting: "Not opened yet", open: "Open", closed: "Closed"};
  var OPEN_LABELS = {waiting: "Open the confidence questions", open: "Ask about this option instead",
    closed: "Reopen the confidence questions"};
  var SURVEY_LABELS = {open: "Open", closed: "Closed", not_yet: "Not open yet"};
  // What the server drew the panel from, so the first live copy redraws only if something changed since.
  var drawn = key(JSON.parse(document.getElementById("projector-data").textContent).confidence);

  // ------------------------------------------------------------------ the moderation page's live list

  var listUrl = panel && panel.getAttribute("data-list-url");
  var filters = panel && panel.querySelector("[data-filters]");
  var timer = null;

  function key(confidence) { return JSON.stringify([confidence.themes, confidence.theme_list, confidence.would_help]); }

  function each(box, selector, action) { Array.prototype.forEach.call(box.querySelectorAll(selector), action); }

  function edited(field) {
    if (field.tagName === "SELECT") { return field.selectedIndex >= 0 && !field.options[field.selectedIndex].defaultSelected; }
    return field.value !== field.defaultValue;
  }

  function filterQuery() { return new URLSearchParams(new FormData(filters)).toString(); }

  // Fetch the list again soon (answers often come in bursts), or at once after the facilitator's own change.
  function refresh(now) {
    if (!listUrl) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(load, now ? 0 : 400);
  }

  var load = window.LiveScreen.fragmentLoader(function () { return listUrl + "?" + filterQuery(); }, put);

  // Put the server's fragment in place of each live part, keeping the facilitator's place in it.
  function put(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;   // escaped by the server: this page's own fragment route, never text from elsewhere
    ["list", "side"].forEach(function (name) {
      var fresh = holder.content.querySelector('[data-live="' + name + '"]');
      var old = panel.querySelector('[data-live="' + name + '"]');
      if (fresh && old) { swap(old, fresh); }
    });
    chosen();
  }

  function swap(old, fresh) {
    var active = document.activeElement && old.contains(document.activeElement) ? document.activeElement.id : "";
    var ticked = {}, open = {}, kept = {};
    each(old, "input[type=checkbox]", function (box) { if (box.id && box.checked) { ticked[box.id] = true; } });
    each(old, "details[open]", function (details) { open[details.id] = true; });
    each(old, "input[type=text], select", function (field) { if (field.id && edited(field)) { kept[field.id] = field.value; } });
    each(fresh, "input[type=checkbox]", function (box) { if (ticked[box.id] && !box.disabled) { box.checked = true; } });
    each(fresh, "details", function (details) { if (open[details.id]) { details.open = true; } });
    each(fresh, "input[type=text], select", function (field) { if (kept[field.id] !== undefined) { field.value = kept[field.id]; } });
    old.parentNode.replaceChild(fresh, old);
    if (active) {
      var again = document.getElementById(active);
      (again || panel.querySelector("[data-message]")).focus();
    }
  }

  // ------------------------------------------------------------------ choosing comments

  function picks(box) { return Array.prototype.slice.call((box || panel).querySelectorAll("#bulk .pick")); }

  // How many comments are chosen, said beside "Choose all shown".
  function chosen() {
    var form = panel && panel.querySelector("#bulk");
    if (!form) { return; }
    var ids = {};
    picks().forEach(function (box) {
      if (box.checked) { box.value.split(",").forEach(function (id) { ids[box.name + id] = true; }); }
    });
    var all = form.querySelector("#all-shown");
    var count = all && all.checked ? form.querySelectorAll('input[name="shown_risk"], input[name="shown_help"]').length
      : Object.keys(ids).length;
    form.querySelector("[data-chosen]").textContent = count ? "(" + count + " chosen)" : "";
  }

  function picked(box) {
    var row = box.closest(".mod-row");
    if (box.id === "all-shown") {
      picks().forEach(function (each) { each.checked = box.checked; });
    } else if (row && box.id === "pick-" + row.id.slice(4)) {
      // A row's box chooses each of its comments too.
      picks(row).forEach(function (each) { each.checked = box.checked; });
    } else if (row && !box.checked) {
      var whole = document.getElementById("pick-" + row.id.slice(4));
      if (whole) { whole.checked = false; }
    }
    if (!box.checked && box.id !== "all-shown") {
      var all = document.getElementById("all-shown");
      if (all) { all.checked = false; }
    }
    chosen();
  }

  if (panel) {
    panel.addEventListener("change", function (event) {
      var target = event.target;
      if (target.classList && (target.classList.contains("pick") || target.id === "all-shown")) { picked(target); }
      else if (filters && filters.contains(target)) { filtered(); }
    });
  }

  // ------------------------------------------------------------------ filters, applied as they change

  var typing = null;
  function filtered() {
    if (window.history && window.history.replaceState) {
      var q = filterQuery();
      window.history.replaceState(null, "", filters.getAttribute("action") + (q ? "?" + q : ""));
    }
    refresh(true);
  }
  if (filters) {
    filters.addEventListener("input", function (event) {
      if (event.target.type !== "search") { return; }
      window.clearTimeout(typing);
      typing = window.setTimeout(filtered, 300);
    });
    filters.addEventListener("submit", function (event) {
      if (!window.LiveScreen.online) { return; }
      event.preventDefault();
      filtered();
    });
  }

  function drawPhase(confidence, results) {
    if (!phaseBox) { return; }
    var state = phaseBox.querySelector("[data-phase-state]"), about = confidence.about;
    state.textContent = PHASE_LABELS[confidence.phase];
    state.className = "tag phase-" + confidence.phase;
    phaseBox.querySelector("[data-phase-about]").textContent =
      about ? " · asking about option " + about.code + " " + about.title : "";
    phaseBox.querySelector("[data-phase-open]").textContent = OPEN_LABELS[confidence.phase];
    phaseBox.querySelector("[data-phase-close]").hidden = confidence.phase !== "open";
    var strongest = phaseBox.querySelector("option[data-strongest]"), s = results.strongest || [];
    if (strongest) {
      strongest.textContent = "The strongest option now (" + (s.length === 1 ? s[0] :
        s.length ? "a tie: " + s.join(" and ") + "; pin one" : "none yet: no ballots") + ")";
    }
  }

  document.addEventListener("screen:update", function (event) {
    drawPhase(event.detail.confidence, event.detail.results);
    var now = key(event.detail.confidence);
    if (panel && now !== drawn) { drawn = now; refresh(false); }
  });

  // ------------------------------------------------------------------ sending

  // The message box a form belongs to, found while the form is in the page: a newer copy of the list or of the
  // theme panel may replace the form while it is sending, and a detached form has no box.
  function messagesOf(form) {
    if (!form.messages) { form.messages = form.closest("[data-messages]") || panel || phaseBox; }
    return form.messages;
  }

  function say(form, reply) {
    var region = messagesOf(form).querySelector("[data-message]");
    var problems = (reply.problems || []).map(function (p) { return p.message.charAt(0).toUpperCase() + p.message.slice(1) + "."; });
    region.textContent = [reply.message].concat(problems).join(" ");
    region.className = region.className.replace(/ ?is-(ok|bad)/g, "") + (reply.ok ? " is-ok" : " is-bad");
  }

  // The survey's controls follow its state: the reply carries it (static/js/survey_controls.js draws it).
  function afterSurvey(form, sent, reply) {
    if (window.SurveyControls && reply.survey) { window.SurveyControls.draw(reply.survey); }
  }

  // Ask first, in a dialog, when the server says so; yes sends the same form again with confirmed=1.
  var dialog = panel && panel.querySelector("dialog.confirm");
  function ask(question, yes, then, back) {
    if (!dialog || !dialog.showModal) { then(window.confirm(question)); return; }
    dialog.querySelector("#confirm-question").textContent = question;
    dialog.querySelector("[data-yes]").textContent = yes;
    var answered = false;
    function done(value) {
      if (answered) { return; }
      answered = true;
      dialog.close();
      if (back && document.contains(back)) { back.focus(); }
      then(value);
    }
    dialog.querySelector("[data-yes]").onclick = function () { done(true); };
    dialog.querySelector("[data-no]").onclick = function () { done(false); };
    dialog.oncancel = function (event) { event.preventDefault(); done(false); };
    dialog.showModal();
    dialog.querySelector("[data-no]").focus();
  }

  function send(target, body, submitter) {
    // getAttribute: the themes forms have a field named "action", which hides the form's own .action property.
    return window.fetch(target.getAttribute("action"), {method: "POST", body: body, headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        return response.json().catch(function () {
          return {ok: false, message: "The server's answer was not understood (" + response.status + "). Reload the page and try again."};
        });
      })
      .then(function (reply) {
        if (reply.confirm) {
          return new Promise(function (resolve) {
            ask(reply.confirm.question, reply.confirm.yes, function (yes) {
              if (!yes) { say(target, {ok: true, message: "Nothing changed."}); resolve(); return; }
              body.set("confirmed", "1");
              resolve(send(target, body, submitter));
            }, submitter);
          });
        }
        say(target, reply);
        if (!reply.ok) { return; }
        if (target.hasAttribute("data-survey-form")) { afterSurvey(target, body, reply); }
        if (target.classList.contains("add-theme")) { target.querySelector('input[name="name"]').value = ""; }
        if (target.id === "bulk") { picks().forEach(function (box) { box.checked = false; }); }
        var all = target.id === "bulk" && target.querySelector("#all-shown");
        if (all) { all.checked = false; }
        refresh(true);
      });
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    // Without a live connection the page would not follow the change, so the browser posts the form and reloads.
    if (!target.hasAttribute || !target.hasAttribute("data-moderation") || !window.LiveScreen.online) { return; }
    event.preventDefault();
    // One sending at a time per form; buttons stay enabled so the focus is not lost while it is under way.
    if (target.hasAttribute("data-sending")) { return; }
    target.setAttribute("data-sending", "");
    messagesOf(target);
    var body = new FormData(target);
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    send(target, body, event.submitter)
      .catch(function () {
        say(target, {ok: false, message: "Could not reach the server; nothing changed. Check the connection and try again."});
      })
      .then(function () { target.removeAttribute("data-sending"); });
  });
}());
