/* kutip: "Save to archive", offered when the service has an archive (<body data-archive="on">,
 * written by ui.py). Saving stores the article (POST /v1/articles: the text or HTML the page
 * sent to /v1/extract, so the archive's offsets are the page's) and then sends the journalist's
 * corrections to the archive's routes, one request each:
 *  - a quote dropped in the page: PATCH .../quotes/<id> {dropped: true};
 *  - a speaker or type changed: PATCH .../quotes/<id> with what differs from the archive;
 *  - a quote marked by hand: POST .../quotes {start, end, type, speaker}.
 * A quote is found in the archive by its span (start, end), never by the page's id. What the
 * archive already holds is not sent again, so saving twice sends nothing new, and corrections
 * made in the archive by others are left alone unless the journalist corrected that quote too.
 */
window.kutipSaveArchive = (function () {
  "use strict";

  var I = window.kutipI18n;
  var t = I.t;
  var api = window.kutipApi;
  var $ = function (id) { return document.getElementById(id); };
  var state = null;
  var last = null; // the status as a function, said again on a change of language
  var HEADLINE_CHARS = 150;

  function enabled() { return document.body.getAttribute("data-archive") === "on"; }

  /* ---- an id for the article: its first words and a hash of its text ------------------ */
  function hash(text) { // FNV-1a, 32 bits: the same text gets the same id
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function firstLine(text) {
    return (text.split(/\r?\n/).filter(function (line) { return line.trim(); })[0] || "").trim();
  }

  function derivedId(text) {
    var words = firstLine(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).slice(0, 8);
    var slug = words.join("-").slice(0, 60).replace(/-+$/, "");
    return (slug || "kutip") + "-" + hash(text);
  }

  function derivedHeadline(text) {
    var line = firstLine(text);
    var more = text.trim().length > line.length;
    return more && line.length <= HEADLINE_CHARS ? line : "";
  }

  /* ---- what to send: the page's corrections against what the archive holds ----------- */
  function spanKey(quote) { return quote.start + ":" + quote.end; }

  function speakerName(quote) { return quote.speaker && quote.speaker.name ? quote.speaker.name : null; }

  /* Requests for the corrections of `result` (the page's copy of `response`) that `stored`
   * (the archive's article) does not have yet: [{method, quote (archive id) or null, body}]. */
  function plan(response, result, stored) {
    var archived = {};
    stored.quotes.forEach(function (q) { archived[spanKey(q)] = q; });
    var kept = {};
    result.quotes.forEach(function (q) { kept[q.id] = true; });
    var requests = [];
    response.quotes.forEach(function (q) {
      var there = archived[spanKey(q)];
      if (!kept[q.id] && there) requests.push({ method: "PATCH", quote: there.id, body: { dropped: true } });
    });
    result.quotes.forEach(function (q) {
      var what = q.corrected || [];
      if (!what.length) return;
      var there = archived[spanKey(q)];
      var all = what.indexOf("added") >= 0; // a quote marked by hand: its type and speaker
      if (!there) {
        requests.push({ method: "POST", quote: null,
                        body: { start: q.start, end: q.end, type: q.type, speaker: speakerName(q) } });
        return;
      }
      var body = {};
      if ((all || what.indexOf("type") >= 0) && there.type !== q.type) body.type = q.type;
      if ((all || what.indexOf("speaker") >= 0) && speakerName(there) !== speakerName(q)) {
        body.speaker = speakerName(q);
      }
      if (Object.keys(body).length) requests.push({ method: "PATCH", quote: there.id, body: body });
    });
    return requests;
  }

  function articlePath(id) { return "v1/articles/" + encodeURIComponent(id); }

  function path(id, request) {
    return articlePath(id) + "/quotes" + (request.quote ? "/" + encodeURIComponent(request.quote) : "");
  }

  /* One request after the other (each answers with the whole article); how many were sent. */
  function run(id, requests) {
    var done = 0;
    return requests.reduce(function (chain, request) {
      return chain.then(function () {
        return api.send(request.method, path(id, request), request.body).then(function () { done++; });
      });
    }, Promise.resolve()).then(function () { return done; }, function (error) {
      throw { partial: true, done: done, total: requests.length, error: error };
    });
  }

  /* ---- the form ------------------------------------------------------------------------ */
  function say(message, kind) {
    last = { message: message, kind: kind };
    relabel();
  }

  function relabel() {
    var status = $("archive-status");
    if (!status) return;
    status.textContent = last ? last.message() : "";
    status.className = "status" + (last && last.kind ? " status-" + last.kind : "");
  }

  function reason(error) { return api.describe(error, t, I.has); }

  function toggle(open) {
    $("archive-form").hidden = !open;
    $("archive-button").setAttribute("aria-expanded", String(open));
    if (open) $("archive-id").focus();
    else $("archive-button").focus();
  }

  function openForm() {
    if (!state.result) return;
    if (!$("archive-form").hidden) { $("archive-id").focus(); return; }
    if (!$("archive-id").value.trim()) {
      $("archive-id").value = state.result.id || derivedId(state.result.text);
      $("archive-headline").value = derivedHeadline(state.result.text);
    }
    toggle(true);
  }

  function finished(id, sent) {
    say(function () {
      return sent ? t("archiveSaved", { id: id, n: I.count(sent, "correction") })
        : t("archiveSavedNone", { id: id });
    }, "ok");
  }

  function failed(problem) {
    if (problem && problem.otherText) {
      say(function () { return t("archiveOtherText", { id: problem.id }); }, "error");
    } else if (problem && problem.partial) {
      say(function () {
        return t("archivePartial", { done: problem.done, total: problem.total, detail: reason(problem.error) });
      }, "error");
    } else {
      say(function () { return t("archiveFailed", { detail: reason(problem) }); }, "error");
    }
  }

  function save() {
    var id = $("archive-id").value.trim();
    if (!id) { say(function () { return t("archiveIdNeeded"); }, "error"); $("archive-id").focus(); return; }
    // The archive's paths could not name such an article's quotes (ArticleIdConverter).
    if (/^\/|\/quotes(\/|$)/.test(id)) { say(function () { return t("archiveIdBad"); }, "error"); return; }
    var result = state.result;
    var response = state.response;
    var body = { id: id };
    body[state.source.format] = state.source.value;
    var headline = $("archive-headline").value.trim();
    if (headline) body.headline = headline;
    var button = $("archive-send");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    say(function () { return t("archiveSaving"); });
    api.post("v1/articles", body).then(function (stored) {
      // Spans index the archive's text: another one there (a version kept as newer, `stale`;
      // the page sends none, so its hash always replaces) would make them point elsewhere.
      if (stored.text !== result.text) throw { otherText: true, id: id };
      return run(id, plan(response, result, stored));
    }).then(function (sent) { finished(id, sent); }, failed).then(function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  /* A new result: the form closes and forgets the last article's id. */
  function newResult() {
    if (!enabled()) return;
    $("archive-form").hidden = true;
    $("archive-button").setAttribute("aria-expanded", "false");
    $("archive-id").value = "";
    $("archive-headline").value = "";
    last = null;
    relabel();
  }

  function init(shared) {
    state = shared;
    if (!enabled()) return; // no archive: the page is as it always was
    $("archive-button").hidden = false;
    $("archive-button").addEventListener("click", openForm);
    $("archive-send").addEventListener("click", save);
    $("archive-cancel").addEventListener("click", function () { toggle(false); });
    ["archive-id", "archive-headline"].forEach(function (field) {
      $(field).addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); save(); }
        if (event.key === "Escape") toggle(false);
      });
    });
  }

  return { derivedId: derivedId, init: init, newResult: newResult, plan: plan, relabel: relabel };
})();
