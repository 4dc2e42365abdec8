// Each address on a table card is sized by its length (--chars, static/css/app.css). The length comes as data-chars
// because the Content-Security-Policy refuses style attributes; setting the property through the CSSOM is allowed.
document.querySelectorAll("[data-chars]").forEach(function (line) {
  line.style.setProperty("--chars", line.dataset.chars);
});
