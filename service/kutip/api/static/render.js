/* kutip: the article with its quotes marked. Text goes in as text nodes only, never as HTML.
 *
 * Each quote is a <mark> in its speaker's colour followed by a chip, a <button> that opens the
 * quote's details (the keyboard way in; a click on the mark does the same). An unread quotation
 * mark (a warning) is a <mark class="warn">. Paragraphs carry `data-start` (UTF-16 units into the
 * text) so a selection can be turned back into offsets (selection.js).
 */
window.kutipRender = (function () {
  "use strict";

  var layout = window.kutipArticle;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Words for screen readers only; selection.js leaves them out of offsets. */
  function note(text) {
    var node = el("span", "visually-hidden", text);
    node.setAttribute("data-extra", "");
    return node;
  }

  function quoteElement(mark, t, low) {
    var quote = mark.quote;
    var node = el("mark", "quote quote-" + quote.type + (low ? " low" : ""));
    node.setAttribute("data-quote-id", quote.id);
    node.setAttribute("data-type", quote.type);
    node.setAttribute("data-speaker", mark.group.name || "");
    node.setAttribute("tabindex", "-1");
    node.title = (mark.group.name || t("unknownSpeaker")) + " · " + t(quote.type) +
      (low ? " · " + t("lowConfidence") : "");
    node.style.setProperty("--speaker", mark.group.colour);
    return node;
  }

  function chip(mark, t, low) {
    var quote = mark.quote;
    var node = el("button", "chip chip-" + quote.type + (low ? " low" : ""));
    node.type = "button";
    node.setAttribute("data-chip-for", quote.id);
    node.setAttribute("data-extra", "");
    node.style.setProperty("--speaker", mark.group.colour);
    var name = mark.group.name || t("unknownSpeaker");
    node.setAttribute("aria-label", t("chipLabel", { speaker: name, type: t(quote.type) }) +
      (low ? ", " + t("lowConfidence") : ""));
    node.appendChild(el("span", "chip-speaker", mark.group.name || "?"));
    node.appendChild(el("span", "chip-type", t(quote.type)));
    if (low) node.appendChild(el("span", "chip-low", "?"));
    return node;
  }

  function warningElement(mark, t) {
    var node = el("mark", "warn");
    node.id = "warning-" + mark.warningIndex;
    node.setAttribute("tabindex", "-1");
    node.title = t("warnUnmatched");
    return node;
  }

  /* ctx: {t, result, groupOf, isLow}. */
  function article(container, ctx) {
    var text = ctx.result.text;
    var units = layout.codePointIndex(text);
    var marks = ctx.result.quotes.map(function (quote, index) {
      return { quote: quote, index: index, group: ctx.groupOf[quote.id],
               start: units[quote.start], end: units[quote.end] };
    }).filter(function (m) { return m.start < m.end; });
    var last = units.length - 1;
    ctx.warnings.forEach(function (w) {
      if (w.at === null || w.at < 0 || w.at >= last) return;
      marks.push({ warning: true, warningIndex: w.index, index: marks.length + w.index,
                   start: units[w.at], end: units[w.at + 1] });
    });
    container.replaceChildren();
    layout.paragraphs(text).forEach(function (span) {
      container.appendChild(paragraph(text, span[0], span[1], marks, ctx));
    });
  }

  function paragraph(text, begin, end, marks, ctx) {
    var node = el("p");
    node.setAttribute("data-start", String(begin));
    var stack = [node];
    var cursor = begin;
    layout.withChips(layout.operations(begin, end, marks), text, begin, end).forEach(function (op) {
      var container = stack[stack.length - 1];
      if (op.at > cursor) container.appendChild(document.createTextNode(text.slice(cursor, op.at)));
      cursor = op.at;
      if (op.chip) {
        container.appendChild(chip(op.mark, ctx.t, ctx.isLow(op.mark.quote)));
      } else if (op.close) {
        if (op.mark.warning) stack[stack.length - 1].appendChild(note(" " + ctx.t("warnUnmatched")));
        stack.pop();
      } else {
        var inner = op.mark.warning ? warningElement(op.mark, ctx.t)
          : quoteElement(op.mark, ctx.t, ctx.isLow(op.mark.quote));
        container.appendChild(inner);
        stack.push(inner);
      }
    });
    if (end > cursor) node.appendChild(document.createTextNode(text.slice(cursor, end)));
    return node;
  }

  return { article: article, el: el };
})();
