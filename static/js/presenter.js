// Presenter mode on the projector: keys a presentation clicker sends. Each change goes through the server (so the
// control room follows and every projector shows the same); only fullscreen stays on this screen.
//   → PageDown Space: next page of the view, else the next view     ← PageUp: previous
//   F (or F5, a clicker's "start show"): fullscreen   B or .: blank screen   H: hide or reveal results
//   Q: How to join (again: back)   T: start or pause the countdown
(function () {
  "use strict";
  var screen = window.LiveScreen;
  if (!screen) { return; }
  var toast = document.getElementById("toast"), toastTimer = null, lastView = null;

  function say(text) {
    if (!toast) { return; }
    toast.textContent = text;
    toast.className = "toast is-shown";
    if (toastTimer) { window.clearTimeout(toastTimer); }
    toastTimer = window.setTimeout(function () { toast.className = "toast"; toast.textContent = ""; }, 2500);
  }
  function send(change, words) {
    screen.send(change).then(function (answer) {
      if (!answer.ok) { say((answer.problems && answer.problems.length ? answer.problems[0].message : answer.error) || "Not changed"); }
      else if (words) { say(words); }
    }, function () { say("Not changed: the server cannot be reached"); });
  }
  function fullscreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (root.requestFullscreen) { root.requestFullscreen().catch(function () { say("This browser refused fullscreen"); }); }
  }

  document.addEventListener("display:update", function (event) {
    if (event.detail && event.detail.view !== "join") { lastView = event.detail.view; }
  });

  var KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next", ArrowDown: "next",
    ArrowLeft: "previous", PageUp: "previous", ArrowUp: "previous",
    f: "fullscreen", F5: "fullscreen", b: "blank", ".": "blank", h: "hidden", q: "join", t: "timer"
  };
  document.addEventListener("keydown", function (event) {
    // Ctrl, Alt and Cmd combinations stay the browser's (Ctrl+R still reloads; F5 from a clicker does not).
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) { return; }
    event.preventDefault();
    var display = screen.display();
    if (action === "next" || action === "previous") { send({step: action}); }
    else if (action === "fullscreen") { fullscreen(); }
    else if (action === "blank") { send({blank: !display.blank}, display.blank ? "" : "Screen blank: press B to bring it back"); }
    else if (action === "hidden") {
      send({hidden: !display.hidden}, display.hidden ? "Results shown" : "Results hidden until voting closes");
    } else if (action === "join") { send({view: display.view === "join" ? (lastView || "totals") : "join"}); }
    else if (action === "timer") {
      var timer = display.timer || {};
      if (!timer.duration) { say("No countdown set: set one in the control room"); }
      else { send({timer: {running: !timer.running}}, timer.running ? "Countdown paused" : "Countdown started"); }
    }
  });
}());
