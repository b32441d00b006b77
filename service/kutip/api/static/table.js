/* kutip: the "who said what" table. One row per quote; a header button sorts by its column
 * (again: the other way); a row (click, Enter or Space) goes to its quote in the article.
 */
window.kutipTable = (function () {
  "use strict";

  var el = function (tag, className, text) { return window.kutipRender.el(tag, className, text); };
  var COLUMNS = [
    { key: "speaker", label: "colSpeaker", value: function (q, g, t) { return g.name || t("unknownSpeaker"); } },
    { key: "role", label: "colRole", value: function (q) { return (q.speaker && q.speaker.role) || ""; } },
    { key: "affiliation", label: "colAffiliation", value: function (q) { return (q.speaker && q.speaker.affiliation) || ""; } },
    { key: "type", label: "colType", value: function (q, g, t) { return t(q.type); } },
    { key: "quote", label: "colQuote", value: function (q) { return q.text.trim(); } },
    { key: "cue", label: "colCue", value: function (q) { return (q.cue && q.cue.word) || ""; } },
  ];
  var sort = { key: null, descending: false }; // null: the order of the text

  function rows(ctx) {
    var list = ctx.result.quotes.map(function (quote, index) {
      var group = ctx.groupOf[quote.id];
      var values = {};
      COLUMNS.forEach(function (c) { values[c.key] = c.value(quote, group, ctx.t); });
      return { quote: quote, group: group, index: index, values: values };
    });
    if (sort.key) {
      var collator = new Intl.Collator(ctx.lang, { sensitivity: "base", numeric: true });
      list.sort(function (a, b) {
        var x = a.values[sort.key];
        var y = b.values[sort.key];
        // Empty cells last either way: a sort by role shows who has one first.
        if (!x !== !y) return x ? -1 : 1;
        var order = collator.compare(x, y) || a.index - b.index;
        return sort.descending ? -order : order;
      });
    }
    return list;
  }

  function header(ctx, onSort) {
    var row = el("tr");
    COLUMNS.forEach(function (column) {
      var th = el("th");
      th.scope = "col";
      var active = sort.key === column.key;
      th.setAttribute("aria-sort", active ? (sort.descending ? "descending" : "ascending") : "none");
      var button = el("button", "sort", ctx.t(column.label));
      button.type = "button";
      button.setAttribute("data-sort", column.key);
      button.appendChild(el("span", "sort-arrow", active ? (sort.descending ? " ▼" : " ▲") : ""))
        .setAttribute("aria-hidden", "true");
      button.addEventListener("click", function () {
        sort = { key: column.key, descending: active ? !sort.descending : false };
        onSort(column.key);
      });
      th.appendChild(button);
      row.appendChild(th);
    });
    return row;
  }

  /* ctx: {t, lang, result, groupOf, isLow, goTo(id)}. */
  function render(table, ctx, focusKey) {
    table.replaceChildren();
    table.appendChild(el("caption", "visually-hidden", ctx.t("tableCaption")));
    var head = el("thead");
    head.appendChild(header(ctx, function (key) {
      render(table, ctx, key);
    }));
    table.appendChild(head);
    var body = el("tbody");
    rows(ctx).forEach(function (entry) {
      var tr = el("tr", ctx.isLow(entry.quote) ? "low" : "");
      tr.tabIndex = 0;
      tr.setAttribute("data-quote-id", entry.quote.id);
      tr.style.setProperty("--speaker", entry.group.colour);
      COLUMNS.forEach(function (column) {
        var td = el("td", "col-" + column.key);
        // On a phone each row is a card: the cell names its column itself (kutip.css).
        td.setAttribute("data-label", ctx.t(column.label));
        if (column.key === "type") td.appendChild(el("span", "badge badge-" + entry.quote.type, entry.values.type));
        else if (column.key === "quote") td.appendChild(el("span", "cell-quote", entry.values.quote));
        else td.textContent = entry.values[column.key];
        if (column.key === "speaker" && ctx.isLow(entry.quote)) {
          td.appendChild(el("span", "low-tag", ctx.t("lowShort")));
        }
        tr.appendChild(td);
      });
      var go = function () { ctx.goTo(entry.quote.id); };
      tr.addEventListener("click", go);
      tr.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); go(); }
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    if (focusKey) table.querySelector('button[data-sort="' + focusKey + '"]').focus();
  }

  function reset() { sort = { key: null, descending: false }; }

  return { render: render, reset: reset };
})();
