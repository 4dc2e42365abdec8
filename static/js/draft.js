// The shared draft's rules on the phone, the same as the server's (facilitation/domain/draft.py): a phone shows its
// own changes at once and, when the table's draft comes back from the server, puts the ones still on their way back
// on top of it. Plain ES5, no build step: window.DraftOps (module.exports under node, for the tests).
(function (root) {
  "use strict";

  function isWhole(n) { return typeof n === "number" && isFinite(n) && Math.floor(n) === n; }
  function has(list, code) { return list.indexOf(code) >= 0; }
  function isList(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function isMap(v) { return v !== null && typeof v === "object" && !isList(v); }

  var DraftOps = {
    // settings: the event's scoring settings; options: the short list, in file order.
    rules: function (settings, options) {
      var allocate = settings.mode === "allocate";
      var budget = settings.budget === undefined ? 10 : settings.budget;
      return {
        shortlist: options.slice(), allocate: allocate, budget: budget, rankFirst: !!settings.rank_first,
        allowRuleOut: !!settings.allow_rule_out, high: allocate ? budget : 10, empty: allocate ? 0 : null
      };
    },

    // The draft as every phone shows it: ruled-out options in short-list order, every other one ranked once, a number each.
    normalise: function (content, rules) {
      content = isMap(content) ? content : {};
      var givenOut = isList(content.ruled_out) ? content.ruled_out : [];
      var out = rules.allowRuleOut ? rules.shortlist.filter(function (c) { return has(givenOut, c); }) : [];
      if (out.length >= rules.shortlist.length) { out = []; }
      var ranking = [];
      (isList(content.ranking) ? content.ranking : []).forEach(function (code) {
        if (has(rules.shortlist, code) && !has(out, code) && !has(ranking, code)) { ranking.push(code); }
      });
      rules.shortlist.forEach(function (code) {
        if (!has(out, code) && !has(ranking, code)) { ranking.push(code); }
      });
      var given = isMap(content.points) ? content.points : {};
      var points = {};
      ranking.forEach(function (code) {
        var value = Object.prototype.hasOwnProperty.call(given, code) ? given[code] : null;
        points[code] = isWhole(value) && value >= 0 && value <= rules.high ? value : rules.empty;
      });
      return { ranking: ranking, points: points, ruled_out: out };
    },

    // What operations apply to: the table's draft, or before it has one, its current ballot (or nothing).
    base: function (stored, ballot, rules) {
      return DraftOps.normalise(stored ? stored : ballot, rules);
    },

    // {draft, refusal}: the draft after one operation (the draft given is not changed), or why it is refused.
    apply: function (draft, op, rules) {
      try { return { draft: applyOne(draft, op, rules), refusal: null }; }
      catch (e) { if (e && e.refusal) { return { draft: draft, refusal: e.refusal }; } throw e; }
    },

    // The draft after operations in order; refused ones change nothing.
    applyAll: function (draft, ops, rules) {
      (ops || []).forEach(function (op) { draft = DraftOps.apply(draft, op, rules).draft; });
      return draft;
    },

    // Whether two drafts show the same thing.
    same: function (a, b, rules) {
      var x = DraftOps.normalise(a, rules), y = DraftOps.normalise(b, rules);
      return JSON.stringify([x.ranking, x.ruled_out, x.ranking.map(function (c) { return x.points[c]; })]) ===
        JSON.stringify([y.ranking, y.ruled_out, y.ranking.map(function (c) { return y.points[c]; })]);
    }
  };

  function Refused(text) { this.refusal = text; }

  function total(points) {
    var sum = 0;
    Object.keys(points).forEach(function (c) { if (points[c] !== null) { sum += points[c]; } });
    return sum;
  }

  function rangeWords(code, rules) {
    return (rules.allocate ? 'the points for "' : 'the score for "') + code + '" must be a whole number from 0 to ' + rules.high;
  }

  function applyOne(draft, op, rules) {
    if (op.op === "set_draft") { return setDraft(op.draft, rules); }
    var code = op.option;
    if (!has(rules.shortlist, code)) { throw new Refused('"' + code + '" is not an option on the short list'); }
    var ranking = draft.ranking.slice(), out = draft.ruled_out.slice(), points = {};
    Object.keys(draft.points).forEach(function (c) { points[c] = draft.points[c]; });
    if (op.op === "rule_out") {
      if (!rules.allowRuleOut) { throw new Refused("this event does not let tables rule options out"); }
      if (!has(out, code)) {
        if (ranking.length <= 1) { throw new Refused("at least one option must stay in"); }
        ranking.splice(ranking.indexOf(code), 1);
        delete points[code];
        out = rules.shortlist.filter(function (c) { return has(out, c) || c === code; });
      }
    } else if (op.op === "bring_back") {
      if (has(out, code)) {
        out.splice(out.indexOf(code), 1);
        ranking.push(code);
        points[code] = rules.empty;
      }
    } else if (has(out, code)) {
      throw new Refused('"' + code + '" is ruled out; bring it back first');
    } else if (op.op === "move") {
      if (!rules.rankFirst) { throw new Refused("this event does not rank options"); }
      ranking.splice(ranking.indexOf(code), 1);
      ranking.splice(Math.min(op.to_index, ranking.length), 0, code);
    } else if (op.op === "set_points") {
      if (op.value !== null && !(op.value >= 0 && op.value <= rules.high)) { throw new Refused(rangeWords(code, rules)); }
      points[code] = op.value === null ? rules.empty : op.value;
    } else if (op.op === "add_points") {
      points[code] = added(code, points[code] || 0, op.delta, points, rules);
    } else {
      throw new Refused("there is no such change as '" + op.op + "'");
    }
    return { ranking: ranking, points: points, ruled_out: out };
  }

  function added(code, current, delta, points, rules) {
    if (delta > 0) {
      var room = rules.high - current;
      if (rules.allocate) { room = Math.min(room, rules.budget - total(points)); }
      if (room <= 0) {
        throw new Refused(rules.allocate ? "no points left to give; take some from another option first"
          : '"' + code + '" already has the top score, ' + rules.high);
      }
      return current + Math.min(delta, room);
    }
    if (current <= 0) {
      throw new Refused(rules.allocate ? '"' + code + '" has no points to take away' : '"' + code + '" has no score to lower');
    }
    return Math.max(0, current + delta);
  }

  function setDraft(content, rules) {
    if (!isMap(content)) { throw new Refused("the draft must be an object with ranking, points and ruled_out"); }
    var outs = isList(content.ruled_out) ? content.ruled_out : [];
    if (outs.length && !rules.allowRuleOut) { throw new Refused("this event does not let tables rule options out"); }
    if (rules.shortlist.every(function (c) { return has(outs, c); })) { throw new Refused("at least one option must stay in"); }
    var points = isMap(content.points) ? content.points : {};
    rules.shortlist.forEach(function (c) {   // in short-list order, as the server checks them
      var v = Object.prototype.hasOwnProperty.call(points, c) ? points[c] : null;
      if (v !== null && !(v >= 0 && v <= rules.high) && !has(outs, c)) { throw new Refused(rangeWords(c, rules)); }
    });
    return DraftOps.normalise(content, rules);
  }

  if (typeof module !== "undefined" && module.exports) { module.exports = DraftOps; }
  else { root.DraftOps = DraftOps; }
})(this);
