// The one renderer of every results view, for the projector and the control room: DOM built with textContent
// only (never innerHTML), sized in em so that static/js/projector_fit.js can scale a whole view by one font size.
// Each view draws from `ctx` = {results, confidence, criteria, voting, display, source, join, qr} and, for a
// paged view, the page's `units` (criteria, tables, options, themes or answer groups).
(function () {
  "use strict";
  var TITLES = {
    totals: "Total points per option", matrix: "Scores by criterion and table",
    highest: "Which option each table rated highest", progress: "Ballots submitted",
    top3: "The three highest-scoring options", families: "Option families", confidence: "Confidence by theme", risks: "Risks by theme",
    would_help: "What would raise confidence", theme_help: "What would help, by theme", join: "How to join"
  };
  // What a page of each paged view holds, for "criteria 1–4 of 8"; the risk wall and what would help say "page 1 of 3".
  var UNIT_WORDS = {matrix: ["criterion", "criteria"], highest: ["criterion", "criteria"], progress: ["table", "tables"],
    totals: ["option", "options"], families: ["row", "rows"], confidence: ["theme", "themes"]};
  var FLOW = {risks: true, would_help: true, theme_help: true};
  var SCALE = [["much_less", "Much less confident"], ["less", "Less confident"], ["same", "No more or less confident"],
    ["more", "More confident"], ["much_more", "Much more confident"]];
  var SOURCE_NOTES = {room: "Answers from the room only", survey: "Answers from the survey only"};
  var VOTING_SHORT = {waiting: "not open", open: "open", closed: "closed"};

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
      if (children[i] === null || children[i] === undefined) { continue; }
      node.appendChild(typeof children[i] === "string" ? document.createTextNode(children[i]) : children[i]);
    }
    return node;
  }
  function num(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value !== "number") { return String(value); }
    return value === Math.round(value) ? String(value) : value.toFixed(1);
  }
  function plural(n, word, words) { return n + " " + (n === 1 ? word : (words || word + "s")); }
  function pct(n, total) { return total ? Math.round(100 * n / total) : 0; }
  function hiddenText(text) { return el("span", {className: "visually-hidden", text: text}); }
  function bar(share, className) {
    var fill = el("span", {className: "bar-fill"});
    fill.style.width = Math.max(0, Math.min(100, share)) + "%";
    return el("span", {className: "bar-track" + (className ? " " + className : ""), "aria-hidden": "true"}, [fill]);
  }
  // The address may break only before a slash, never inside a word or a number.
  function address(text) {
    var parts = String(text).split("/"), nodes = [];
    parts.forEach(function (part, i) { if (i) { nodes.push(el("wbr")); nodes.push("/"); } nodes.push(part); });
    return nodes;
  }

  // ------------------------------------------------------------------ reading the data

  function optionTitle(ctx, code) {
    var options = ctx.results.options;
    for (var i = 0; i < options.length; i++) { if (options[i].code === code) { return options[i].title; } }
    return "";
  }
  function isStrongest(ctx, code) { return (ctx.results.strongest || []).indexOf(code) >= 0; }
  // What the ranking is by (domain/scoring.py basis): "Total points", "Weighted points per table"…
  function basisLabel(ctx) { return (ctx.results.basis || {}).label || "Total points"; }
  function lower(text) { return text.charAt(0).toLowerCase() + text.slice(1); }
  // The heading of a view; the totals say what they are totals of.
  function title(name, ctx) {
    if (name === "totals" && ctx && ctx.results) { return basisLabel(ctx) + " per option"; }
    return TITLES[name];
  }
  function scoreOf(row) { return row.score !== undefined ? row.score : row.total; }
  function criterionTitle(ctx, code) {
    var rows = ctx.results.matrix;
    for (var i = 0; i < rows.length; i++) { if (rows[i].criterion === code) { return rows[i].working_title; } }
    return code;
  }
  function rowsOf(ctx, criterion) { return ctx.results.matrix.filter(function (r) { return r.criterion === criterion; }); }
  function findRow(ctx, criterion, table) {
    var rows = ctx.results.matrix;
    for (var i = 0; i < rows.length; i++) { if (rows[i].criterion === criterion && rows[i].table === table) { return rows[i]; } }
    return null;
  }
  function tableNumbers(ctx) {
    var seen = {}, list = [];
    ctx.results.matrix.forEach(function (row) { if (!seen[row.table]) { seen[row.table] = true; list.push(row.table); } });
    return list.sort(function (a, b) { return a - b; });
  }
  function countFor(ctx, group) {
    if (ctx.source === "all") { return group.count; }
    return (group.sources && group.sources[ctx.source]) || 0;
  }
  // Identical answers (ignoring case, spacing and a full stop) in one row, most common first: the moderation
  // helper's `groups` when the summary has them, else grouped here from the answers themselves.
  function groupTexts(items) {
    var byKey = {}, groups = [];
    items.forEach(function (item) {
      if (item.hidden) { return; }
      var key = String(item.text).toLowerCase().replace(/\s+/g, " ").replace(/[.!\s]+$/, "").trim();
      var group = byKey[key];
      if (!group) { group = byKey[key] = {text: item.text, count: 0, sources: {room: 0, survey: 0}}; groups.push(group); }
      group.count += 1;
      group.sources[item.source === "survey" ? "survey" : "room"] += 1;
    });
    return groups.map(function (g, i) { return {g: g, i: i}; })
      .sort(function (a, b) { return b.g.count - a.g.count || a.i - b.i; }).map(function (x) { return x.g; });
  }
  function visibleGroups(ctx, groups) {
    return groups.filter(function (g) { return !g.hidden && countFor(ctx, g) > 0; });
  }
  function riskEntries(ctx) {
    var entries = [];
    ctx.confidence.themes.forEach(function (theme) {
      var groups = visibleGroups(ctx, theme.groups || groupTexts(theme.risks || []));
      var total = 0;
      groups.forEach(function (g) { total += countFor(ctx, g); });
      groups.forEach(function (g, i) { entries.push({theme: theme, total: total, group: g, first: i === 0}); });
    });
    return entries;
  }
  // Per theme: the organisers' response (when written), then what would help for it; then what would help in general.
  function themeHelpEntries(ctx) {
    var entries = [];
    ctx.confidence.themes.forEach(function (theme) {
      if (theme.theme === "other") { return; }
      var groups = visibleGroups(ctx, theme.would_help_groups || groupTexts(theme.would_help || []));
      if (theme.response) { entries.push({theme: theme, response: theme.response, first: true}); }
      groups.forEach(function (g, i) { entries.push({theme: theme, group: g, first: !theme.response && i === 0}); });
    });
    var general = {name: "In general", general: true};
    visibleGroups(ctx, ctx.confidence.general_help_groups || groupTexts(ctx.confidence.general_help || [])).forEach(function (g, i) {
      entries.push({theme: general, group: g, first: i === 0});
    });
    return entries;
  }
  function helpEntries(ctx) {
    var groups = ctx.confidence.would_help_groups || groupTexts(ctx.confidence.would_help || []);
    return visibleGroups(ctx, groups).map(function (g) { return {group: g}; });
  }

  // ------------------------------------------------------------------ small pieces

  // "Strongest option by total points: 4b …", the other rule's strongest beside it when it differs, and the margin.
  function strongestLine(ctx) {
    var s = ctx.results.strongest || [], by = " by " + lower(basisLabel(ctx)), nodes;
    if (s.length === 1) {
      nodes = ["Strongest option" + by + ": ", el("span", {className: "code", text: s[0]}), " ", el("strong", {text: optionTitle(ctx, s[0])})];
    } else if (s.length > 1) {
      nodes = ["Strongest options" + by + " (tied): ", el("strong", {text: s.join(", ")})];
    } else {
      return el("p", {className: "strongest-line", text: "No ballots yet."});
    }
    var other = ctx.results.other;
    if (other && other.strongest && other.strongest.length && other.strongest.join() !== s.join()) {
      nodes.push(el("span", {className: "other-rule", text: " · by " + lower(other.label) + ": " + other.strongest.join(", ")}));
    }
    return el("p", {className: "strongest-line"}, nodes);
  }
  function marginLine(ctx) {
    var m = ctx.results.margin;
    return m && m.text ? el("p", {className: "margin-line", text: m.text}) : null;
  }
  function optionName(ctx, code) {
    var nodes = [el("span", {className: "code", text: code}), " " + optionTitle(ctx, code)];
    if (isStrongest(ctx, code)) { nodes.push(" "); nodes.push(el("span", {className: "badge", text: "Strongest"})); }
    return nodes;
  }
  // "survey" on a row only the survey sent; a row from the room, or from both, has no tag (its ×N counts both).
  function sourceTag(ctx, group) {
    if (ctx.source !== "all" || !group.sources || !group.sources.survey || group.sources.survey !== group.count) { return null; }
    return el("span", {className: "source-tag", text: "survey"});
  }
  // The count comes first, so a long answer cut short never hides it.
  function answerItem(ctx, group) {
    var n = countFor(ctx, group), tag = sourceTag(ctx, group);
    return el("li", {}, [n > 1 ? el("span", {className: "times", text: "×" + n}) : null,
      n > 1 ? hiddenText(" (" + plural(n, "person", "people") + ") ") : null, tag, tag ? " " : null,
      el("span", {className: "answer-text", text: group.text})]);
  }

  // ------------------------------------------------------------------ the views

  var views = {
    totals: function (ctx, units) {
      var rows = units || ctx.results.totals, top = 0, label = basisLabel(ctx);
      ctx.results.totals.forEach(function (r) { top = Math.max(top, scoreOf(r) || 0); });
      var tbody = el("tbody");
      rows.forEach(function (row) {
        tbody.appendChild(el("tr", {className: isStrongest(ctx, row.code) ? "is-strongest" : null}, [
          el("th", {scope: "row"}, optionName(ctx, row.code)),
          el("td", {className: "points"}, [el("span", {className: "bar-line"}, [bar(top ? 100 * scoreOf(row) / top : 0),
            el("span", {className: "num", text: num(scoreOf(row))})])])]));
      });
      return [strongestLine(ctx), marginLine(ctx), el("table", {className: "figures bars"}, [
        el("caption", {className: "visually-hidden", text: label + " per option, highest first"}),
        el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "Option"}), el("th", {scope: "col", className: "num", text: label})])]),
        tbody])];
    },
    families: function (ctx, units) {
      var rows = units || ctx.results.families || [], top = 0, label = basisLabel(ctx);
      if (!(ctx.results.families || []).length) { return [el("p", {className: "empty", text: "No option in this event belongs to a family."})]; }
      ctx.results.families.forEach(function (r) { top = Math.max(top, r.score || 0); });
      var tbody = el("tbody");
      rows.forEach(function (row) {
        var strongest = row.codes.some(function (code) { return isStrongest(ctx, code); });
        var name = row.kind === "family"
          ? [el("strong", {text: row.name}), " ", el("span", {className: "family-codes", text: "(" + row.codes.join(" + ") + ")"})]
          : optionName(ctx, row.codes[0]);
        tbody.appendChild(el("tr", {className: strongest ? "is-strongest" : null}, [
          el("th", {scope: "row"}, name),
          el("td", {className: "points"}, [el("span", {className: "bar-line"}, [bar(top ? 100 * row.score / top : 0),
            el("span", {className: "num", text: num(row.score)})])])]));
      });
      return [el("p", {className: "families-note", text: "Options in one family added together; an option without a family stands alone."}),
        el("table", {className: "figures bars"}, [
          el("caption", {className: "visually-hidden", text: label + " per option family, highest first"}),
          el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "Family or option"}), el("th", {scope: "col", className: "num", text: label})])]),
          tbody])];
    },
    top3: function (ctx) {
      var rows = ctx.results.top_three || [], top = 0;
      if (!rows.length) { return [strongestLine(ctx)]; }
      rows.forEach(function (r) { top = Math.max(top, scoreOf(r) || 0); });
      var list = el("ol", {className: "podium"}), unit = lower((ctx.results.basis || {}).unit || "points");
      rows.forEach(function (row, i) {
        var fill = el("span", {className: "bar-fill", "aria-hidden": "true"});
        fill.style.height = (top ? Math.round(75 * scoreOf(row) / top) : 0) + "%";
        list.appendChild(el("li", {className: "place" + (isStrongest(ctx, row.code) ? " is-strongest" : "")}, [
          el("span", {className: "column"}, [el("span", {className: "num place-points", text: num(scoreOf(row))}), hiddenText(" " + unit), fill]),
          el("span", {className: "place-name"}, [el("span", {className: "place-number", text: ["1st", "2nd", "3rd"][i] || String(i + 1)}),
            " "].concat(optionName(ctx, row.code)))]));
      });
      return [strongestLine(ctx), marginLine(ctx), list];
    },
    matrix: function (ctx, units, info) {
      var codes = ctx.results.options.map(function (o) { return o.code; });
      var criteria = units || ctx.criteria;
      var head = el("tr", {}, [el("th", {scope: "col", text: "Criterion"}), el("th", {scope: "col", text: "Table"})]);
      codes.forEach(function (code) { head.appendChild(el("th", {scope: "col", className: "num"}, [el("abbr", {title: optionTitle(ctx, code), text: code})])); });
      head.appendChild(el("th", {scope: "col", className: "num", text: "Total"}));
      var table = el("table", {className: "matrix"}, [
        el("caption", {className: "visually-hidden", text: "Points each table gave each option, per criterion; X means ruled out"}),
        el("thead", {}, [head])]);
      criteria.forEach(function (criterion) {
        var rows = rowsOf(ctx, criterion), tbody = el("tbody");
        rows.forEach(function (row, i) {
          var tr = el("tr", {className: row.submitted ? "submitted" : "waiting"});
          if (i === 0) { tr.appendChild(el("th", {scope: "rowgroup", rowspan: String(rows.length), className: "criterion", text: row.working_title})); }
          tr.appendChild(el("th", {scope: "row", text: "Table " + row.table}));
          codes.forEach(function (code) {
            var value = row.cells[code];
            var td = el("td", {className: "num" + (value === "X" ? " ruled-out" : "") + ((row.highest || []).indexOf(code) >= 0 ? " top" : "")});
            if (value === null || value === undefined) { td.appendChild(el("span", {className: "pending", text: "·"})); td.appendChild(hiddenText("waiting")); }
            else { td.textContent = num(value); }
            tr.appendChild(td);
          });
          tr.appendChild(el("td", {className: "num total", text: row.submitted ? num(row.total) : ""}));
          tbody.appendChild(tr);
        });
        if (rows.length) { table.appendChild(tbody); }
      });
      var paged = info && info.pages > 1;
      var foot = el("tr", {}, [el("th", {scope: "row", colspan: "2", text: paged ? "Total, all criteria" : "Total"})]), sum = 0;
      codes.forEach(function (code) { sum += ctx.results.total_row[code] || 0; foot.appendChild(el("td", {className: "num", text: num(ctx.results.total_row[code])})); });
      foot.appendChild(el("td", {className: "num", text: num(sum)}));
      table.appendChild(el("tfoot", {}, [foot]));
      return [table];
    },
    highest: function (ctx, units) {
      var list = el("ul", {className: "highest-list"});
      (units || ctx.criteria).forEach(function (code) {
        var h = ctx.results.highest[code] || {tables: 0, submitted: 0, counts: {}};
        var li = el("li", {}, [el("span", {className: "criterion", text: criterionTitle(ctx, code)})]);
        var ordered = ctx.results.options.map(function (o) { return o.code; }).filter(function (c) { return h.counts[c]; });
        if (ordered.length) {
          var top = Math.max.apply(null, ordered.map(function (c) { return h.counts[c]; }));
          var lead = ordered.filter(function (c) { return h.counts[c] === top; });
          var rest = ordered.filter(function (c) { return h.counts[c] !== top; });
          li.appendChild(el("span", {className: "verdict"}, [el("strong", {text: lead.join(" and ")}),
            " highest at " + top + " of " + plural(h.tables, "table") + (lead.length > 1 ? " each" : "")]));
          if (rest.length) { li.appendChild(el("span", {className: "others", text: "then " + rest.map(function (c) { return c + " at " + h.counts[c]; }).join("; ")})); }
        } else {
          li.appendChild(el("span", {className: "verdict none", text: "No ballots yet"}));
        }
        if (h.submitted < h.tables) { li.appendChild(el("span", {className: "pending-note", text: h.submitted + " of " + h.tables + " tables in"})); }
        list.appendChild(li);
      });
      return [list];
    },
    progress: function (ctx, units) {
      var head = el("tr", {}, [el("th", {scope: "col", text: "Table"})]);
      ctx.criteria.forEach(function (code) {
        var state = ctx.voting[code] || "waiting";
        head.appendChild(el("th", {scope: "col"}, [criterionTitle(ctx, code),
          el("span", {className: "voting-state voting-" + state, text: VOTING_SHORT[state]})]));
      });
      var tbody = el("tbody");
      (units || tableNumbers(ctx)).forEach(function (number) {
        var tr = el("tr", {}, [el("th", {scope: "row", text: "Table " + number})]);
        ctx.criteria.forEach(function (code) {
          var row = findRow(ctx, code, number);
          if (!row) { tr.appendChild(el("td", {className: "not-scoring"}, [hiddenText("not scoring this")])); }
          else if (row.submitted) { tr.appendChild(el("td", {className: "done"}, [el("span", {"aria-hidden": "true", text: "✓"}), hiddenText("Submitted")])); }
          else { tr.appendChild(el("td", {className: "waiting", text: "waiting"})); }
        });
        tbody.appendChild(tr);
      });
      var p = ctx.results.progress;
      return [
        ctx.masked ? el("p", {className: "hidden-note", text: "Results will show when voting closes."}) : null,
        el("p", {className: "progress-line"}, [el("strong", {text: p.submitted + " of " + p.expected}), " ballots in"]),
        el("table", {className: "progress-grid"}, [
          el("caption", {className: "visually-hidden", text: "Which tables have submitted which criteria"}),
          el("thead", {}, [head]), tbody])];
    },
    confidence: function (ctx, units) {
      var c = ctx.confidence, steps = c.confidence[ctx.source], total = 0, top = 0, r = c.respondents;
      SCALE.forEach(function (s) { total += steps[s[0]]; top = Math.max(top, steps[s[0]]); });
      var chart = el("ol", {className: "scale-chart", "aria-label": "How many people gave each answer"});
      SCALE.forEach(function (s) {
        var n = steps[s[0]];
        chart.appendChild(el("li", {className: "step step-" + s[0]}, [el("span", {className: "step-label", text: s[1]}),
          bar(top ? 100 * n / top : 0), el("span", {className: "step-count"}, [el("strong", {text: String(n)}), " ", el("small", {text: "(" + pct(n, total) + "%)"})])]));
      });
      var answered = ctx.source === "all"
        ? el("p", {className: "answered"}, [el("strong", {text: String(r.all)}), (r.all === 1 ? " person" : " people") + " answered ",
          el("span", {className: "split", text: "(room " + r.room + " · survey " + r.survey + ")"})])
        : el("p", {className: "answered"}, [el("strong", {text: String(r[ctx.source])}),
          (r[ctx.source] === 1 ? " person" : " people") + " answered " + (ctx.source === "room" ? "in the room" : "by the survey")]);
      var question = c.about
        ? el("p", {className: "question"}, ["After today’s discussion, are you more or less confident than before that option ",
          el("span", {className: "code", text: c.about.code}), " ", el("strong", {text: c.about.title}), " is the best one?"])
        : el("p", {className: "question", text: "The confidence questions have not been asked yet."});
      var list = el("ul", {className: "theme-bars"});
      (units || c.themes).forEach(function (theme) {
        var n = ctx.source === "all" ? theme : theme.by_source[ctx.source], data = el("span", {className: "theme-data"});
        if (n.people) {
          var shares = el("span", {className: "share-bar", "aria-hidden": "true"});
          ["more", "same", "less"].forEach(function (part) {
            var seg = el("span", {className: part});
            seg.style.width = (100 * n[part] / n.people) + "%";
            shares.appendChild(seg);
          });
          data.appendChild(shares);
          data.appendChild(el("span", {className: "theme-figures"}, [el("strong", {text: String(n.people)}),
            (n.people === 1 ? " person" : " people") + ": " + n.more + " more (" + pct(n.more, n.people) + "%) · " +
            n.same + " neither (" + pct(n.same, n.people) + "%) · " + n.less + " less (" + pct(n.less, n.people) + "%)"]));
        } else {
          data.appendChild(el("span", {className: "theme-figures none", text: "Nobody has raised this yet"}));
        }
        list.appendChild(el("li", {}, [el("span", {className: "theme-name", text: theme.name}), data]));
      });
      return [sourceNote(ctx), el("div", {className: "confidence-layout"}, [
        el("div", {className: "confidence-overall"}, [question, answered, chart]),
        el("div", {className: "confidence-themes"}, [
          el("p", {className: "theme-key", "aria-hidden": "true"}, [el("span", {className: "key more"}), " more confident ",
            el("span", {className: "key same"}), " neither ", el("span", {className: "key less"}), " less confident"]),
          list])])];
    },
    risks: function (ctx, units) {
      var entries = units || riskEntries(ctx), wall = el("div", {className: "risk-wall"}), card = null, list = null, theme = null;
      entries.forEach(function (entry) {
        if (entry.theme !== theme) {
          theme = entry.theme;
          list = el("ul", {className: "risk-list"});
          card = el("div", {className: "risk-card"}, [el("h3", {className: "risk-theme"}, [theme.name + " ",
            el("span", {className: "risk-count", text: String(entry.total)}), hiddenText(entry.total === 1 ? " risk" : " risks"),
            entry.first ? null : el("span", {className: "continued", text: " (continued)"})]), list]);
          wall.appendChild(card);
        }
        list.appendChild(answerItem(ctx, entry.group));
      });
      return [sourceNote(ctx), entries.length ? wall : el("p", {className: "empty", text: "No risks raised yet."})];
    },
    would_help: function (ctx, units) {
      var entries = units || helpEntries(ctx), list = el("ul", {className: "help-list"});
      entries.forEach(function (entry) { list.appendChild(answerItem(ctx, entry.group)); });
      return [sourceNote(ctx), entries.length ? list : el("p", {className: "empty", text: "Nobody has said what would help yet."})];
    },
    theme_help: function (ctx, units) {
      var entries = units || themeHelpEntries(ctx), wall = el("div", {className: "risk-wall theme-help-wall"});
      var card = null, list = null, theme = null;
      entries.forEach(function (entry) {
        var item = entry.response ? el("li", {className: "theme-response"}, [
          el("span", {className: "response-label", text: "Organisers’ response: "}),
          el("span", {className: "answer-text", text: entry.response})]) : answerItem(ctx, entry.group);
        if (entry.theme !== theme) {
          theme = entry.theme;
          var shares = theme.general || !theme.people ? null : el("span", {className: "theme-shares",
            text: pct(theme.more, theme.people) + "% more · " + pct(theme.less, theme.people) + "% less confident"});
          // The heading and its first line stay together, so no column ends on a heading alone.
          card = el("div", {className: "risk-card"}, [el("div", {className: "card-head"}, [
            el("h3", {className: "risk-theme"}, [theme.name, entry.first ? null :
              el("span", {className: "continued", text: " (continued)"}), shares]),
            el("ul", {className: "risk-list"}, [item])])]);
          list = el("ul", {className: "risk-list"});
          card.appendChild(list);
          wall.appendChild(card);
          return;
        }
        list.appendChild(item);
      });
      return [sourceNote(ctx), entries.length ? wall :
        el("p", {className: "empty", text: "Nobody has said what would help yet, and no theme has a response yet."})];
    },
    join: function (ctx) {
      var qr = ctx.qr ? ctx.qr.cloneNode(true) : null;
      return [el("div", {className: "join-view"}, [el("div", {className: "join-big-qr"}, [qr]),
        el("div", {className: "join-words"}, [
          el("p", {className: "join-lead", text: "Scan the code with your phone’s camera, or go to"}),
          el("p", {className: "join-big-address"}, address(ctx.join.address)),
          el("p", {className: "join-lead", text: "and type the code printed on your table’s card."}),
          el("p", {className: "join-note", text: "Each table has its own code, so your phone joins your own table."})])])];
    }
  };
  function sourceNote(ctx) { return SOURCE_NOTES[ctx.source] ? el("p", {className: "source-note", text: SOURCE_NOTES[ctx.source]}) : null; }

  // What each paged view pages through; null for a view that never pages.
  function units(name, ctx) {
    if (name === "matrix" || name === "highest") { return ctx.criteria.filter(function (c) { return name === "highest" || rowsOf(ctx, c).length; }); }
    if (name === "progress") { return tableNumbers(ctx); }
    if (name === "totals") { return ctx.results.totals.slice(); }
    if (name === "families") { return (ctx.results.families || []).slice(); }
    if (name === "confidence") { return ctx.confidence.themes.slice(); }
    if (name === "risks") { return riskEntries(ctx); }
    if (name === "would_help") { return helpEntries(ctx); }
    if (name === "theme_help") { return themeHelpEntries(ctx); }
    return null;
  }

  // A view's section: the view's body for these units (all when units is undefined). info = {index, pages}.
  function section(name, ctx, pageUnits, info) {
    var nodes = (views[name] || views.totals)(ctx, pageUnits, info);
    return el("section", {className: "view view-" + name, "data-view": name}, nodes);
  }
  function fill(container, name, ctx) {
    var nodes = views[name](ctx);
    while (container.firstChild) { container.removeChild(container.firstChild); }
    nodes.forEach(function (n) { if (n) { container.appendChild(n); } });
  }
  function legend(ctx) {
    return ctx.results.options.map(function (o) { return el("span", {className: "legend-item"}, [el("span", {className: "code", text: o.code}), " " + o.title]); });
  }

  window.ProjectorViews = {el: el, TITLES: TITLES, title: title, UNIT_WORDS: UNIT_WORDS, FLOW: FLOW, units: units, section: section,
    fill: fill, legend: legend, address: address};
}());
