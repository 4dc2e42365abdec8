// Fitting a projector view to the screen: the largest type (a share of the screen's height, so a view reads the
// same at 1280×720 and at 4K) at which nothing overflows, and pages where even the smallest legible type cannot
// hold everything. Rows views (criteria, tables, options, themes) are split into near-equal pages; the risk
// wall and what would help are packed page by page. Measured in the real stage, in one task, so nothing flickers.
(function () {
  "use strict";
  var V = window.ProjectorViews;
  // The view's base type as a share of the screen's height (vh). At 1080p 2.3vh is 24.8 px (numbers are 1em or
  // more) and the smallest text in a view (0.8em) is 19.9 px, so a page never goes below 18 px.
  var LIMITS = {rows: [2.3, 5.5], flow: [2.6, 4.4], fixed: [2.3, 6.5]};

  function px(vh) { return Math.round(vh * window.innerHeight / 100); }
  function fits(section) {
    return section.scrollHeight <= section.clientHeight + 1 && section.scrollWidth <= section.clientWidth + 1;
  }
  function mount(stage, name, ctx, units, info) {
    var section = V.section(name, ctx, units, info), old = stage.querySelector("section.view");
    if (old) { stage.replaceChild(section, old); } else { stage.insertBefore(section, stage.firstChild); }
    return section;
  }
  // The largest whole-pixel size in [low, high] at which the section fits, or 0 when even `low` overflows.
  function largest(section, low, high) {
    section.style.fontSize = low + "px";
    if (!fits(section)) { return 0; }
    while (high - low > 1) {
      var mid = Math.floor((low + high) / 2);
      section.style.fontSize = mid + "px";
      if (fits(section)) { low = mid; } else { high = mid; }
    }
    section.style.fontSize = high + "px";
    if (fits(section)) { low = high; }
    section.style.fontSize = low + "px";
    return low;
  }
  // n units in `count` near-equal consecutive pages.
  function split(list, count) {
    var pages = [], start = 0;
    for (var i = 0; i < count; i++) {
      var size = Math.floor(list.length / count) + (i < list.length % count ? 1 : 0);
      pages.push(list.slice(start, start + size));
      start += size;
    }
    return pages;
  }

  function planRows(stage, name, ctx, units) {
    var low = px(LIMITS.rows[0]), high = px(LIMITS.rows[1]);
    // When even one unit overflows (too wide: paging cannot help), show everything on one page at the smallest size.
    if (!largest(mount(stage, name, ctx, units.slice(0, 1), {index: 0, pages: units.length}), low, low)) {
      return {pages: [units], font: low};
    }
    for (var count = 1; count <= units.length; count++) {
      var pages = split(units, count), font = high, ok = true;
      for (var i = 0; i < pages.length && ok; i++) {
        var size = largest(mount(stage, name, ctx, pages[i], {index: i, pages: count}), low, high);
        ok = size > 0;
        font = Math.min(font, size);
      }
      if (ok) { return {pages: pages, font: font}; }
    }
    return {pages: split(units, units.length), font: low};
  }

  function planFlow(stage, name, ctx, units) {
    var low = px(LIMITS.flow[0]), high = px(LIMITS.flow[1]);
    var one = largest(mount(stage, name, ctx, units, {index: 0, pages: 1}), low, high);
    if (one > 0 || units.length <= 1) { return {pages: [units], font: one || low}; }
    var pages = [], start = 0;
    function fitsFrom(count) {
      var section = mount(stage, name, ctx, units.slice(start, start + count), {index: pages.length, pages: 2});
      section.style.fontSize = low + "px";
      return fits(section);
    }
    while (start < units.length) {
      // The most answers from `start` that fit: binary search (adding answers only ever adds height).
      var good = 1, bad = units.length - start + 1;
      if (fitsFrom(bad - 1)) { good = bad - 1; }
      else {
        while (bad - good > 1) {
          var mid = Math.floor((good + bad) / 2);
          if (fitsFrom(mid)) { good = mid; } else { bad = mid; }
        }
      }
      pages.push(units.slice(start, start + good));
      start += good;
    }
    return {pages: pages, font: low};
  }

  // How a view is shown on this screen: its pages (each a list of units, or [null] for a view that never pages)
  // and the one font size every page uses. Leaves the stage holding the view's first page.
  function plan(stage, name, ctx) {
    var units = V.units(name, ctx);
    if (!units || units.length <= 1) {
      var section = mount(stage, name, ctx, units || undefined, {index: 0, pages: 1});
      return {pages: [units || undefined], font: largest(section, px(LIMITS.fixed[0]), px(LIMITS.fixed[1])) || px(LIMITS.fixed[0])};
    }
    return V.FLOW[name] ? planFlow(stage, name, ctx, units) : planRows(stage, name, ctx, units);
  }

  // Show one page of a planned view.
  function show(stage, name, ctx, planned, index) {
    var section = mount(stage, name, ctx, planned.pages[index], {index: index, pages: planned.pages.length});
    section.style.fontSize = planned.font + "px";
    return section;
  }

  // "criteria 1–4 of 8 · page 1 of 2", or "page 2 of 3" for the risk wall, or "" for a view on one page.
  function label(name, ctx, planned, index) {
    var count = planned.pages.length;
    if (count < 2) { return ""; }
    var word = V.UNIT_WORDS[name], pageWords = "page " + (index + 1) + " of " + count;
    if (!word) { return pageWords; }
    var first = 1;
    for (var i = 0; i < index; i++) { first += planned.pages[i].length; }
    var last = first + planned.pages[index].length - 1, total = first - 1;
    for (var j = index; j < count; j++) { total += planned.pages[j].length; }
    return (first === last ? word[0] + " " + first : word[1] + " " + first + "–" + last) + " of " + total + " · " + pageWords;
  }

  window.ProjectorFit = {plan: plan, show: show, label: label, fits: fits};
}());
