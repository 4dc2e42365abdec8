// The control room's confidence and risks: sends its forms with fetch (Accept: application/json) and shows the
// answer beside them, and redraws the phase, themes, risks and "what would help" from the live summary that
// projector.js receives (the "screen:update" event). The markup matches templates/facilitator/_confidence.html.
// Every text people typed goes in with textContent, never innerHTML.
(function () {
  "use strict";
  var panel = document.querySelector(".moderation");
  // The phase and survey controls are in the control room; the moderation page has the panel alone.
  var phaseBox = document.getElementById("confidence");
  if ((!panel && !phaseBox) || !window.LiveScreen) { return; }
  var el = window.LiveScreen.el;
  var csrf = (panel || phaseBox).querySelector('input[name="csrf_token"]').value;
  var PHASE_LABELS = {waiting: "Not opened yet", open: "Open", closed: "Closed"};
  var OPEN_LABELS = {waiting: "Open the confidence questions", open: "Ask about this option instead",
    closed: "Reopen the confidence questions"};
  var SURVEY_LABELS = {open: "Open", closed: "Closed", not_yet: "Not open yet"};
  // What the server drew the panel from, so the first live copy redraws only if something changed since.
  var drawn = key(JSON.parse(document.getElementById("projector-data").textContent).confidence);

  // ------------------------------------------------------------------ the forms

  function fields(values) {
    var nodes = [el("input", {type: "hidden", name: "csrf_token", value: csrf}),
      el("input", {type: "hidden", name: "next", value: "moderation"})];
    Object.keys(values || {}).forEach(function (name) {
      nodes.push(el("input", {type: "hidden", name: name, value: String(values[name])}));
    });
    return nodes;
  }
  function form(action, values, children) {
    return el("form", {method: "post", action: action, className: "tool", "data-moderation": ""}, fields(values).concat(children));
  }
  function option(value, text, selected) {
    var node = el("option", {value: String(value), text: text});
    if (selected) { node.defaultSelected = node.selected = true; }
    return node;
  }

  function commentItem(kind, item, themeId, themeList) {
    var key = (kind === "risk" ? "risk-" : "help-") + item.id;
    var text = el("p", {className: "comment-text", id: key + "-text"},
      (item.source === "survey" ? [el("span", {className: "tag", text: "survey"}), " "] : []).concat([item.text]));
    var tools = el("div", {className: "comment-tools"});
    if (kind === "risk") {
      var select = el("select", {id: key + "-theme", name: "theme"});
      themeList.forEach(function (t) { select.appendChild(option(t.id, t.name, t.id === themeId)); });
      select.appendChild(option("other", "Other", themeId === "other"));
      tools.appendChild(form(panel.getAttribute("data-risk-url").replace("/risks/0/", "/risks/" + item.id + "/"), {}, [
        el("label", {"for": key + "-theme", text: "Move to"}), select,
        el("button", {type: "submit", id: key + "-move", "aria-describedby": key + "-text", text: "Move"})]));
    }
    tools.appendChild(form(panel.getAttribute("data-comments-url"), {kind: kind, id: item.id}, [
      el("button", {type: "submit", name: "hidden", value: item.hidden ? "0" : "1", id: key + "-hide",
        "aria-describedby": key + "-text", text: item.hidden ? "Show on the projector" : "Hide from the projector"})]));
    return el("li", {id: key, className: "comment" + (item.hidden ? " is-hidden" : "")}, [
      text, item.hidden ? el("p", {className: "hidden-mark", text: "Hidden from the projector"}) : null, tools]);
  }

  function themeCard(theme, themeList) {
    var key = "theme-" + theme.theme, themesUrl = panel.getAttribute("data-themes-url");
    var card = el("article", {className: "theme-card", id: key, "aria-labelledby": key + "-title"}, [
      el("h3", {id: key + "-title", text: theme.name}),
      el("p", {className: "hint", text: theme.people
        ? theme.people + (theme.people === 1 ? " person: " : " people: ") + theme.more + " more, " + theme.same +
          " neither, " + theme.less + " less confident"
        : "No risks under this theme yet"})]);
    if (theme.risks.length) {
      card.appendChild(el("ul", {className: "comment-list"},
        theme.risks.map(function (risk) { return commentItem("risk", risk, theme.theme, themeList); })));
    }
    if (theme.theme === "other") { return card; }
    var tools = el("div", {className: "theme-tools"}, [
      form(themesUrl, {action: "rename", theme: theme.theme}, [
        el("label", {"for": key + "-name", text: "New name"}),
        el("input", {type: "text", id: key + "-name", name: "name", value: theme.name, maxlength: "200", autocomplete: "off"}),
        el("button", {type: "submit", id: key + "-rename", "aria-describedby": key + "-title", text: "Rename"})])]);
    var others = themeList.filter(function (t) { return t.id !== theme.theme; });
    if (others.length) {
      tools.appendChild(form(themesUrl, {action: "merge", theme: theme.theme}, [
        el("label", {"for": key + "-into", text: "Merge into"}),
        el("select", {id: key + "-into", name: "into"}, others.map(function (t) { return option(t.id, t.name, false); })),
        el("button", {type: "submit", id: key + "-merge", "aria-describedby": key + "-title", text: "Merge"})]));
    }
    if (!theme.risks.length) {
      tools.appendChild(form(themesUrl, {action: "remove", theme: theme.theme}, [
        el("button", {type: "submit", className: "danger", id: key + "-remove", "aria-describedby": key + "-title",
          text: "Remove this theme"})]));
    }
    card.appendChild(tools);
    return card;
  }

  // ------------------------------------------------------------------ redrawing without losing the facilitator's place

  function edited(field) {
    if (field.tagName === "SELECT") { return field.selectedIndex >= 0 && !field.options[field.selectedIndex].defaultSelected; }
    return field.value !== field.defaultValue;
  }

  // Replace a box's contents, keeping what the facilitator was typing or choosing and where the focus was.
  function replace(box, nodes) {
    var active = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : "";
    var kept = {};
    Array.prototype.forEach.call(box.querySelectorAll("input[type=text], select"), function (field) {
      if (field.id && edited(field)) { kept[field.id] = field.value; }
    });
    while (box.firstChild) { box.removeChild(box.firstChild); }
    nodes.forEach(function (node) { box.appendChild(node); });
    Object.keys(kept).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && box.contains(field)) { field.value = kept[id]; }
    });
    if (active) {
      var again = document.getElementById(active);
      (again && box.contains(again) ? again : panel.querySelector("[data-message]")).focus();
    }
  }

  function key(confidence) { return JSON.stringify([confidence.themes, confidence.theme_list, confidence.would_help]); }

  function drawPanel(confidence) {
    if (!panel || key(confidence) === drawn) { return; }
    drawn = key(confidence);
    replace(panel.querySelector("[data-theme-cards]"),
      confidence.themes.map(function (theme) { return themeCard(theme, confidence.theme_list); }));
    replace(panel.querySelector("[data-would-help]"), confidence.would_help.length
      ? confidence.would_help.map(function (item) { return commentItem("would_help", item); })
      : [el("li", {className: "hint", text: "Nobody has said what would help yet."})]);
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
    drawPanel(event.detail.confidence);
  });

  // ------------------------------------------------------------------ sending

  function say(form, reply) {
    var region = form.closest("[data-messages]").querySelector("[data-message]");
    var problems = (reply.problems || []).map(function (p) { return p.message.charAt(0).toUpperCase() + p.message.slice(1) + "."; });
    region.textContent = [reply.message].concat(problems).join(" ");
    region.className = region.className.replace(/ ?is-(ok|bad)/g, "") + (reply.ok ? " is-ok" : " is-bad");
  }

  // The survey's controls follow its state: the reply carries it (static/js/survey_controls.js draws it).
  function afterSurvey(form, sent, reply) {
    if (window.SurveyControls && reply.survey) { window.SurveyControls.draw(reply.survey); }
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    // Without a live connection the page would not follow the change, so the browser posts the form and reloads.
    if (!target.hasAttribute || !target.hasAttribute("data-moderation") || !window.LiveScreen.online) { return; }
    event.preventDefault();
    // One sending at a time per form; buttons stay enabled so the focus is not lost while it is under way.
    if (target.hasAttribute("data-sending")) { return; }
    target.setAttribute("data-sending", "");
    var body = new FormData(target);
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    // getAttribute: the themes forms have a field named "action", which hides the form's own .action property.
    window.fetch(target.getAttribute("action"), {method: "POST", body: body, headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        return response.json().catch(function () {
          return {ok: false, message: "The server's answer was not understood (" + response.status + "). Reload the page and try again."};
        });
      })
      .then(function (reply) {
        say(target, reply);
        if (!reply.ok) { return; }
        if (target.hasAttribute("data-survey-form")) { afterSurvey(target, body, reply); }
        if (target.classList.contains("add-theme")) { target.querySelector('input[name="name"]').value = ""; }
      })
      .catch(function () {
        say(target, {ok: false, message: "Could not reach the server; nothing changed. Check the connection and try again."});
      })
      .then(function () { target.removeAttribute("data-sending"); });
  });
}());
