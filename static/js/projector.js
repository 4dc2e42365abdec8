// The projector and the control room: one live copy of the event's results, redrawn on every change.
// Protocol: docs/live-protocol.md (join_projector, results, confidence, display, voting, presence).
// The pages are rendered on the server first; this script rebuilds each view's body from the same data
// (DOM nodes with textContent only, never innerHTML) and draws the charts with Chart.js (animation off).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("projector-data").textContent);
  var page = data.page;                  // "projector" or "control"
  var results = data.results;
  var confidence = data.confidence;       // answers.summary: the control room's copy includes hidden comments
  var display = data.display;
  var voting = data.voting;
  var presence = data.presence || {};
  var badge = document.getElementById("connection");
  var VIEW_NAMES = {
    totals: "Total points (bar chart)", matrix: "Score table (criteria × tables)",
    highest: "Which option each table rated highest", progress: "Progress (who has submitted)", top3: "Top three (chart)",
    confidence: "Confidence by theme", risks: "Risks by theme (the risk wall)", would_help: "What would raise confidence"
  };
  var ANSWER_VIEWS = ["confidence", "risks", "would_help"];
  var SOURCE_WORDS = {all: "room and survey together", room: "the room only", survey: "the survey only"};
  var SOURCE_NOTES = {room: "Answers from the room only", survey: "Answers from the survey only"};
  var SCALE = [["much_less", "Much less confident"], ["less", "Less confident"], ["same", "No more or less confident"],
    ["more", "More confident"], ["much_more", "Much more confident"]];
  var VOTING_LABELS = {waiting: "Not opened yet", open: "Open", closed: "Closed"};
  var VOTING_SHORT = {waiting: "not open", open: "open", closed: "closed"};
  var STRONG = "#003d78", OTHER = "#5b6673", INK = "#111111";

  // ------------------------------------------------------------------ small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag), key, i;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] === null || attrs[key] === undefined) { continue; }
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "className") { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    }
    children = children || [];
    for (i = 0; i < children.length; i++) {
      var child = children[i];
      if (child === null || child === undefined) { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function num(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value !== "number") { return String(value); }
    return value === Math.round(value) ? String(value) : value.toFixed(1);
  }
  function title(code) {
    for (var i = 0; i < results.options.length; i++) { if (results.options[i].code === code) { return results.options[i].title; } }
    return "";
  }
  function isStrongest(code) { return (results.strongest || []).indexOf(code) >= 0; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function criterionTitle(code) {
    for (var i = 0; i < results.matrix.length; i++) { if (results.matrix[i].criterion === code) { return results.matrix[i].working_title; } }
    return code;
  }
  function allClosed() {
    for (var code in voting) { if (Object.prototype.hasOwnProperty.call(voting, code) && voting[code] !== "closed") { return false; } }
    return true;
  }
  function tableNumbers() {
    var seen = {}, list = [];
    results.matrix.forEach(function (row) { if (!seen[row.table]) { seen[row.table] = true; list.push(row.table); } });
    return list.sort(function (a, b) { return a - b; });
  }
  function findRow(criterion, table) {
    for (var i = 0; i < results.matrix.length; i++) {
      var row = results.matrix[i];
      if (row.criterion === criterion && row.table === table) { return row; }
    }
    return null;
  }
  function strongestLine() {
    var s = results.strongest || [];
    if (s.length === 1) { return el("p", {className: "strongest-line"}, ["Strongest option: ", el("strong", {text: s[0]}), " " + title(s[0])]); }
    if (s.length > 1) { return el("p", {className: "strongest-line"}, ["Strongest options (tied): ", el("strong", {text: s.join(", ")})]); }
    return el("p", {className: "strongest-line", text: "No ballots yet."});
  }
  function source() { return SOURCE_WORDS[display.source] ? display.source : "all"; }
  function pct(n, total) { return total ? Math.round(100 * n / total) : 0; }
  function fromSource(items) {
    var wanted = source();
    return wanted === "all" ? items : items.filter(function (item) { return item.source === wanted; });
  }
  function sourceTag(item) { return item.source === "survey" ? [el("span", {className: "source-tag", text: "survey"}), " "] : []; }
  function questionLine() {
    var about = confidence.about;
    if (!about) { return el("p", {className: "question", text: "The confidence questions have not been asked yet."}); }
    return el("p", {className: "question"}, ["After today’s discussion, are you more or less confident than before that option ", el("span", {className: "code", text: about.code}),
      " ", el("strong", {text: about.title}), " is the best one?"]);
  }
  function answeredLine() {
    var r = confidence.respondents, wanted = source();
    if (wanted === "all") {
      return el("p", {className: "answered"}, [el("strong", {text: String(r.all)}), (r.all === 1 ? " person" : " people") + " answered ",
        el("span", {className: "split", text: "(room " + r.room + " · survey " + r.survey + ")"})]);
    }
    return el("p", {className: "answered"}, [el("strong", {text: String(r[wanted])}),
      (r[wanted] === 1 ? " person" : " people") + " answered " + (wanted === "room" ? "in the room" : "by the survey")]);
  }
  function optionHeader(code) {
    var th = el("th", {scope: "row"}, [el("span", {className: "code", text: code}), " " + title(code)]);
    if (isStrongest(code)) { th.appendChild(document.createTextNode(" ")); th.appendChild(el("span", {className: "badge", text: "Strongest"})); }
    return th;
  }

  // ------------------------------------------------------------------ the views' bodies

  var bodies = {
    totals: function () {
      var tbody = el("tbody");
      results.totals.forEach(function (row) {
        tbody.appendChild(el("tr", {className: isStrongest(row.code) ? "is-strongest" : null},
          [optionHeader(row.code), el("td", {className: "num", text: num(row.total)})]));
      });
      return [strongestLine(), el("table", {className: "figures"}, [
        el("caption", {className: "visually-hidden", text: "Total points per option, highest first"}),
        el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "Option"}), el("th", {scope: "col", className: "num", text: "Points"})])]),
        tbody])];
    },
    top3: function () {
      var tbody = el("tbody");
      (results.top_three || []).forEach(function (row, i) {
        tbody.appendChild(el("tr", {className: isStrongest(row.code) ? "is-strongest" : null}, [
          el("td", {text: String(i + 1)}),
          el("th", {scope: "row"}, [el("span", {className: "code", text: row.code}), " " + title(row.code)]),
          el("td", {className: "num", text: num(row.total)})]));
      });
      if (!(results.top_three || []).length) { tbody.appendChild(el("tr", {}, [el("td", {colspan: "3", text: "No ballots yet."})])); }
      return [strongestLine(), el("table", {className: "figures"}, [
        el("caption", {className: "visually-hidden", text: "The three highest-scoring options"}),
        el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "Place"}), el("th", {scope: "col", text: "Option"}),
          el("th", {scope: "col", className: "num", text: "Points"})])]),
        tbody])];
    },
    matrix: function () {
      var codes = results.options.map(function (o) { return o.code; });
      var head = el("tr", {}, [el("th", {scope: "col", text: "Criterion"}), el("th", {scope: "col", text: "Table"})]);
      codes.forEach(function (code) { head.appendChild(el("th", {scope: "col", className: "num"}, [el("abbr", {title: title(code), text: code})])); });
      head.appendChild(el("th", {scope: "col", className: "num", text: "Total"}));
      var table = el("table", {className: "matrix"}, [
        el("caption", {className: "visually-hidden", text: "Points each table gave each option, per criterion; X means ruled out"}),
        el("thead", {}, [head])]);
      var tbody = null, current = null;
      results.matrix.forEach(function (row) {
        var tr = el("tr", {className: row.submitted ? "submitted" : "waiting"});
        if (row.criterion !== current) {
          current = row.criterion;
          tbody = el("tbody");
          table.appendChild(tbody);
          var span = results.matrix.filter(function (r) { return r.criterion === current; }).length;
          tr.appendChild(el("th", {scope: "rowgroup", rowspan: String(span), className: "criterion", text: row.working_title}));
        }
        tr.appendChild(el("th", {scope: "row", text: "Table " + row.table}));
        codes.forEach(function (code) {
          var value = row.cells[code];
          var cls = "num" + (value === "X" ? " ruled-out" : "") + ((row.highest || []).indexOf(code) >= 0 ? " top" : "");
          var td = el("td", {className: cls});
          if (value === null || value === undefined) { td.appendChild(el("span", {className: "pending", "aria-label": "waiting", text: "·"})); }
          else { td.textContent = num(value); }
          tr.appendChild(td);
        });
        tr.appendChild(el("td", {className: "num total", text: row.submitted ? num(row.total) : ""}));
        tbody.appendChild(tr);
      });
      var foot = el("tr", {}, [el("th", {scope: "row", colspan: "2", text: "Total"})]);
      var sum = 0;
      codes.forEach(function (code) { sum += results.total_row[code] || 0; foot.appendChild(el("td", {className: "num", text: num(results.total_row[code])})); });
      foot.appendChild(el("td", {className: "num", text: num(sum)}));
      table.appendChild(el("tfoot", {}, [foot]));
      return [table];
    },
    highest: function () {
      var list = el("ul", {className: "highest-list"});
      data.criteria.forEach(function (code) {
        var h = results.highest[code] || {tables: 0, submitted: 0, counts: {}};
        var li = el("li", {}, [el("span", {className: "criterion", text: criterionTitle(code)})]);
        var ordered = results.options.map(function (o) { return o.code; }).filter(function (c) { return h.counts[c]; });
        if (ordered.length) {
          var top = Math.max.apply(null, ordered.map(function (c) { return h.counts[c]; }));
          var lead = ordered.filter(function (c) { return h.counts[c] === top; });
          var rest = ordered.filter(function (c) { return h.counts[c] !== top; });
          li.appendChild(el("span", {className: "verdict"}, [el("strong", {text: lead.join(" and ")}),
            " highest at " + top + " of " + plural(h.tables, "table") + (lead.length > 1 ? " each" : "")]));
          if (rest.length) {
            li.appendChild(el("span", {className: "others",
              text: "then " + rest.map(function (c) { return c + " at " + h.counts[c]; }).join("; ")}));
          }
        } else {
          li.appendChild(el("span", {className: "verdict none", text: "No ballots yet"}));
        }
        if (h.submitted < h.tables) { li.appendChild(el("span", {className: "pending-note", text: h.submitted + " of " + h.tables + " tables in"})); }
        list.appendChild(li);
      });
      return [list];
    },
    progress: function () {
      var head = el("tr", {}, [el("th", {scope: "col", text: "Table"})]);
      data.criteria.forEach(function (code) {
        var state = voting[code] || "waiting";
        head.appendChild(el("th", {scope: "col"}, [criterionTitle(code),
          el("span", {className: "voting-state voting-" + state, "data-voting-for": code, text: VOTING_SHORT[state]})]));
      });
      var tbody = el("tbody");
      tableNumbers().forEach(function (number) {
        var tr = el("tr", {}, [el("th", {scope: "row", text: "Table " + number})]);
        data.criteria.forEach(function (code) {
          var row = findRow(code, number);
          if (!row) { tr.appendChild(el("td", {className: "not-scoring"}, [el("span", {className: "visually-hidden", text: "not scoring this"})])); }
          else if (row.submitted) { tr.appendChild(el("td", {className: "done"}, [el("span", {"aria-hidden": "true", text: "✓"}), " Submitted"])); }
          else { tr.appendChild(el("td", {className: "waiting", text: "Waiting"})); }
        });
        tbody.appendChild(tr);
      });
      return [
        el("p", {className: "progress-line"}, [el("strong", {text: results.progress.submitted + " of " + results.progress.expected}), " ballots in"]),
        el("table", {className: "progress-grid"}, [
          el("caption", {className: "visually-hidden", text: "Which tables have submitted which criteria"}),
          el("thead", {}, [head]), tbody])];
    },
    confidence: function () {
      var steps = confidence.confidence[source()], total = 0, top = 0;
      SCALE.forEach(function (s) { total += steps[s[0]]; top = Math.max(top, steps[s[0]]); });
      var chart = el("ol", {className: "scale-chart", "aria-label": "How many people gave each answer"});
      SCALE.forEach(function (s) {
        var n = steps[s[0]], bar = el("span");
        bar.style.height = (top ? Math.round(100 * n / top) : 0) + "%";
        chart.appendChild(el("li", {className: "step step-" + s[0]}, [
          el("span", {className: "step-label", text: s[1]}),
          el("span", {className: "step-count"}, [el("strong", {text: String(n)}), " ", el("small", {text: "(" + pct(n, total) + "%)"})]),
          el("span", {className: "step-bar", "aria-hidden": "true"}, [bar])]));
      });
      var list = el("ul", {className: "theme-bars"});
      confidence.themes.forEach(function (theme) {
        var c = source() === "all" ? theme : theme.by_source[source()];
        var detail = el("span", {className: "theme-data"});
        if (c.people) {
          var shares = el("span", {className: "share-bar", "aria-hidden": "true"});
          ["more", "same", "less"].forEach(function (part) {
            var seg = el("span", {className: part});
            seg.style.width = (100 * c[part] / c.people) + "%";
            shares.appendChild(seg);
          });
          detail.appendChild(shares);
          detail.appendChild(el("span", {className: "theme-figures"}, [el("strong", {text: String(c.people)}),
            (c.people === 1 ? " person" : " people") + ": " + c.more + " more (" + pct(c.more, c.people) + "%) · " +
            c.same + " neither (" + pct(c.same, c.people) + "%) · " + c.less + " less (" + pct(c.less, c.people) + "%)"]));
        } else {
          detail.appendChild(el("span", {className: "theme-figures none", text: "Nobody has raised this yet"}));
        }
        list.appendChild(el("li", {}, [el("span", {className: "theme-name", text: theme.name}), detail]));
      });
      return [
        el("div", {className: "confidence-overall"}, [questionLine(), answeredLine(), chart]),
        el("div", {className: "confidence-themes"}, [
          el("p", {className: "theme-key", "aria-hidden": "true"}, [el("span", {className: "key more"}), " more confident ",
            el("span", {className: "key same"}), " neither ", el("span", {className: "key less"}), " less confident"]),
          list])];
    },
    risks: function () {
      var wall = el("div", {className: "risk-wall"}), any = false;
      confidence.themes.forEach(function (theme) {
        var risks = fromSource(theme.risks);
        if (!risks.length) { return; }
        any = true;
        var list = el("ul", {className: "risk-list"});
        risks.forEach(function (risk) { list.appendChild(el("li", {}, sourceTag(risk).concat([risk.text]))); });
        wall.appendChild(el("div", {className: "risk-card"}, [
          el("h3", {className: "risk-theme"}, [theme.name + " ", el("span", {className: "risk-count", text: String(risks.length)})]),
          list]));
      });
      return any ? [wall] : [wall, el("p", {className: "empty", text: "No risks raised yet."})];
    },
    would_help: function () {
      var items = fromSource(confidence.would_help);
      if (!items.length) { return [el("p", {className: "empty", text: "Nobody has said what would help yet."})]; }
      var list = el("ul", {className: "help-list"});
      items.forEach(function (item) { list.appendChild(el("li", {}, sourceTag(item).concat([item.text]))); });
      return [list];
    }
  };

  // ------------------------------------------------------------------ charts (Chart.js, animation off)

  var charts = [];
  var valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, meta = chart.getDatasetMeta(0), values = chart.data.datasets[0].data;
      var horizontal = chart.options.indexAxis === "y", size = chart.$fontSize;
      var codes = chart.$codes || [];
      ctx.save();
      ctx.fillStyle = INK;
      ctx.font = "700 " + size + "px system-ui, sans-serif";
      meta.data.forEach(function (bar, i) {
        var text = num(values[i]) + (isStrongest(codes[i]) ? "  ★ Strongest" : "");
        if (horizontal) { ctx.textAlign = "left"; ctx.textBaseline = "middle"; ctx.fillText(text, bar.x + 12, bar.y); }
        else {
          ctx.textAlign = "center"; ctx.textBaseline = "bottom";
          ctx.fillText(num(values[i]), bar.x, bar.y - 8);
          if (isStrongest(codes[i])) { ctx.fillText("★ Strongest", bar.x, bar.y - 16 - size); }
        }
      });
      ctx.restore();
    }
  };

  function chartData(kind) {
    var rows = kind === "top3" ? (results.top_three || []) : results.totals;
    var codes = rows.map(function (r) { return r.code; });
    return {
      codes: codes,
      labels: codes,
      values: rows.map(function (r) { return r.total; }),
      colours: codes.map(function (c) { return isStrongest(c) ? STRONG : OTHER; })
    };
  }

  function makeChart(canvas) {
    if (typeof window.Chart === "undefined") { return null; }
    var kind = canvas.getAttribute("data-chart");
    var big = page === "projector";
    var font = big ? 34 : 16;
    var d = chartData(kind);
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {labels: d.labels, datasets: [{data: d.values, backgroundColor: d.colours, borderWidth: 0,
        barPercentage: 0.8, categoryPercentage: 0.9}]},
      options: {
        indexAxis: kind === "totals" ? "y" : "x",
        animation: false, responsive: true, maintainAspectRatio: false, events: [],
        layout: {padding: kind === "totals" ? {right: big ? 320 : 150} : {top: font * 2.8}},
        plugins: {legend: {display: false}, tooltip: {enabled: false}},
        scales: {
          x: {beginAtZero: true, ticks: {color: INK, font: {size: kind === "top3" ? font * 1.4 : font, weight: "bold"}, precision: 0, maxRotation: 0},
            grid: {color: "#d0d5db", display: kind === "totals"}},
          y: {beginAtZero: true, ticks: {color: INK, font: {size: font, weight: "bold"}, precision: 0}, grid: {color: "#d0d5db"}}
        }
      },
      plugins: [valueLabels]
    });
    chart.$fontSize = font;
    chart.$codes = d.codes;
    chart.$kind = kind;
    return chart;
  }

  function drawCharts() {
    charts.forEach(function (chart) {
      var d = chartData(chart.$kind);
      chart.$codes = d.codes;
      chart.data.labels = d.labels;
      chart.data.datasets[0].data = d.values;
      chart.data.datasets[0].backgroundColor = d.colours;
      chart.update("none");
    });
  }

  // ------------------------------------------------------------------ redraw

  // As domain/display.py shown_view: what people said is never held back; scores wait for voting to close if asked.
  function currentView() {
    if (ANSWER_VIEWS.indexOf(display.view) >= 0) { return display.view; }
    return display.hidden && !allClosed() ? "progress" : display.view;
  }

  function redrawViews() {
    var sections = document.querySelectorAll("section.view");
    for (var i = 0; i < sections.length; i++) {
      var section = sections[i], name = section.getAttribute("data-view");
      var body = section.querySelector(".view-body");
      if (!body || !bodies[name]) { continue; }
      var nodes = bodies[name]();
      while (body.firstChild) { body.removeChild(body.firstChild); }
      nodes.forEach(function (n) { body.appendChild(n); });
      var note = section.querySelector("[data-source-note]");
      if (note) { note.textContent = SOURCE_NOTES[source()] || ""; note.hidden = source() === "all"; }
    }
    drawCharts();
    if (page === "projector") { fitMatrix(); }
  }

  // The score table fills the screen: bigger type for a few rows, smaller (never below 20 px) for many.
  function fitMatrix() {
    var table = document.querySelector(".view-matrix table.matrix");
    if (!table) { return; }
    var rows = results.matrix.length + 2;
    table.style.fontSize = Math.max(20, Math.min(48, Math.floor(760 / rows / 1.3))) + "px";
  }

  // Shrink the type (never below `least` px) until nothing overflows, then cut lists short with "and N more".
  function overflows(box) { return box.scrollHeight > box.clientHeight + 1; }
  function fitBox(box, most, least, boxes) {
    var size = most;
    boxes = boxes || [box];
    box.style.fontSize = size + "px";
    while (size > least && boxes.some(overflows)) { size -= 2; box.style.fontSize = size + "px"; }
  }
  function trimList(list, box) {
    var cut = 0, note = null;
    while (overflows(box) && list.children.length > (note ? 2 : 1)) {
      list.removeChild(note ? note.previousSibling : list.lastChild);
      cut += 1;
      if (!note) { note = list.appendChild(el("li", {className: "more-note"})); }
      note.textContent = "…and " + cut + " more";
    }
  }
  function fitAnswers(view) {
    var section = document.querySelector('section.view[data-view="' + view + '"]');
    if (!section) { return; }
    var bars = section.querySelector(".theme-bars"), wall = section.querySelector(".risk-wall"), help = section.querySelector(".help-list");
    if (bars) { fitBox(bars, 40, 22); }
    if (wall) {
      var cards = Array.prototype.slice.call(wall.querySelectorAll(".risk-card"));
      fitBox(wall, 38, 22, cards);
      for (var i = 0; i < cards.length; i++) { trimList(cards[i].querySelector(".risk-list"), cards[i]); }
    }
    if (help) { fitBox(help, 42, 24); trimList(help, help); }
  }

  function applyDisplay() {
    if (page === "projector") {
      var view = currentView(), masked = view !== display.view;
      var sections = document.querySelectorAll("section.view");
      for (var i = 0; i < sections.length; i++) {
        sections[i].hidden = sections[i].getAttribute("data-view") !== view;
      }
      var note = document.querySelector(".hidden-note");
      if (note) { note.hidden = !masked; }
      document.body.setAttribute("data-view", view);
      charts.forEach(function (chart) { chart.resize(); });
      if (ANSWER_VIEWS.indexOf(view) >= 0) { fitAnswers(view); }
    } else {
      var now = document.querySelector("[data-display-now]");
      if (now) {
        now.textContent = VIEW_NAMES[display.view] || display.view;
        var line = now.parentNode;
        while (now.nextSibling) { line.removeChild(now.nextSibling); }
        if (ANSWER_VIEWS.indexOf(display.view) >= 0) { line.appendChild(document.createTextNode(" · " + SOURCE_WORDS[source()])); }
        else if (display.hidden) { line.appendChild(document.createTextNode(allClosed() ? " · results shown: voting has closed" : " · results hidden until voting closes")); }
      }
    }
  }

  function applyVoting() {
    var rows = document.querySelectorAll("[data-voting-row]");
    for (var i = 0; i < rows.length; i++) {
      var code = rows[i].getAttribute("data-voting-row"), state = voting[code] || "waiting";
      var tag = rows[i].querySelector("[data-voting-tag]");
      tag.className = "tag voting-" + state;
      tag.textContent = VOTING_LABELS[state];
      rows[i].querySelector("[data-voting-input]").value = state === "open" ? "closed" : "open";
      rows[i].querySelector("[data-voting-button]").textContent =
        (state === "open" ? "Close" : state === "closed" ? "Reopen" : "Open") + " voting on " + rows[i].getAttribute("data-title");
    }
  }

  function applyProgress() {
    var cells = document.querySelectorAll("[data-cell]");
    for (var i = 0; i < cells.length; i++) {
      var parts = cells[i].getAttribute("data-cell").split("|");
      var row = findRow(parts[0], Number(parts[1]));
      var done = !!(row && row.submitted);
      cells[i].className = "center " + (done ? "done" : "waiting");
      cells[i].textContent = done ? "✓ Submitted" : "Waiting";
    }
    var count = document.querySelector("[data-progress-count]");
    if (count) { count.textContent = results.progress.submitted + " of " + results.progress.expected; }
  }

  function applyPresence() {
    var cells = document.querySelectorAll("[data-presence]");
    for (var i = 0; i < cells.length; i++) {
      var n = presence[cells[i].getAttribute("data-presence")] || 0;
      cells[i].textContent = String(n);
      cells[i].className = "center" + (n ? "" : " none");
    }
  }

  function redrawAll() {
    redrawViews();
    applyDisplay();
    applyVoting();
    applyProgress();
    applyPresence();
    // The control room's confidence panel (moderation.js) redraws from the same copy.
    document.dispatchEvent(new CustomEvent("screen:update", {detail: {results: results, confidence: confidence}}));
  }

  // Repaint at most once per animation frame however many messages arrive.
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; redrawAll(); });
  }

  function setBadge(text, online) {
    window.LiveScreen.online = online;
    if (!badge) { return; }
    badge.textContent = text;
    badge.className = "connection " + (online ? "online" : "offline");
  }

  // ------------------------------------------------------------------ live connection

  function mergeRows(rows) {
    (rows || []).forEach(function (row) {
      for (var i = 0; i < results.matrix.length; i++) {
        if (results.matrix[i].criterion === row.criterion && results.matrix[i].table === row.table) { results.matrix[i] = row; return; }
      }
      results.matrix.push(row);
    });
  }

  function start() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { var chart = makeChart(canvases[i]); if (chart) { charts.push(chart); } }
    redrawAll();
    if (typeof window.io === "undefined") { setBadge("Not live: reload the page", false); return; }
    var socket = window.io({transports: ["websocket", "polling"]});
    // The control room's grid (cockpit.js) listens on the same connection.
    window.LiveScreen.socket = socket;
    document.dispatchEvent(new CustomEvent("screen:socket", {detail: socket}));
    socket.on("connect", function () {
      setBadge("Live", true);
      // The control room also joins the room whose summaries include hidden comments, for moderation.
      socket.emit("join_projector", {event_id: data.event_id, control: page === "control"}, function (ack) {
        if (!ack || !ack.ok) { setBadge("Not live: " + ((ack && ack.error) || "refused"), false); return; }
        if (ack.results) { results = ack.results; }
        if (ack.confidence) { confidence = ack.confidence; }
        if (ack.display) { display = ack.display; }
        if (ack.voting) { voting = ack.voting; }
        if (ack.presence) { presence = ack.presence; }
        schedule();
      });
    });
    socket.on("disconnect", function () { setBadge("Reconnecting…", false); });
    socket.on("connect_error", function () { setBadge("Reconnecting…", false); });
    socket.on("results", function (message) {
      var rows = message.rows, key;
      for (key in message) {
        if (Object.prototype.hasOwnProperty.call(message, key) && key !== "rows" && key !== "matrix") { results[key] = message[key]; }
      }
      if (message.matrix) { results.matrix = message.matrix; } else { mergeRows(rows); }
      schedule();
    });
    socket.on("display", function (message) {
      display = {view: message.view, hidden: !!message.hidden, source: message.source || "all"};
      schedule();
    });
    // The control room is in both rooms, so each batch brings the projector's summary and its own; it keeps only
    // its own (marked "moderation"), which includes hidden comments.
    socket.on("confidence", function (message) {
      if (page === "control" && !message.moderation) { return; }
      confidence = message;
      schedule();
    });
    socket.on("voting", function (message) {
      if (message.criterion) { voting[message.criterion] = message.voting; }
      schedule();
    });
    socket.on("presence", function (message) { presence = (message && message.tables) || {}; schedule(); });
  }

  // What moderation.js shares: the same DOM helper, and whether the live connection is up.
  window.LiveScreen = {el: el, online: false};

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
