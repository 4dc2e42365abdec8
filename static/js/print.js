// The print buttons (table cards, badges, the board paper), kept out of the HTML so pages carry no inline script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
