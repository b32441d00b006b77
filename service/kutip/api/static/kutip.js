/* kutip: the page for journalists, wired together. Article text is only ever placed with text
 * nodes. state.response is the service's answer as it came; state.result is the copy that
 * corrections change (result.js), from which everything is drawn (view.js).
 */
(function () {
  "use strict";

  var I = window.kutipI18n;
  var t = I.t;
  var api = window.kutipApi;
  var $ = function (id) { return document.getElementById(id); };
  // state.source: what was sent to /v1/extract ({format: "text"|"html", value}), as the archive
  // is sent the same (save-archive.js).
  var state = { response: null, result: null, source: null, fileFormat: null, cursor: {},
                lastStatus: null };

  /* ---- status: kept as a key and values, so a change of language says it again ------- */
  function setStatus(key, values, kind) {
    state.lastStatus = { key: key, values: values, kind: kind };
    showStatus();
  }

  function showStatus() {
    var last = state.lastStatus;
    var status = $("status");
    status.textContent = last ? (typeof last.key === "function" ? last.key() : t(last.key, last.values)) : "";
    status.className = "status" + (last && last.kind ? " status-" + last.kind : "");
  }

  function applyLanguage(lang) {
    I.setLang(lang);
    updateFormat();
    showStatus();
    window.kutipSaveArchive.relabel();
    window.kutipView.render(state);
  }

  /* ---- input ------------------------------------------------------------------------- */
  function looksLikeHtml(value) {
    return /^\s*</.test(value) &&
      /<\/?(p|div|br|article|section|html|body|h[1-6]|blockquote|li|ul|span|em|strong|a)\b/i
        .test(value);
  }

  function inputFormat() {
    return state.fileFormat || (looksLikeHtml($("article-input").value) ? "html" : "text");
  }

  function updateFormat() {
    $("format-indicator").textContent = $("article-input").value.trim()
      ? t(inputFormat() === "html" ? "formatHtml" : "formatText") : "";
  }

  function loadFile(file) {
    if (!file) return;
    var name = file.name || "";
    var isHtml = /\.html?$/i.test(name) || file.type === "text/html";
    if (!isHtml && !/\.txt$/i.test(name) && file.type !== "text/plain") {
      setStatus("fileBad", null, "error");
      return;
    }
    file.text().then(function (content) {
      $("article-input").value = content;
      state.fileFormat = isHtml ? "html" : "text";
      updateFormat();
      setStatus("fileRead", { name: name });
    });
  }

  /* ---- the API key: asked for only when the service answers 401 ---------------------- */
  function askForKey(refused) {
    $("key-panel").hidden = false;
    $("key-refused").hidden = !refused;
    $("key-input").value = "";
    $("key-input").focus();
  }

  function useKey() {
    var key = $("key-input").value.trim();
    if (!key) { $("key-input").focus(); return; }
    api.setApiKey(key);
    $("key-panel").hidden = true;
    $("key-forget").hidden = false;
    extract();
  }

  function forgetKey() {
    api.setApiKey("");
    $("key-forget").hidden = true;
    setStatus("keyForgotten");
  }

  /* ---- extraction -------------------------------------------------------------------- */
  function doneStatus() {
    var result = state.result;
    if (!result.quotes.length && !result.warnings.length) return t("none");
    var groups = window.kutipResult.speakerGroups(result).length;
    var text = t("done", { quotes: I.count(result.quotes.length), speakers: I.count(groups, "speaker") });
    if (result.warnings.length) text += " " + t("doneWarnings", { warnings: I.count(result.warnings.length, "warning") });
    return text;
  }

  function extract() {
    var value = $("article-input").value;
    if (!value.trim()) {
      setStatus("empty", null, "error");
      $("article-input").focus();
      return;
    }
    var body = { include_text: true };
    var source = { format: inputFormat() === "html" ? "html" : "text", value: value };
    body[source.format] = value;
    var button = $("extract-button");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    setStatus("working");
    api.post("v1/extract", body).then(function (data) {
      if (typeof data.text !== "string") data.text = value;
      state.response = data;
      state.source = source;
      state.result = window.kutipResult.fromResponse(data);
      window.kutipSaveArchive.newResult();
      state.cursor = {};
      window.kutipTable.reset();
      window.kutipView.render(state);
      setStatus(doneStatus, null, data.warnings.length ? "warn" : data.quotes.length ? "ok" : "");
      $("results").hidden = false;
      $("article-view").focus({ preventScroll: true });
      $("results").scrollIntoView({ block: "start" });
    }).catch(function (error) {
      setStatus(function () { return t("failed", { detail: api.describe(error, t, I.has) }); }, null, "error");
      if (error instanceof api.Problem && error.code === "unauthorized") askForKey(error.sentKey);
    }).then(function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  /* After a correction: draw again, say what changed. */
  function changed(message) {
    window.kutipView.render(state);
    if (message) $("announcer").textContent = message;
  }

  /* ---- wiring ------------------------------------------------------------------------ */
  function init() {
    applyLanguage(I.stored() || (/^en\b/i.test(navigator.language || "") ? "en" : "id"));
    document.querySelectorAll("[data-lang]").forEach(function (button) {
      button.addEventListener("click", function () { applyLanguage(button.getAttribute("data-lang")); });
    });
    var input = $("article-input");
    input.addEventListener("input", function () { state.fileFormat = null; updateFormat(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); extract(); }
    });
    $("extract-button").addEventListener("click", extract);
    $("file-input").addEventListener("change", function (event) { loadFile(event.target.files[0]); });
    $("key-use").addEventListener("click", useKey);
    $("key-input").addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); useKey(); }
    });
    $("key-forget").addEventListener("click", forgetKey);
    $("key-forget").hidden = !api.apiKey();
    var zone = $("dropzone");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      loadFile(event.dataTransfer && event.dataTransfer.files[0]);
    });
    window.kutipActions.init(state, changed);
    window.kutipSaveArchive.init(state);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
