// The registration desk: the search box filters the rows already in the page as you type (the same rule as the
// server's search: every word typed is in the person's name, organisation or group), Enter checks in the one person
// left, and the count is polled so two desks at one door see each other's check-ins. Without this script the search
// is a plain GET form and every button a plain POST, so the desk works the same, one page load at a time.
(function () {
  "use strict";
  var search = document.getElementById("check-in-search");
  var countBox = document.getElementById("check-in-count");
  if (!search || !countBox) { return; }
  var form = search.form;

  function key(text) { return text.replace(/\s+/g, " ").trim().toLowerCase(); }

  function list() { return document.getElementById("check-in-list"); }

  function filter() {
    var words = key(search.value).split(" ").filter(Boolean);
    var shown = 0;
    list().querySelectorAll("[data-search]").forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    list().querySelectorAll(".walk-ins-heading").forEach(function (heading) {
      var next = heading.nextElementSibling;
      heading.hidden = !next || !next.querySelector("[data-search]:not([hidden])");
    });
    var none = list().querySelector(".none-found");
    if (none) {
      none.hidden = shown > 0;
      var typed = none.querySelector(".typed");
      if (typed) { typed.textContent = search.value.trim(); }
    }
  }

  function load() {
    // The whole list (no query): the filter is applied here, so it follows what is typed now, not what was sent.
    return window.fetch(countBox.getAttribute("data-list-url"), {credentials: "same-origin", headers: {Accept: "text/html"}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#check-in-list");
        if (fresh) { list().replaceWith(fresh); filter(); }
      });
  }

  function poll() {
    window.fetch(countBox.getAttribute("data-count-url"), {credentials: "same-origin", headers: {Accept: "text/html"}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector(".check-in-count");
        var old = countBox.querySelector(".check-in-count");
        if (fresh && old && fresh.outerHTML !== old.outerHTML) {
          old.replaceWith(fresh);
          return load();
        }
        return null;
      })
      .catch(function () { /* A missed poll is retried at the next one; the desk keeps working meanwhile. */ })
      .then(function () { window.setTimeout(poll, 1000 * Number(countBox.getAttribute("data-poll-seconds") || 4)); });
  }

  search.addEventListener("input", filter);
  document.addEventListener("click", function (event) {
    // "Add them as a walk-in": what was typed in the search becomes the walk-in's name, ready to correct.
    var link = event.target.closest && event.target.closest(".add-walk-in");
    var name = document.getElementById("walk-in-name");
    if (!link || !name) { return; }
    event.preventDefault();
    if (!name.value.trim()) { name.value = search.value.trim(); }
    name.focus();
  });
  form.addEventListener("submit", function (event) {
    // Enter with one person left checks them in; otherwise the rows are already filtered, so nothing is sent.
    event.preventDefault();
    filter();
    var buttons = list().querySelectorAll("[data-search]:not([hidden]) .check-in-button");
    if (buttons.length === 1) { buttons[0].click(); }
  });
  if (list().getAttribute("data-query")) {
    // The page came filtered by the server (a search sent before this script ran): fetch everyone, then filter here.
    load();
  } else {
    filter();
  }
  window.setTimeout(poll, 1000 * Number(countBox.getAttribute("data-poll-seconds") || 4));
}());
