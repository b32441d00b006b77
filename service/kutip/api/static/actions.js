/* kutip: what the journalist does with a result: open a quote's details (click a mark, or its
 * chip by keyboard), add a missed quote (select it, or type its words), copy, export, print.
 */
window.kutipActions = (function () {
  "use strict";

  var R = window.kutipResult;
  var X = window.kutipExports;
  var t = window.kutipI18n.t;
  var $ = function (id) { return document.getElementById(id); };
  var state = null;
  var onChange = null;

  function stamp() {
    return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  }

  function baseName() {
    return "kutip-" + (state.result.id || stamp());
  }

  function save(content, type, name) {
    var blob = new Blob([content], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function exportAs(kind) {
    if (!state.result) return;
    if (kind === "json") save(X.json(state.result), "application/json", baseName() + ".json");
    if (kind === "csv") save(X.csv(state.result, t), "text/csv;charset=utf-8", baseName() + ".csv");
    if (kind === "gold") {
      var id = state.result.id || "kutip-" + stamp();
      save(X.gold(state.result, id), "application/x-ndjson", baseName() + ".gold.jsonl");
    }
  }

  /* The clipboard API where the page may use it; a hidden textarea and execCommand elsewhere. */
  function copy(text, status) {
    var done = function () { status.textContent = t("copied", { text: text }); };
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      status.textContent = ok ? t("copied", { text: text }) : t("copyFailed", { text: text });
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function details(id) {
    window.kutipDetails.open(id, {
      t: t, result: state.result, colour: window.kutipView.context().colour,
      changed: onChange, copy: copy, focusArticle: window.kutipView.focusArticle,
    });
  }

  function added(result) {
    if (typeof result === "string") {
      $("add-form").hidden = false;
      $("add-status").textContent = t("add_" + result);
      return;
    }
    window.getSelection().removeAllRanges();
    $("add-form").hidden = true;
    onChange(t("addedQuote"));
    details(result.id);
  }

  /* Selected text becomes a quote at once; without a selection, a field asks for its words. */
  function addMissed() {
    var offsets = window.kutipSelection.offsets($("article-view"), state.result.text);
    if (offsets) {
      added(R.add(state.result, offsets[0], offsets[1]));
      return;
    }
    $("add-form").hidden = false;
    $("add-status").textContent = "";
    $("add-words").focus();
  }

  function addTyped() {
    var found = R.find(state.result, $("add-words").value);
    if (!found) {
      $("add-status").textContent = t("add_notFound");
      $("add-words").focus();
      return;
    }
    added(R.add(state.result, found[0], found[1]));
  }

  function init(shared, changed) {
    state = shared;
    onChange = changed;
    window.kutipDetails.init();
    $("article-view").addEventListener("click", function (event) {
      var chip = event.target.closest("button[data-chip-for]");
      var mark = event.target.closest("mark.quote");
      var selection = window.getSelection();
      if (!chip && selection && !selection.isCollapsed) return; // selecting text, not clicking
      var id = chip ? chip.getAttribute("data-chip-for") : mark && mark.getAttribute("data-quote-id");
      if (id) details(id);
    });
    $("export-json").addEventListener("click", function () { exportAs("json"); });
    $("export-csv").addEventListener("click", function () { exportAs("csv"); });
    $("export-gold").addEventListener("click", function () { exportAs("gold"); });
    $("print-button").addEventListener("click", function () { window.print(); });
    $("add-button").addEventListener("click", addMissed);
    $("add-find").addEventListener("click", addTyped);
    $("add-words").addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); addTyped(); }
      if (event.key === "Escape") { $("add-form").hidden = true; $("add-button").focus(); }
    });
    $("add-cancel").addEventListener("click", function () {
      $("add-form").hidden = true;
      $("add-button").focus();
    });
    $("reset-button").addEventListener("click", function () {
      if (!state.response) return;
      state.result = R.fromResponse(state.response);
      onChange(t("resetDone"));
    });
  }

  return { init: init };
})();
