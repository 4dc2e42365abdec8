// The Analysis page's what-if: each slider moves with its number box, and ~150 ms after the last change the page
// fetches the server-rendered measures for the weights shown (…/analysis/what-if?weight.finance=2&rule=weighted)
// and puts that fragment in place, aborting any older request still on its way. Nothing is drawn here and nothing
// is stored: "Save weights" is the fragment's own form (a POST). The fragment is this page's own route, escaped by
// the server; the only text set here goes in with textContent.
(function () {
  "use strict";
  var box = document.querySelector("[data-analysis]");
  var form = box && box.querySelector("[data-what-if-form]");
  if (!form || !window.fetch || !window.AbortController) { return; }
  var live = box.querySelector("[data-analysis-live]");
  var status = form.querySelector("[data-what-if-status]");
  var url = box.getAttribute("data-fragment-url");
  var DELAY = 150;
  var timer = null, request = null;

  Array.prototype.forEach.call(form.querySelectorAll("[data-no-script]"), function (el) { el.hidden = true; });
  Array.prototype.forEach.call(form.querySelectorAll("[data-slider]"), function (slider) {
    var number = document.getElementById("weight-" + slider.getAttribute("data-slider"));
    slider.hidden = false;
    slider.value = number.value;
    slider.addEventListener("input", function () { number.value = slider.value; });
    number.addEventListener("input", function () { if (number.value !== "") { slider.value = number.value; } });
  });

  function query() { return new URLSearchParams(new FormData(form)).toString(); }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, DELAY);
  }

  function load() {
    if (request) { request.abort(); }
    var mine = request = new AbortController(), wanted = query();
    window.fetch(url + "?" + wanted, {credentials: "same-origin", headers: {Accept: "text/html"}, signal: mine.signal})
      .then(function (response) {
        // 422 still brings the fragment: the problems in plain words, with the stored weights' measures.
        if (!response.ok && response.status !== 422) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (mine !== request) { return; }
        put(html);
        // A reload (or a shared link) shows the same what-if; the address never saves anything.
        window.history.replaceState(null, "", form.getAttribute("action") + "?" + wanted);
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && status) { status.textContent = "Could not show the what-if; try again."; }
      })
      .then(function () { if (mine === request) { request = null; } });
  }

  function put(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;   // this page's own fragment route, escaped by the server
    var fresh = holder.content.querySelector('[data-live="analysis"]');
    var old = live.querySelector('[data-live="analysis"]');
    if (!fresh || !old) { return; }
    old.parentNode.replaceChild(fresh, old);
    var summary = fresh.querySelector("[data-summary]");
    if (status && summary) { status.textContent = summary.getAttribute("data-summary"); }
    notes();
  }

  // "stored: 1" beside each weight the what-if has changed.
  function notes() {
    Array.prototype.forEach.call(form.querySelectorAll(".weight-row"), function (row) {
      var number = row.querySelector("input[type=number]"), note = row.querySelector("[data-stored-note]");
      var stored = number.getAttribute("data-stored");
      note.textContent = Number(number.value) === Number(stored) ? "" : "stored: " + stored;
    });
  }

  function reset() {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=number]"), function (number) {
      number.value = number.getAttribute("data-stored");
      var slider = document.getElementById(number.id + "-slider");
      if (slider) { slider.value = number.value; }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[name=rule]"), function (radio) {
      radio.checked = radio.getAttribute("data-stored") === "yes";
    });
    window.clearTimeout(timer);
    load();
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); load(); });
  live.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-reset]");
    if (link) { event.preventDefault(); reset(); }
  });
  // Save what the boxes show now, even if the last what-if has not come back yet.
  live.addEventListener("submit", function (event) {
    var save = event.target.closest && event.target.closest("[data-save-form]");
    if (!save) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("input[type=number], input[name=rule]:checked, select"), function (field) {
      var hidden = save.querySelector('input[type=hidden][name="' + field.name + '"]');
      if (hidden) { hidden.value = field.value; }
    });
  });
}());
