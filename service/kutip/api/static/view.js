/* kutip: the results: summary, warnings, the marked article, speakers, the table, the legend.
 * Everything is drawn again from the working result after each correction.
 */
window.kutipView = (function () {
  "use strict";

  var R = window.kutipResult;
  var I = window.kutipI18n;
  var t = I.t;
  var el = function (tag, className, text) { return window.kutipRender.el(tag, className, text); };
  var $ = function (id) { return document.getElementById(id); };
  var TYPES = ["direct", "mixed", "indirect"];
  var state = null; // {result, cursor}, set by render()

  function context() {
    var groups = R.speakerGroups(state.result);
    var groupOf = R.groupOf(groups);
    return {
      t: t, lang: I.lang(), result: state.result, groups: groups, groupOf: groupOf,
      isLow: R.isLow, warnings: R.warningMarks(state.result), goTo: goTo,
      colour: function (id) { return groupOf[id] ? groupOf[id].colour : ""; },
    };
  }

  function selector(id) { return 'mark.quote[data-quote-id="' + CSS.escape(id) + '"]'; }

  function highlight(id) {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var marks = document.querySelectorAll(selector(id));
    marks.forEach(function (m) { m.classList.add("current"); });
    if (!marks.length) return null;
    var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    marks[0].scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    return marks[0];
  }

  /* A table row: to the quote, focus on its chip (Enter there opens the details). */
  function goTo(id) {
    if (!highlight(id)) return;
    var chip = document.querySelector('button[data-chip-for="' + CSS.escape(id) + '"]');
    if (chip) chip.focus({ preventScroll: true });
  }

  /* A speaker button: each press goes to that speaker's next quote; focus stays on the button. */
  function jumpTo(group, button) {
    var previous = state.cursor[group.key] === undefined ? -1 : state.cursor[group.key];
    var next = (previous + 1) % group.quotes.length;
    state.cursor[group.key] = next;
    var id = group.quotes[next];
    if (!highlight(id)) return;
    var position = t("position", { i: next + 1, n: group.quotes.length });
    button.querySelector(".speaker-position").textContent = position;
    var quote = R.byId(state.result, id);
    $("announcer").textContent = (group.name || t("unknownSpeaker")) + ", " + position + ": " +
      (quote ? quote.text : "");
  }

  function speakers(ctx) {
    var list = $("speaker-list");
    list.replaceChildren();
    ctx.groups.forEach(function (group) {
      var item = el("li");
      var button = el("button", "speaker");
      button.type = "button";
      button.setAttribute("data-speaker-key", group.key);
      button.style.setProperty("--speaker", group.colour);
      var name = group.name || t("unknownSpeaker");
      button.setAttribute("aria-label", t("jump", { speaker: name, count: I.count(group.quotes.length) }));
      button.appendChild(el("span", "swatch"));
      var body = el("span", "speaker-body");
      body.appendChild(el("span", "speaker-name", name));
      if (group.role) body.appendChild(el("span", "speaker-role", group.role));
      button.appendChild(body);
      var meta = el("span", "speaker-meta");
      meta.appendChild(el("span", "speaker-count", I.count(group.quotes.length)));
      meta.appendChild(el("span", "speaker-position"));
      button.appendChild(meta);
      button.addEventListener("click", function () { jumpTo(group, button); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function legend(ctx) {
    var list = $("legend");
    list.replaceChildren();
    TYPES.forEach(function (type) {
      var n = ctx.result.quotes.filter(function (q) { return q.type === type; }).length;
      var item = el("li");
      item.appendChild(el("span", "badge badge-" + type, t(type)));
      item.appendChild(el("span", "legend-count", String(n)));
      item.appendChild(el("span", "legend-help", t(type + "Help")));
      list.appendChild(item);
    });
  }

  function warningText(w) {
    if (w.at !== null) return t("warnAt", { line: lineOf(w.at) });
    return t("warnOther", { detail: w.message || JSON.stringify(w.raw) });
  }

  function lineOf(at) {
    var before = Array.from(state.result.text).slice(0, at).join("");
    return window.kutipArticle.paragraphs(before + "x").length;
  }

  function warnings(ctx) {
    var box = $("warnings");
    var list = $("warning-list");
    list.replaceChildren();
    box.hidden = !ctx.warnings.length;
    $("warnings-title").textContent = I.count(ctx.warnings.length, "warning");
    ctx.warnings.forEach(function (w) {
      var item = el("li");
      item.appendChild(el("span", null, warningText(w) + " "));
      var target = document.getElementById("warning-" + w.index);
      if (target) {
        var button = el("button", "link-button", t("warnShow"));
        button.type = "button";
        button.addEventListener("click", function () {
          target.scrollIntoView({ block: "center" });
          target.focus({ preventScroll: true });
        });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }

  function summary(ctx) {
    var low = ctx.result.quotes.filter(R.isLow).length;
    var parts = [I.count(ctx.result.quotes.length), I.count(ctx.groups.length, "speaker")];
    if (ctx.warnings.length) parts.push(I.count(ctx.warnings.length, "warning"));
    if (low) parts.push(t("lowCount", { n: low }));
    if (ctx.result.corrections) parts.push(I.count(ctx.result.corrections, "correction"));
    $("summary").textContent = parts.join(" · ");
  }

  function render(shared) {
    state = shared;
    if (!state.result) return;
    var ctx = context();
    window.kutipRender.article($("article-view"), ctx);
    speakers(ctx);
    window.kutipTable.render($("quote-table"), ctx);
    legend(ctx);
    warnings(ctx);
    summary(ctx);
    $("rules-version").textContent = state.result.rules_version
      ? t("rules", { version: state.result.rules_version }) : "";
  }

  function focusArticle() { $("article-view").focus({ preventScroll: true }); }

  return { context: context, focusArticle: focusArticle, goTo: goTo, render: render };
})();
