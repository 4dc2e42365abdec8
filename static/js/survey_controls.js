// The control room's survey controls (templates/facilitator/_confidence.html) follow the survey's state. The
// server's reply to each survey form redraws them (static/js/moderation.js afterSurvey calls draw); so does a fresh
// copy fetched when the confidence questions open or close (the survey asks about the option they name) and at the
// closing time, so the controls never offer what the survey's state contradicts. Text goes in with textContent.
(function () {
  "use strict";
  var box = document.querySelector("[data-survey]");
  if (!box) { return; }
  var url = box.getAttribute("data-survey-url");
  var timer = null, phase = null;

  function setButton(button, action) {
    button.hidden = !action;
    button.value = action ? action.value : "";
    button.textContent = action ? action.label : "";
  }

  function draw(survey) {
    var active = document.activeElement, status = box.querySelector("[data-survey-status]");
    status.textContent = survey.label;
    status.className = "tag survey-" + survey.state;
    box.querySelector("[data-survey-message]").textContent = survey.summary;
    setButton(box.querySelector("[data-survey-now]"), survey.now_action);
    box.querySelector("[data-survey-now-form]").hidden = !survey.now_action;
    setButton(box.querySelector("[data-survey-time]"), survey.time_action);
    setButton(box.querySelector("[data-survey-clear]"), survey.clear_action);
    var closes = box.querySelector("[data-survey-closes]");
    if (closes !== active) { closes.value = closes.defaultValue = survey.closes_local; }
    // A button that is no longer offered cannot keep the focus: the message saying what happened takes it.
    if (active && box.contains(active) && active.offsetParent === null) {
      box.closest("[data-messages]").querySelector("[data-message]").focus();
    }
    schedule(survey);
  }

  function refresh() {
    window.fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (reply) { if (reply && reply.survey) { draw(reply.survey); } })
      .catch(function () { /* offline: the page keeps what it shows, and the next change redraws it */ });
  }

  function schedule(survey) {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (!survey.closes || (survey.state !== "open" && survey.state !== "not_yet")) { return; }
    var wait = new Date(survey.closes).getTime() - Date.now() + 1000;
    if (wait > 0 && wait < 2147483647) { timer = window.setTimeout(refresh, wait); }
  }

  document.addEventListener("screen:update", function (event) {
    var now = event.detail && event.detail.confidence ? event.detail.confidence.phase : null;
    if (phase !== null && now !== phase) { refresh(); }
    phase = now;
  });
  window.SurveyControls = {draw: draw, refresh: refresh};
  schedule({closes: box.getAttribute("data-survey-closes-at"), state: box.getAttribute("data-survey-state")});
}());
