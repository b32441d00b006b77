/* kutip: the text selected in the article as code point offsets into the service's text.
 *
 * Each paragraph <p data-start> begins at a known UTF-16 offset; within it, the offset of a
 * point is the length of the article text before it, leaving out what the page added (chips and
 * screen reader notes, marked data-extra).
 */
window.kutipSelection = (function () {
  "use strict";

  function isExtra(node) {
    var parent = node.parentElement;
    return Boolean(parent && parent.closest("[data-extra]"));
  }

  /* UTF-16 offset of the point (node, offset) inside paragraph p, or null. */
  function pointIn(p, node, offset) {
    var before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(node, offset);
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    var length = 0;
    while (walker.nextNode()) {
      var text = walker.currentNode;
      if (isExtra(text)) continue;
      if (text === node) return length + offset;
      if (before.comparePoint(text, text.length) !== 0) break; // past the point
      length += text.length;
    }
    return length;
  }

  function paragraphOf(container, node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    var p = element && element.closest("p[data-start]");
    return p && container.contains(p) ? p : null;
  }

  /* [start, end] in code points of the selection inside `container`, or null. */
  function offsets(container, text) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var first = paragraphOf(container, range.startContainer);
    var last = paragraphOf(container, range.endContainer);
    if (!first || !last) return null;
    var start = Number(first.getAttribute("data-start")) +
      pointIn(first, range.startContainer, range.startOffset);
    var end = Number(last.getAttribute("data-start")) +
      pointIn(last, range.endContainer, range.endOffset);
    if (end <= start) return null;
    var toCodePoints = window.kutipArticle.unitsToCodePoints;
    return [toCodePoints(text, start), toCodePoints(text, end)];
  }

  return { offsets: offsets };
})();
