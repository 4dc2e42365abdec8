// The print button on the table-cards sheet (kept out of the HTML so pages carry no inline script).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
