/* kutip: the archive's pages. Everything is built from DOM text nodes (never innerHTML), so
 * stored article text can never be read as markup. */
(function () {
  "use strict";

  var I = window.kutipI18n;  // the same language module as the page at /
  var t = I.t;
  var body = document.body;
  var state = { cursor: null, query: null, shown: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function applyLanguage(lang) {
    I.setLang(lang);
    // The quote types shown in the results are built here, so they are relabelled here.
    document.querySelectorAll("[data-type]").forEach(function (node) { node.textContent = t(node.getAttribute("data-type")); });
  }

  function setStatus(message, error) {
    var status = $("status");
    status.textContent = message;
    status.className = error ? "status status-error" : "status";
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.detail || response.statusText);
        return data;
      });
    });
  }

  function day(value) { return value ? value.slice(0, 10) : t("undated"); }
  function articleHref(id) { return "/archive/articles/" + encodeURIComponent(id); }

  /* The context with the quote marked: the quote is found in it by its text. */
  function contextNode(quote) {
    var block = el("blockquote");
    var context = quote.context || quote.text;
    var at = context.indexOf(quote.text);
    if (at < 0) { block.appendChild(document.createTextNode(context)); return block; }
    block.appendChild(document.createTextNode(context.slice(0, at)));
    block.appendChild(el("mark", null, quote.text));
    block.appendChild(document.createTextNode(context.slice(at + quote.text.length)));
    return block;
  }

  function resultNode(quote) {
    var item = el("li", "archive-result");
    item.appendChild(contextNode(quote));
    var meta = el("div", "meta");
    var name = quote.speaker && quote.speaker.name;
    if (quote.speaker_id !== null && name) {
      var link = el("a", "speaker-link", name);
      link.href = "/archive/speakers/" + quote.speaker_id;
      meta.appendChild(link);
    } else {
      meta.appendChild(el("span", null, name || t("unknown")));
    }
    var type = el("span", "type", t(quote.type));
    type.setAttribute("data-type", quote.type);
    meta.appendChild(type);
    if (quote.article) {
      if (quote.article.outlet) meta.appendChild(el("span", null, quote.article.outlet));
      meta.appendChild(el("time", null, day(quote.article.published_at)));
      var read = el("a", "article-link", t("article"));
      read.href = articleHref(quote.article.id);
      meta.appendChild(read);
    }
    item.appendChild(meta);
    return item;
  }

  function showQuotes(data, replace) {
    var list = $("results");
    if (replace) { list.textContent = ""; state.shown = 0; }
    data.quotes.forEach(function (quote) { list.appendChild(resultNode(quote)); });
    state.shown += data.quotes.length;
    state.cursor = data.next_cursor;
    $("more").hidden = !state.cursor;
    setStatus(state.shown ? t("found", { n: state.shown }) : t("none"));
  }

  function load(base, replace) {
    var query = new URLSearchParams(base);
    if (!replace && state.cursor) query.set("cursor", state.cursor);
    setStatus(t("working"));
    return getJSON("/v1/quotes?" + query.toString()).then(function (data) { showQuotes(data, replace); })
      .catch(function (error) { setStatus(t("failed", { detail: error.message }), true); });
  }

  /* ---- the search page --------------------------------------------------------------------- */
  function searchPage() {
    var form = $("search-form");
    var params = new URLSearchParams(window.location.search);
    ["q", "speaker", "type", "outlet", "since", "until"].forEach(function (name) {
      if (params.get(name)) form.elements[name].value = params.get(name);
    });
    function run() {
      var query = new URLSearchParams();
      ["q", "speaker", "type", "outlet"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) query.set(name, value);
      });
      ["since", "until"].forEach(function (name) {
        if (form.elements[name].value) query.set(name, form.elements[name].value + "T00:00:00Z");
      });
      if (params.get("limit")) query.set("limit", params.get("limit"));  // page size, for links
      var shown = new URLSearchParams(query);
      ["since", "until"].forEach(function (name) { if (shown.get(name)) shown.set(name, shown.get(name).slice(0, 10)); });
      window.history.replaceState(null, "", "/archive" + (shown.toString() ? "?" + shown.toString() : ""));
      state.query = query.toString();
      return load(state.query, true);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    $("more").addEventListener("click", function () { load(state.query, false); });
    run();
  }

  /* ---- the speaker page: their quotes over time and a bar per month -------------------------- */
  var SVG = "http://www.w3.org/2000/svg";

  function timeline(quotes) {
    var counts = {};
    quotes.forEach(function (quote) {
      var when = quote.article && quote.article.published_at;
      if (when) counts[when.slice(0, 7)] = (counts[when.slice(0, 7)] || 0) + 1;
    });
    var months = Object.keys(counts).sort();
    var chart = $("timeline");
    chart.textContent = "";
    if (!months.length) { chart.hidden = true; return; }
    var most = Math.max.apply(null, months.map(function (m) { return counts[m]; }));
    var width = 640, height = 120, gap = 4;
    var bar = Math.max(4, Math.min(48, (width - gap * months.length) / months.length));
    chart.setAttribute("viewBox", "0 0 " + width + " " + height);
    chart.setAttribute("aria-label", t("timeline"));
    months.forEach(function (month, i) {
      var h = Math.max(2, Math.round((height - 24) * counts[month] / most));
      var rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(i * (bar + gap)));
      rect.setAttribute("y", String(height - 16 - h));
      rect.setAttribute("width", String(bar));
      rect.setAttribute("height", String(h));
      rect.setAttribute("data-month", month);
      rect.setAttribute("data-count", String(counts[month]));
      var title = document.createElementNS(SVG, "title");
      title.textContent = month + ": " + t("quotes", { n: counts[month] });
      rect.appendChild(title);
      chart.appendChild(rect);
      var label = document.createElementNS(SVG, "text");
      label.setAttribute("x", String(i * (bar + gap)));
      label.setAttribute("y", String(height - 4));
      label.textContent = month;
      chart.appendChild(label);
    });
    chart.hidden = false;
  }

  function speakerPage(id) {
    var base = "limit=100";
    getJSON("/v1/speakers/" + encodeURIComponent(id) + "?" + base).then(function (data) {
      var person = data.speaker;
      $("subject-title").textContent = person.name;
      document.title = "kutip — " + person.name;
      var parts = [t("quotes", { n: person.quotes })];
      var others = person.aliases.filter(function (a) { return a !== person.name; });
      if (others.length) parts.push(t("aliases", { names: others.join(", ") }));
      if (person.roles.length) parts.push(t("roles", { roles: person.roles.join(", ") }));
      $("subject-meta").textContent = parts.join(" · ");
      timeline(data.quotes);
      state.query = "speaker=" + encodeURIComponent(String(person.id)) + "&" + base;
      showQuotes(data, true);
    }).catch(function (error) { setStatus(t("failed", { detail: error.message }), true); });
    $("more").addEventListener("click", function () { load(state.query, false); });
  }

  /* ---- the article page: its text with the quotes marked ------------------------------------- */
  function articlePage(id) {
    getJSON("/v1/articles/" + encodeURIComponent(id)).then(function (article) {
      $("subject-title").textContent = article.headline || article.id;
      $("subject-meta").textContent = [article.outlet, day(article.published_at), t("quotes", { n: article.quotes.length })]
        .filter(Boolean).join(" · ");
      var points = Array.from(article.text || "");  // offsets count code points, as the engine does
      var box = $("article-text");
      var quotes = article.quotes.slice().sort(function (a, b) { return a.start - b.start; });
      var at = 0;
      var paragraph = el("p");
      function text(from, to, marked) {
        var chunks = points.slice(from, to).join("").split("\n\n");
        chunks.forEach(function (chunk, i) {
          if (i > 0) { box.appendChild(paragraph); paragraph = el("p"); }
          if (!chunk) return;
          paragraph.appendChild(marked ? el("mark", "archive-quote quote-" + marked, chunk) : document.createTextNode(chunk));
        });
      }
      quotes.forEach(function (quote) {
        if (quote.start < at) return;  // one quote inside another: the outer one is marked
        text(at, quote.start, null);
        text(quote.start, quote.end, quote.type);
        at = quote.end;
      });
      text(at, points.length, null);
      box.appendChild(paragraph);
      box.hidden = false;
      showQuotes({ quotes: article.quotes.map(function (q) { return Object.assign({}, q); }), next_cursor: null }, true);
    }).catch(function (error) { setStatus(t("failed", { detail: error.message }), true); });
  }

  document.querySelectorAll("[data-lang]").forEach(function (button) {
    button.addEventListener("click", function () { applyLanguage(button.getAttribute("data-lang")); });
  });
  applyLanguage(I.stored() || (navigator.language || "id").slice(0, 2));
  var page = body.getAttribute("data-page");
  if (page === "search") searchPage();
  else if (page === "speaker") speakerPage(body.getAttribute("data-subject"));
  else articlePage(body.getAttribute("data-subject"));
})();
