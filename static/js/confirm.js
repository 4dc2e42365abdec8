// Forms that void something already handed out (a table's printed card) ask first: data-confirm holds the question.
// Without JavaScript the server asks instead, on a page of its own; here the browser's dialog asks, and the form
// then says it was confirmed (confirm=yes), so the server does it straight away.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); return; }
    var field = form.querySelector('input[name="confirm"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "confirm";
      form.appendChild(field);
    }
    field.value = "yes";
  });
}());
