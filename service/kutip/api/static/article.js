/* kutip: where the marks go in an article. Pure functions: no DOM, no page state.
 *
 * A quote is {start, end, index} in UTF-16 units. Within one paragraph, operations() says where
 * marks open and close so that they nest properly (a quote that crosses another is split), and
 * withChips() adds, after each quote's last part, the place of its chip (speaker and type);
 * a mark flagged `warning` (an unread quotation mark) gets none.
 */
window.kutipArticle = (function () {
  "use strict";

  /* ---- offsets: the engine counts code points, JavaScript strings count UTF-16 units --- */
  function codePointIndex(text) {
    var units = [];
    var i = 0;
    for (var ch of text) { units.push(i); i += ch.length; }
    units.push(i);
    return units;
  }

  /* The code point offset of `units` UTF-16 units into text (a selection, an indexOf). */
  function unitsToCodePoints(text, units) {
    return Array.from(text.slice(0, units)).length;
  }

  /* ---- nested marks within one paragraph ------------------------------------------------ */
  function operations(begin, end, marks) {
    var inside = marks.filter(function (m) { return m.start < end && m.end > begin; });
    var points = [begin, end];
    inside.forEach(function (m) {
      [m.start, m.end].forEach(function (p) { if (p > begin && p < end) points.push(p); });
    });
    points = Array.from(new Set(points)).sort(function (a, b) { return a - b; });
    var ops = [];
    var stack = [];
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i];
      var b = points[i + 1];
      var active = inside.filter(function (m) { return m.start <= a && m.end >= b; });
      active.sort(function (x, y) { return x.start - y.start || y.end - x.end || x.index - y.index; });
      var keep = 0;
      while (keep < stack.length && keep < active.length && stack[keep] === active[keep]) keep++;
      stack.slice(keep).reverse().forEach(function (m) { ops.push({ at: a, close: true, mark: m }); });
      active.slice(keep).forEach(function (m) { ops.push({ at: a, close: false, mark: m }); });
      stack = active;
    }
    stack.slice().reverse().forEach(function (m) { ops.push({ at: end, close: true, mark: m }); });
    return ops;
  }

  /* A quote's chip (speaker and type) follows its closing quotation marks, not the words. */
  var CLOSING = "”’\"'»›";

  function withChips(ops, text, begin, end) {
    var chips = [];
    ops.forEach(function (op) {
      if (!op.close || op.mark.end !== op.at || op.mark.warning) return;
      var at = op.at;
      while (at < end && CLOSING.indexOf(text[at]) >= 0) at++;
      chips.push({ at: at, chip: true, mark: op.mark });
    });
    var rank = function (op) { return op.chip ? 1 : op.close ? 0 : 2; };
    return ops.concat(chips).map(function (op, i) { return { op: op, i: i }; })
      .sort(function (x, y) { return x.op.at - y.op.at || rank(x.op) - rank(y.op) || x.i - y.i; })
      .map(function (entry) { return entry.op; });
  }


  /* The paragraphs of a text: [begin, end) of each line holding more than white space. */
  function paragraphs(text) {
    var found = [];
    var line = /[^\n\r\u2028\u2029]+/g;
    var match;
    while ((match = line.exec(text)) !== null) {
      if (match[0].trim()) found.push([match.index, match.index + match[0].length]);
    }
    return found;
  }

  return {
    codePointIndex: codePointIndex,
    operations: operations,
    paragraphs: paragraphs,
    unitsToCodePoints: unitsToCodePoints,
    withChips: withChips,
  };
})();
