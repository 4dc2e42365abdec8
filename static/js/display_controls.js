// The control room's projector panel (templates/facilitator/_display_controls.html): every control sends its change
// as JSON (window.LiveScreen.send) and the projector changes at once, with no reload; the panel then shows the
// display the server announces. Without this script the same buttons post the form.
(function () {
  "use strict";
  var panel = document.querySelector("[data-display-panel]");
  var screen = window.LiveScreen;
  if (!panel || !screen) { return; }
  var form = panel.querySelector("[data-display-form]");
  var message = panel.querySelector("[data-panel-message]");
  var VIEW_WORDS = {};
  var options = panel.querySelectorAll("#display-view option");
  for (var i = 0; i < options.length; i++) { VIEW_WORDS[options[i].value] = options[i].textContent; }
  var hide = panel.querySelectorAll("[data-no-script]");
  for (var j = 0; j < hide.length; j++) { hide[j].hidden = true; }

  function field(name) { return panel.querySelector('[data-field="' + name + '"]'); }
  function send(change) {
    message.textContent = "";
    screen.send(change).then(function (answer) {
      if (!answer.ok) {
        message.textContent = "Not changed: " + (answer.problems || []).map(function (p) { return p.message; }).join("; ");
      }
    }, function () { message.textContent = "Not changed: the server cannot be reached. Check the laptop's connection."; });
  }
  // A button's "key:value" (as the plain form sends it) as a JSON change.
  function change(action) {
    var parts = action.split(":"), key = parts[0], value = parts.slice(1).join(":");
    if (key === "view" || key === "source") { return obj(key, field(key).value); }
    if (key === "advance") { return {advance: Math.round(Number(field("advance").value) || 0)}; }
    if (key === "step" || key === "theme") { return obj(key, value); }
    if (key === "hidden" || key === "blank" || key === "join_corner") { return obj(key, value === "1"); }
    if (key === "timer") {
      if (value === "set") { return {timer: {seconds: Math.round(Number(String(field("minutes").value).replace(",", ".")) * 60)}}; }
      if (value === "off") { return {timer: null}; }
      return {timer: value === "reset" ? {reset: true} : {running: value === "start"}};
    }
    return null;
  }
  function obj(key, value) { var o = {}; o[key] = value; return o; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.submitter, action = button && button.name === "action" ? button.value : null;
    // Enter in a box applies that box.
    if (!action && document.activeElement && document.activeElement.getAttribute) {
      var name = document.activeElement.getAttribute("data-field");
      action = name === "minutes" ? "timer:set" : name;
    }
    var body = action ? change(action) : null;
    if (body) { send(body); }
  });
  field("view").addEventListener("change", function () { send({view: field("view").value}); });
  field("source").addEventListener("change", function () { send({source: field("source").value}); });

  function plain(display) {
    var words = "Showing: ", strong = screen.el("strong", {text: VIEW_WORDS[display.view] || display.view}), rest = "";
    if (screen.shownView() !== display.view) { rest += " · progress until voting closes"; }
    if (display.pages > 1) { rest += " · page " + screen.effectivePage() + " of " + display.pages; }
    if (display.advance && display.pages > 1) { rest += " (turning every " + display.advance + " s)"; }
    if (display.blank) { rest += " · the screen is blank"; }
    return [words, strong, rest];
  }
  function setToggle(name, pressed, value) {
    var button = panel.querySelector('[data-toggle="' + name + '"]');
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.value = name + ":" + value;
  }
  document.addEventListener("display:update", function (event) {
    var display = event.detail, now = panel.querySelector("[data-display-now]");
    while (now.firstChild) { now.removeChild(now.firstChild); }
    plain(display).forEach(function (part) { now.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    if (document.activeElement !== field("view")) { field("view").value = display.view; }
    if (document.activeElement !== field("source")) { field("source").value = display.source; }
    if (document.activeElement !== field("advance")) { field("advance").value = String(display.advance); }
    setToggle("hidden", display.hidden, display.hidden ? "0" : "1");
    setToggle("blank", display.blank, display.blank ? "0" : "1");
    setToggle("join_corner", display.join_corner, display.join_corner ? "0" : "1");
    setToggle("theme", display.theme === "dark", display.theme === "dark" ? "light" : "dark");
    var running = display.timer && display.timer.running;
    panel.querySelector('[data-timer="start"]').disabled = !!running || !(display.timer && display.timer.duration);
    panel.querySelector('[data-timer="pause"]').disabled = !running;
  });
  document.addEventListener("timer:tick", function (event) {
    var box = panel.querySelector("[data-timer-now]"), text = event.detail || "No countdown";
    if (box.textContent !== text) { box.textContent = text; }
  });
}());
