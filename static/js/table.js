// A table's phone: stay connected to the table's live room and show the connection state.
(function () {
  "use strict";
  var script = document.getElementById("table-script");
  var joinToken = script.getAttribute("data-join-token");
  var status = document.getElementById("connection");

  function show(state, text) {
    status.className = "connection " + state;
    status.textContent = text;
  }

  if (typeof io === "undefined") {
    show("offline", "Offline");
    return;
  }
  // Socket.IO reconnects by itself after Wi-Fi drops; every (re)connection rejoins the table's room.
  var socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    socket.emit("join_table", { join_token: joinToken }, function (answer) {
      if (answer && answer.ok) {
        show("online", "Connected");
      } else {
        show("offline", (answer && answer.error) || "This table link does not work.");
        if (answer && answer.stale) { window.location.reload(); }
      }
    });
  });
  socket.on("disconnect", function () { show("offline", "Reconnecting…"); });
  socket.io.on("reconnect_attempt", function () { show("offline", "Reconnecting…"); });
})();
