// The survey page hears live when the facilitator closes the whole event (docs/live-protocol.md, 'event_closed'):
// it shows the plain message at the top and the form stops taking answers. Without Socket.IO nothing changes: the
// server refuses answers after the close anyway, with the same message.
(function () {
  "use strict";
  var box = document.getElementById("event-closed");
  if (!box || typeof io === "undefined") { return; }
  var token = box.getAttribute("data-survey-token");
  function show(payload) {
    if (!payload) { return; }
    box.hidden = !payload.closed;
    if (!payload.closed) { return; }
    box.querySelector("p").textContent = payload.message;
    Array.prototype.forEach.call(document.querySelectorAll("form button[type=submit]"), function (b) { b.disabled = true; });
  }
  var socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  socket.on("connect", function () { socket.emit("watch_survey", { survey_token: token }, show); });
  socket.on("event_closed", show);
})();
