// The control room's per-theme panel (templates/facilitator/_theme_responses.html) follows the live summary: when
// the shares, what would help, the responses or the groups change, it fetches the server's fragment again and puts
// it in place, keeping any response being typed and the focus. Text people typed only ever arrives inside that
// server-escaped fragment. Saving a response is moderation.js's fetch of the form (data-moderation).
(function () {
  "use strict";
  var box = document.getElementById("theme-responses");
  if (!box || !window.fetch || !window.LiveScreen) { return; }
  var url = box.getAttribute("data-fragment-url");
  var timer = null;
  var data = document.getElementById("projector-data");
  var drawn = data ? key(JSON.parse(data.textContent).confidence) : "";

  function key(confidence) {
    if (!confidence) { return ""; }
    return JSON.stringify([(confidence.themes || []).map(function (t) {
      return [t.theme, t.name, t.people, t.more, t.less, t.response, t.would_help_groups];
    }), confidence.general_help_groups, confidence.by_group]);
  }

  var load = window.LiveScreen.fragmentLoader(url, put);

  function put(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;   // this page's own fragment route, escaped by the server
    var fresh = holder.content.querySelector('[data-live="theme-responses"]');
    var old = box.querySelector('[data-live="theme-responses"]');
    if (!fresh || !old) { return; }
    var active = document.activeElement && old.contains(document.activeElement) ? document.activeElement.id : "";
    // A response being written is the facilitator's, not the server's: it stays as typed until saved.
    Array.prototype.forEach.call(old.querySelectorAll("textarea"), function (field) {
      var twin = field.id && fresh.querySelector("#" + field.id);
      if (twin && field.value !== field.defaultValue) { twin.value = field.value; }
    });
    old.parentNode.replaceChild(fresh, old);
    var again = active && document.getElementById(active);
    if (again) { again.focus(); }
  }

  document.addEventListener("screen:update", function (event) {
    var now = key(event.detail.confidence);
    if (now === drawn) { return; }
    drawn = now;
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 300);
  });
}());
