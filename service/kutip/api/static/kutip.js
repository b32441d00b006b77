/* kutip: the page for journalists. Article text is only ever placed with text nodes. */
(function () {
  "use strict";

  var LABELS = window.KUTIP_LABELS;
  var layout = window.kutipArticle;
  var TYPES = ["direct", "mixed", "indirect"];
  var PALETTE = ["#1d4ed8", "#b45309", "#047857", "#be185d", "#6d28d9",
                 "#0e7490", "#b91c1c", "#4d7c0f", "#a21caf", "#c2410c"];
  var UNKNOWN_COLOUR = "#6b7280";
  var UNKNOWN = "__unknown__";

  var state = { lang: "id", response: null, fileFormat: null, cursor: {} };
  var $ = function (id) { return document.getElementById(id); };

  function t(key, values) {
    var text = (LABELS[state.lang] || LABELS.id)[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function count(n, what) {
    var key = (what || "quote") + "Count";
    return n === 1 ? t(key + "One") : t(key, { n: n });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* ---- language ------------------------------------------------------------------------ */
  function applyLanguage(lang) {
    state.lang = LABELS[lang] ? lang : "id";
    try { window.localStorage.setItem("kutip.lang", state.lang); } catch (e) { /* private mode */ }
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    });
    document.querySelectorAll("[data-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === state.lang));
    });
    updateFormat();
    if (state.response) render(state.response);
  }

  /* ---- input --------------------------------------------------------------------------- */
  function looksLikeHtml(value) {
    return /^\s*</.test(value) &&
      /<\/?(p|div|br|article|section|html|body|h[1-6]|blockquote|li|ul|span|em|strong|a)\b/i
        .test(value);
  }

  function inputFormat() {
    var value = $("article-input").value;
    return state.fileFormat || (looksLikeHtml(value) ? "html" : "text");
  }

  function updateFormat() {
    var value = $("article-input").value;
    $("format-indicator").textContent = value.trim()
      ? t(inputFormat() === "html" ? "formatHtml" : "formatText") : "";
  }

  function setStatus(message, kind) {
    var status = $("status");
    status.textContent = message;
    status.className = "status" + (kind ? " status-" + kind : "");
  }

  function loadFile(file) {
    if (!file) return;
    var name = file.name || "";
    var isHtml = /\.html?$/i.test(name) || file.type === "text/html";
    if (!isHtml && !/\.txt$/i.test(name) && file.type !== "text/plain") {
      setStatus(t("fileBad"), "error");
      return;
    }
    file.text().then(function (content) {
      $("article-input").value = content;
      state.fileFormat = isHtml ? "html" : "text";
      updateFormat();
      setStatus(t("fileRead", { name: name }));
    });
  }

  /* The messages of a problem's per-field ``errors`` (nested objects and lists of strings). */
  function messages(errors) {
    if (typeof errors === "string") return [errors];
    if (!errors || typeof errors !== "object") return [];
    return Object.keys(errors).reduce(function (all, key) {
      return all.concat(messages(errors[key]));
    }, []);
  }

  function extract() {
    var value = $("article-input").value;
    if (!value.trim()) {
      setStatus(t("empty"), "error");
      $("article-input").focus();
      return;
    }
    var body = { include_text: true };
    body[inputFormat() === "html" ? "html" : "text"] = value;
    var button = $("extract-button");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    setStatus(t("working"));
    fetch("v1/extract", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var fieldMessages = messages(data.errors);
          var detail = fieldMessages.length ? fieldMessages.join(" ")
            : data.detail || data.title || String(response.status);
          throw new Error(t("failed", { detail: detail }));
        }
        return data;
      });
    }, function () {
      throw new Error(t("network"));
    }).then(function (data) {
      if (typeof data.text !== "string") data.text = value;
      state.response = data;
      state.cursor = {};
      render(data);
      var quotes = data.quotes.length;
      var speakers = count(speakerGroups(data).length, "speaker");
      setStatus(quotes ? t("done", { quotes: count(quotes), speakers: speakers })
        : t("none"), quotes ? "ok" : "");
      $("results").hidden = false;
      $("article-view").focus({ preventScroll: true });
      $("results").scrollIntoView({ block: "start" });
    }).catch(function (error) {
      setStatus(error.message, "error");
    }).then(function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  /* ---- speakers and colours -------------------------------------------------------------- */
  function speakerGroups(data) {
    var groups = data.speakers.map(function (speaker, index) {
      return { key: speaker.id, name: speaker.name, role: speaker.role,
               colour: PALETTE[index % PALETTE.length], quotes: [] };
    });
    var byKey = {};
    groups.forEach(function (group) { byKey[group.key] = group; });
    var unknown = { key: UNKNOWN, name: null, role: null, colour: UNKNOWN_COLOUR, quotes: [] };
    data.quotes.forEach(function (quote) {
      var entity = quote.speaker && quote.speaker.entity;
      (byKey[entity] || unknown).quotes.push(quote.id);
    });
    groups = groups.filter(function (group) { return group.quotes.length; });
    if (unknown.quotes.length) groups.push(unknown);
    return groups;
  }

  function colourOf(groups) {
    var colours = {};
    groups.forEach(function (group) {
      group.quotes.forEach(function (id) { colours[id] = group; });
    });
    return colours;
  }

  /* ---- the article ------------------------------------------------------------------------ */
  function quoteElement(mark) {
    var node = el("mark", "quote quote-" + mark.quote.type);
    node.setAttribute("data-quote-id", mark.quote.id);
    node.setAttribute("data-type", mark.quote.type);
    node.setAttribute("data-speaker", mark.group.name || "");
    node.setAttribute("tabindex", "-1");
    node.title = (mark.group.name || t("unknownSpeaker")) + " · " + t(mark.quote.type);
    node.style.setProperty("--speaker", mark.group.colour);
    return node;
  }

  function chip(mark) {
    var node = el("span", "chip chip-" + mark.quote.type);
    node.style.setProperty("--speaker", mark.group.colour);
    node.appendChild(el("span", "chip-speaker", mark.group.name || "?"));
    node.appendChild(el("span", "chip-type", t(mark.quote.type)));
    return node;
  }

  function renderArticle(data, colours) {
    var text = data.text;
    var units = layout.codePointIndex(text);
    var marks = data.quotes.map(function (quote, index) {
      return { quote: quote, index: index, group: colours[quote.id],
               start: units[quote.start], end: units[quote.end] };
    }).filter(function (m) { return m.start < m.end; });
    var article = $("article-view");
    article.replaceChildren();
    layout.paragraphs(text).forEach(function (span) {
      var begin = span[0];
      var end = span[1];
      var paragraph = el("p");
      var stack = [paragraph];
      var cursor = begin;
      var ops = layout.withChips(layout.operations(begin, end, marks), text, begin, end);
      ops.forEach(function (op) {
        var container = stack[stack.length - 1];
        if (op.at > cursor) container.appendChild(document.createTextNode(text.slice(cursor, op.at)));
        cursor = op.at;
        if (op.chip) {
          container.appendChild(chip(op.mark));
        } else if (op.close) {
          stack.pop();
        } else {
          var node = quoteElement(op.mark);
          container.appendChild(node);
          stack.push(node);
        }
      });
      if (end > cursor) paragraph.appendChild(document.createTextNode(text.slice(cursor, end)));
      article.appendChild(paragraph);
    });
  }

  /* ---- the side list ----------------------------------------------------------------------- */
  function jumpTo(group, button) {
    var next = ((state.cursor[group.key] === undefined ? -1 : state.cursor[group.key]) + 1) %
      group.quotes.length;
    state.cursor[group.key] = next;
    var id = group.quotes[next];
    var target = document.querySelector('mark[data-quote-id="' + CSS.escape(id) + '"]');
    if (!target) return;
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    document.querySelectorAll('mark[data-quote-id="' + CSS.escape(id) + '"]').forEach(function (m) {
      m.classList.add("current");
    });
    var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    // Focus stays on the button (Enter again goes to the next quote); the quote is announced.
    var position = t("position", { i: next + 1, n: group.quotes.length });
    button.querySelector(".speaker-position").textContent = position;
    var quote = state.response.quotes.filter(function (q) { return q.id === id; })[0];
    $("announcer").textContent = (group.name || t("unknownSpeaker")) + ", " + position + ": " +
      (quote ? quote.text : "");
  }

  function renderSpeakers(groups) {
    var list = $("speaker-list");
    list.replaceChildren();
    groups.forEach(function (group) {
      var item = el("li");
      var button = el("button", "speaker");
      button.type = "button";
      button.setAttribute("data-speaker-key", group.key);
      button.style.setProperty("--speaker", group.colour);
      var name = group.name || t("unknownSpeaker");
      button.setAttribute("aria-label", t("jump", { speaker: name, count: count(group.quotes.length) }));
      button.appendChild(el("span", "swatch"));
      var body = el("span", "speaker-body");
      body.appendChild(el("span", "speaker-name", name));
      if (group.role) body.appendChild(el("span", "speaker-role", group.role));
      button.appendChild(body);
      var meta = el("span", "speaker-meta");
      meta.appendChild(el("span", "speaker-count", count(group.quotes.length)));
      meta.appendChild(el("span", "speaker-position"));
      button.appendChild(meta);
      button.addEventListener("click", function () { jumpTo(group, button); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function renderLegend(data) {
    var legend = $("legend");
    legend.replaceChildren();
    TYPES.forEach(function (type) {
      var count = data.quotes.filter(function (q) { return q.type === type; }).length;
      var item = el("li");
      item.appendChild(el("span", "badge badge-" + type, t(type)));
      item.appendChild(el("span", "legend-count", String(count)));
      item.appendChild(el("span", "legend-help", t(type + "Help")));
      legend.appendChild(item);
    });
  }

  function render(data) {
    var groups = speakerGroups(data);
    renderArticle(data, colourOf(groups));
    renderSpeakers(groups);
    renderLegend(data);
    $("summary").textContent = t("summary", {
      quotes: count(data.quotes.length), speakers: count(groups.length, "speaker"),
    });
    $("rules-version").textContent = data.rules_version ? t("rules", { version: data.rules_version }) : "";
  }

  function download() {
    if (!state.response) return;
    var blob = new Blob([JSON.stringify(state.response, null, 2) + "\n"], { type: "application/json" });
    var link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = "kutip-" + (state.response.id || new Date().toISOString().slice(0, 10)) + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  /* ---- wiring ------------------------------------------------------------------------------ */
  function init() {
    var stored = null;
    try { stored = window.localStorage.getItem("kutip.lang"); } catch (e) { /* private mode */ }
    applyLanguage(stored || (/^en\b/i.test(navigator.language || "") ? "en" : "id"));
    document.querySelectorAll("[data-lang]").forEach(function (button) {
      button.addEventListener("click", function () { applyLanguage(button.getAttribute("data-lang")); });
    });
    var input = $("article-input");
    input.addEventListener("input", function () { state.fileFormat = null; updateFormat(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); extract(); }
    });
    $("extract-button").addEventListener("click", extract);
    $("download-button").addEventListener("click", download);
    $("file-input").addEventListener("change", function (event) { loadFile(event.target.files[0]); });
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
