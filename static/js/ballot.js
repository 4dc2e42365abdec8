// The ballot editor for one criterion on a table's phone: the ranking (drag, or the up/down buttons), points or
// scores (steppers and number inputs), and ruling options out (X). It checks the same rules as the server
// (facilitation/domain/ballot.py) before anything is sent, and says in plain words what is missing.
// Plain ES5, no build step: window.BallotEditor and window.BallotRules.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function isWhole(n) { return typeof n === "number" && isFinite(n) && Math.floor(n) === n; }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function listWords(items) {
    if (items.length < 2) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  // ------------------------------------------------------------------ the rules (pure functions)

  var BallotRules = {
    // A rank as people say it ("1st", "2nd", "11th"), so it never runs into an option code that is a number.
    ordinal: function (n) {
      var tens = n % 100, ones = n % 10;
      if (tens >= 11 && tens <= 13) { return n + "th"; }
      return n + (ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th");
    },

    // What a typed value means: {value: whole number or null, problem: plain words or null}.
    parse: function (text, badInput, settings) {
      var allocate = settings.mode === "allocate";
      var high = allocate ? settings.budget : 10;
      text = (text || "").trim();
      if (badInput) { return { value: null, problem: "Type a whole number, like 3." }; }
      if (text === "") { return { value: null, problem: null }; }
      var n = Number(text);
      if (!isFinite(n)) { return { value: null, problem: "Type a whole number, like 3." }; }
      if (!isWhole(n)) { return { value: null, problem: "Use whole numbers only (no fractions)." }; }
      if (n < 0) { return { value: null, problem: allocate ? "Points cannot be below 0." : "A score cannot be below 0." }; }
      if (n > high) {
        return { value: null, problem: allocate ? "No option can have more than " + high + " points." : "A score cannot be more than 10." };
      }
      return { value: n, problem: null };
    },

    // Where an option's points contradict the ranking (allowed, but the table is asked to check).
    contradictions: function (ranking, points, noun) {
      var warnings = [];
      noun = noun || "more points";
      ranking.forEach(function (lower, index) {
        var above = ranking.slice(0, index).filter(function (higher) {
          return (points[lower] || 0) > (points[higher] || 0);
        });
        if (above.length) {
          warnings.push(lower + " is ranked below " + listWords(above) + " but has " + noun + " (" + (points[lower] || 0) + ").");
        }
      });
      return warnings;
    },

    // state: {ranking: [codes in list order], ruledOut: [codes], entries: {code: {value, problem}}}
    check: function (settings, state) {
      var allocate = settings.mode === "allocate";
      var remaining = state.ranking;
      var total = 0, given = 0, bad = 0, points = {};
      remaining.forEach(function (code) {
        var entry = state.entries[code] || { value: null, problem: null };
        if (entry.problem) { bad += 1; }
        if (entry.value !== null) { given += 1; total += entry.value; }
        points[code] = entry.value === null ? 0 : entry.value;
      });
      var result = {
        total: total, left: allocate ? settings.budget - total : null, given: given, count: remaining.length,
        ready: false, reason: "", warnings: []
      };
      if (!remaining.length) {
        result.reason = "At least one option must stay in.";
      } else if (bad) {
        result.reason = bad === 1 ? "Fix the number marked above to submit." : "Fix the numbers marked above to submit.";
      } else if (allocate && result.left > 0) {
        result.reason = "Share out " + plural(result.left, "more point", "more points") + " to submit.";
      } else if (allocate && result.left < 0) {
        result.reason = "Take away " + plural(-result.left, "point", "points") + " to submit.";
      } else if (!allocate && given < remaining.length) {
        result.reason = "Give every option a score to submit.";
      } else {
        result.ready = true;
      }
      if (settings.rank_first) {
        result.warnings = BallotRules.contradictions(remaining, points, allocate ? "more points" : "a higher score");
      }
      return result;
    }
  };

  // ------------------------------------------------------------------ the editor (one form per criterion)

  // form: the server-rendered <form class="editor">; problemsBox: the criterion's role="alert" box;
  // on.change(op): the table changed one thing, as an operation on the shared draft (static/js/draft.js):
  //   {op: "add_points", option, delta} for a tap on + or −, {op: "set_points", option, value} for a typed number,
  //   {op: "move", option, to_index}, {op: "rule_out" | "bring_back", option};
  // on.submit(submission): Submit was pressed with a valid ballot; on.notes(text): the table's notes were typed in.
  // The notes are not part of the shared draft: they travel with the submission (docs/decisions.md, issue 13).
  function BallotEditor(form, problemsBox, settings, options, titles, on) {
    var self = this;
    this.form = form;
    this.problemsBox = problemsBox;
    this.settings = settings;
    this.options = options;
    this.titles = titles || {};
    this.on = on;
    this.allocate = settings.mode === "allocate";
    this.list = form.querySelector(".ranking");
    this.outList = form.querySelector(".ruled-out-list");
    this.outGroup = form.querySelector(".ruled-out-group");
    this.listProblem = form.querySelector(".list-problem");
    this.warning = form.querySelector(".warning");
    this.moved = form.querySelector(".moved");
    this.pointsLeft = form.querySelector(".points-left");
    this.submitButton = form.querySelector(".submit");
    this.submitHint = form.querySelector(".submit-hint");
    this.saveStatus = form.querySelector(".save-status");
    this.notes = form.querySelector("textarea.notes");
    this.notesTyped = false;   // typed here since the last ballot: another phone's saved notes do not overwrite it
    this.rows = {};
    each(form.querySelectorAll(".option-row"), function (row) { self.rows[row.getAttribute("data-code")] = row; });

    form.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (!button || !form.contains(button) || button.type === "submit") { return; }
      var row = button.closest(".option-row");
      if (!row) { return; }
      var code = row.getAttribute("data-code");
      if (button.classList.contains("move-up")) { self.move(code, -1, button); }
      else if (button.classList.contains("move-down")) { self.move(code, 1, button); }
      else if (button.classList.contains("less")) { self.step(code, -1); }
      else if (button.classList.contains("more")) { self.step(code, 1); }
      else if (button.classList.contains("rule-out")) { self.toggleRuledOut(code, button); }
    });
    form.addEventListener("input", function (event) {
      if (event.target === self.notes) {
        self.notesTyped = true;
        if (self.on.notes) { self.on.notes(self.notes.value); }
        return;
      }
      if (event.target.classList && event.target.classList.contains("points")) {
        var row = event.target.closest(".option-row");
        var code = row.getAttribute("data-code");
        self.clearFieldProblem(row);
        self.changed({ op: "set_points", option: code, value: self.entry(code).value });
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = self.refresh();
      if (!result.ready) { self.showProblems(result.reason, []); return; }
      self.on.submit(self.submission());
    });
    if (settings.rank_first) { whenDraggable(function () { self.draggable(); }); }
    this.refresh();
  }

  // Dragging needs SortableJS (13 KB compressed). The buttons do the same job, so it is not on the page's critical
  // path: it loads soon after the page has loaded, or as soon as someone touches a drag handle, whichever is first.
  var dragWaiting = [];
  var dragScript = null;
  function whenDraggable(ready) {
    if (window.Sortable) { ready(); return; }
    dragWaiting.push(ready);
    loadDragSoon();
  }
  function loadDrag() {
    var src = document.getElementById("ballot-script");
    src = src && src.getAttribute("data-sortable");
    if (dragScript || !src || window.Sortable) { return; }
    dragScript = document.createElement("script");
    dragScript.src = src;
    dragScript.onload = function () { dragWaiting.splice(0).forEach(function (ready) { ready(); }); };
    dragScript.onerror = function () {
      // Offline before it came: the buttons still work; a drag handle that cannot drag would only confuse.
      each(document.querySelectorAll(".drag-handle"), function (handle) { handle.hidden = true; });
    };
    document.head.appendChild(dragScript);
  }
  var dragSoon = false;
  function loadDragSoon() {
    if (dragSoon) { return; }
    dragSoon = true;
    // A second after the page has loaded, to leave slow Wi-Fi to the live connection first.
    var later = function () { window.setTimeout(loadDrag, 1000); };
    if (document.readyState === "complete") { later(); } else { window.addEventListener("load", later); }
    document.addEventListener("pointerdown", function (event) {
      if (event.target.closest && event.target.closest(".drag-handle")) { loadDrag(); }
    }, true);
  }

  BallotEditor.prototype = {
    // An option as every label names it: its code and its title ("3a, Three to two: full merger").
    named: function (code) { return this.titles[code] ? code + ", " + this.titles[code] : code; },

    // ---- reading the form
    ranking: function () {
      var codes = [];
      each(this.list.children, function (row) { codes.push(row.getAttribute("data-code")); });
      return codes;
    },
    ruledOut: function () {
      var self = this;
      // In short-list order, as the server keeps it.
      return this.options.filter(function (code) { return self.rows[code].classList.contains("ruled-out"); });
    },
    input: function (code) { return this.rows[code].querySelector(".points"); },
    entry: function (code) {
      var input = this.input(code);
      return BallotRules.parse(input.value, input.validity && input.validity.badInput, this.settings);
    },
    state: function () {
      var self = this, entries = {};
      var ranking = this.ranking();
      ranking.forEach(function (code) { entries[code] = self.entry(code); });
      return { ranking: ranking, ruledOut: this.ruledOut(), entries: entries };
    },
    // The draft the table shares: every number typed so far (null where nothing valid is typed).
    value: function () {
      var state = this.state(), points = {};
      state.ranking.forEach(function (code) { points[code] = state.entries[code].value; });
      return { ranking: state.ranking, points: points, ruled_out: state.ruledOut };
    },
    // What Submit sends (without ids and versions): whole numbers for every option still in.
    submission: function () {
      var value = this.value(), points = {};
      value.ranking.forEach(function (code) { points[code] = value.points[code] === null ? 0 : value.points[code]; });
      return { ranking: this.settings.rank_first ? value.ranking : [], points: points, ruled_out: value.ruled_out,
               notes: this.notesText() };
    },
    // The notes as the server will keep them (trimmed), "" when the criterion has no notes field.
    notesText: function () { return this.notes ? this.notes.value.replace(/^\s+|\s+$/g, "") : ""; },
    // Show a saved ballot's notes, unless this phone has typed notes of its own that are not submitted yet.
    setNotes: function (text, force) {
      if (!this.notes || (this.notesTyped && !force)) { return; }
      if (this.notes.value !== (text || "")) { this.notes.value = text || ""; }
      this.notesTyped = false;
    },

    // ---- writing the form (from the table's draft, a saved ballot, or this phone's own storage)
    setValue: function (value) {
      var self = this;
      value = value || {};
      var active = document.activeElement;
      var outs = (this.settings.allow_rule_out && value.ruled_out) ? value.ruled_out : [];
      outs = outs.filter(function (code) { return self.rows[code]; });
      if (outs.length >= this.options.length) { outs = []; }
      var order = [];
      (value.ranking || []).forEach(function (code) {
        if (self.rows[code] && outs.indexOf(code) < 0 && order.indexOf(code) < 0) { order.push(code); }
      });
      this.options.forEach(function (code) {
        if (outs.indexOf(code) < 0 && order.indexOf(code) < 0) { order.push(code); }
      });
      order.forEach(function (code) { self.placeIn(code, false); self.list.appendChild(self.rows[code]); });
      outs.forEach(function (code) { self.placeIn(code, true); self.outList.appendChild(self.rows[code]); });
      var points = value.points || {};
      this.options.forEach(function (code) {
        var n = points[code];
        var input = self.input(code);
        // The number being typed stays as typed while it means the same (so "" stays "" rather than becoming "0").
        if (input === active && outs.indexOf(code) < 0 && self.sameNumber(self.entry(code).value, n)) { return; }
        if (outs.indexOf(code) >= 0) { input.value = self.allocate ? "0" : ""; }
        else if (isWhole(n)) { input.value = String(n); }
        else { input.value = self.allocate ? "0" : ""; }
        self.clearFieldProblem(self.rows[code]);
      });
      if (active && active !== document.activeElement && this.form.contains(active)) { active.focus(); }
      this.refresh();
    },
    sameNumber: function (typed, n) {
      var empty = this.allocate ? 0 : null;
      return (typed === null ? empty : typed) === (isWhole(n) ? n : empty);
    },
    placeIn: function (code, out) {
      var row = this.rows[code];
      row.classList.toggle("ruled-out", out);
      var button = row.querySelector(".rule-out");
      if (button) {
        button.setAttribute("aria-label", (out ? "Bring back " : "Rule out ") + this.named(code));
        button.querySelector(".rule-out-text").textContent = out ? "Bring back" : "Rule out";
      }
      var input = this.input(code);
      input.disabled = out;
      each(row.querySelectorAll(".move-buttons button, .stepper button"), function (b) { b.disabled = out; });
    },

    // ---- what the table does
    draggable: function () {
      var self = this;
      window.Sortable.create(this.list, {
        handle: ".drag-handle", animation: 150, ghostClass: "dragging", forceFallback: false,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) { return; }
          var code = event.item.getAttribute("data-code");
          self.announce(code + " moved to place " + (event.newIndex + 1) + " of " + self.ranking().length + ".");
          self.changed({ op: "move", option: code, to_index: event.newIndex });
        }
      });
      this.list.setAttribute("data-draggable", "true");
    },
    move: function (code, by, button) {
      var row = this.rows[code];
      if (row.classList.contains("ruled-out")) { return; }
      var order = this.ranking();
      var from = order.indexOf(code), to = from + by;
      if (to < 0 || to >= order.length) {
        this.announce(code + (by < 0 ? " is already first." : " is already last."));
        return;
      }
      if (by < 0) { this.list.insertBefore(row, this.rows[order[to]]); }
      else { this.list.insertBefore(row, this.rows[order[to]].nextSibling); }
      if (button) { button.focus(); }
      this.announce(code + " moved to place " + (to + 1) + " of " + order.length + ".");
      this.changed({ op: "move", option: code, to_index: to });
    },
    step: function (code, by) {
      var input = this.input(code);
      var entry = this.entry(code);
      var current = entry.value === null ? 0 : entry.value;
      var high = this.allocate ? this.settings.budget : 10;
      var next = Math.max(0, Math.min(high, current + by));
      if (this.allocate && by > 0) {
        var result = BallotRules.check(this.settings, this.state());
        if (result.left !== null && result.left <= 0 && entry.value !== null) {
          this.announce("No points left. Take points from another option first.");
          this.flash("No points left to give. Take points from another option first.");
          return;
        }
      }
      input.value = String(next);
      this.clearFieldProblem(this.rows[code]);
      // A tap is an increment, not a number: two phones tapping + at once both count.
      if (next !== current) { this.changed({ op: "add_points", option: code, delta: next - current }); }
      else if (entry.value === null) { this.changed({ op: "set_points", option: code, value: next }); }
      else { this.refresh(); }
    },
    toggleRuledOut: function (code, button) {
      var row = this.rows[code];
      var out = !row.classList.contains("ruled-out");
      if (out && this.ranking().length <= 1) {
        this.announce("At least one option must stay in.");
        this.flash("At least one option must stay in.");
        return;
      }
      this.placeIn(code, out);
      if (out) {
        this.input(code).value = this.allocate ? "0" : "";
        this.outList.appendChild(row);
        this.announce(code + " is ruled out (X): it gets no points and is not ranked.");
      } else {
        this.input(code).value = this.allocate ? "0" : "";
        this.list.appendChild(row);
        this.announce(code + " is back in, at the bottom of the ranking.");
      }
      this.clearFieldProblem(row);
      this.changed({ op: out ? "rule_out" : "bring_back", option: code });
      if (button) { button.focus(); }   // after changed(): the ruled-out list is shown by then
    },
    changed: function (op) {
      this.refresh();
      this.on.change(op);
    },

    // ---- showing the state
    refresh: function () {
      var self = this;
      var state = this.state();
      var result = BallotRules.check(this.settings, state);
      var order = state.ranking;
      order.forEach(function (code, index) {
        var row = self.rows[code];
        var rank = row.querySelector(".rank");
        if (rank) { rank.textContent = BallotRules.ordinal(index + 1); }
        var up = row.querySelector(".move-up"), down = row.querySelector(".move-down");
        if (up) { up.setAttribute("aria-disabled", index === 0 ? "true" : "false"); }
        if (down) { down.setAttribute("aria-disabled", index === order.length - 1 ? "true" : "false"); }
        var entry = state.entries[code];
        var input = self.input(code);
        if (entry.problem) { self.setFieldProblem(row, entry.problem, true); }
        else if (input.getAttribute("data-local-problem")) { self.clearFieldProblem(row); }
      });
      if (this.outGroup) { this.outGroup.hidden = state.ruledOut.length === 0; }
      // Points left (or scores given): always visible, beside Submit.
      var strong = document.createElement("strong");
      if (this.allocate) {
        strong.textContent = String(result.left);
        this.pointsLeft.textContent = "Points left: ";
        this.pointsLeft.appendChild(strong);
        if (result.left < 0) { this.pointsLeft.appendChild(document.createTextNode(" (" + plural(-result.left, "point", "points") + " too many)")); }
        this.pointsLeft.className = "points-left" + (result.left === 0 ? " done" : (result.left < 0 ? " over" : ""));
      } else {
        strong.textContent = result.given + " of " + result.count;
        this.pointsLeft.textContent = "Scores given: ";
        this.pointsLeft.appendChild(strong);
        this.pointsLeft.className = "points-left" + (result.given === result.count ? " done" : "");
      }
      this.submitButton.disabled = !result.ready;
      this.submitHint.textContent = result.ready ? "" : result.reason;
      this.submitHint.hidden = result.ready;
      // A warning, not a block.
      var warning = result.warnings.length
        ? (this.allocate ? "Check the points: " : "Check the scores: ") + result.warnings.join(" ") + " You can still submit."
        : "";
      if (this.warning.textContent !== warning) { this.warning.textContent = warning; }
      this.warning.hidden = !warning;
      return result;
    },
    announce: function (text) {
      var moved = this.moved;
      moved.textContent = "";
      window.setTimeout(function () { moved.textContent = text; }, 50);
    },
    flash: function (text) {
      var hint = this.submitHint;
      hint.textContent = text;
      hint.hidden = false;
    },
    setFieldProblem: function (row, message, local) {
      var p = row.querySelector(".field-problem");
      var input = row.querySelector(".points");
      p.textContent = message;
      p.hidden = false;
      input.setAttribute("aria-invalid", "true");
      if (local) { input.setAttribute("data-local-problem", "1"); } else { input.removeAttribute("data-local-problem"); }
      row.classList.add("has-problem");
    },
    clearFieldProblem: function (row) {
      if (!row) { return; }
      var p = row.querySelector(".field-problem");
      var input = row.querySelector(".points");
      p.textContent = "";
      p.hidden = true;
      input.removeAttribute("aria-invalid");
      input.removeAttribute("data-local-problem");
      row.classList.remove("has-problem");
    },
    // Problems from the server (or the phone's own check): each next to its field, and all of them at the top.
    showProblems: function (heading, problems, extra) {
      var self = this;
      var box = this.problemsBox;
      box.textContent = "";
      var title = document.createElement("p");
      title.className = "problems-title";
      title.textContent = heading || "Not saved.";
      box.appendChild(title);
      if (problems && problems.length) {
        var ul = document.createElement("ul");
        problems.forEach(function (problem) {
          var li = document.createElement("li");
          li.textContent = self.describe(problem);
          ul.appendChild(li);
          var match = /^points\.(.+)$/.exec(problem.field || "");
          if (match && self.rows[match[1]]) {
            self.setFieldProblem(self.rows[match[1]], self.describe(problem), false);
          } else if (/^(ranking|ruled_out|points)/.test(problem.field || "")) {
            self.listProblem.textContent = self.describe(problem);
            self.listProblem.hidden = false;
          }
        });
        box.appendChild(ul);
      }
      if (extra) { box.appendChild(extra); }
      box.hidden = false;
    },
    describe: function (problem) {
      var field = problem.field || "";
      var message = problem.message || "";
      var match = /^points\.(.+)$/.exec(field);
      if (match) { return (this.allocate ? "Points for " : "Score for ") + match[1] + ": " + message + "."; }
      if (/^ranking/.test(field)) { return "Ranking: " + message + "."; }
      if (/^ruled_out/.test(field)) { return "Ruled out: " + message + "."; }
      if (field === "points") { return (this.allocate ? "Points: " : "Scores: ") + message + "."; }
      if (field === "notes") { return "Notes " + message + "."; }
      return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : ".");
    },
    clearProblems: function () {
      var self = this;
      this.problemsBox.textContent = "";
      this.problemsBox.hidden = true;
      this.listProblem.textContent = "";
      this.listProblem.hidden = true;
      this.options.forEach(function (code) {
        var input = self.input(code);
        if (!input.getAttribute("data-local-problem")) { self.clearFieldProblem(self.rows[code]); }
      });
    },
    setStatus: function (text, kind) {
      if (this.saveStatus.textContent !== text) { this.saveStatus.textContent = text; }
      this.saveStatus.className = "save-status" + (kind ? " " + kind : "");
    },
    show: function (visible) { this.form.hidden = !visible; }
  };

  // Whether a value shown in the editor is the same answer as a stored ballot.
  BallotEditor.sameAnswer = function (settings, a, b) {
    if (!a || !b) { return false; }
    var outA = (a.ruled_out || []).slice().sort().join(" "), outB = (b.ruled_out || []).slice().sort().join(" ");
    if (outA !== outB) { return false; }
    if (settings.rank_first && (a.ranking || []).join(" ") !== (b.ranking || []).join(" ")) { return false; }
    var keys = {};
    Object.keys(a.points || {}).concat(Object.keys(b.points || {})).forEach(function (k) { keys[k] = true; });
    return Object.keys(keys).every(function (k) {
      if ((a.ruled_out || []).indexOf(k) >= 0) { return true; }
      var x = (a.points || {})[k], y = (b.points || {})[k];
      if (settings.mode === "allocate") { x = x || 0; y = y || 0; }
      return x === y;
    });
  };

  window.BallotRules = BallotRules;
  window.BallotEditor = BallotEditor;
})();
