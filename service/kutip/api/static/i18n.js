/* kutip: the page's language. Labels come from labels-id.js and labels-en.js (the archive
 * pages: archive-labels.js); a key missing from one language falls back to Indonesian (a test
 * keeps the two key sets equal). */
window.kutipI18n = (function () {
  "use strict";

  var LABELS = window.KUTIP_LABELS;
  var current = { lang: "id" };

  function has(key) { return Object.prototype.hasOwnProperty.call(LABELS.id, key); }

  function t(key, values) {
    var text = (LABELS[current.lang] || LABELS.id)[key];
    if (text === undefined) text = LABELS.id[key];
    if (text === undefined) text = key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function count(n, what) {
    var key = (what || "quote") + "Count";
    return n === 1 ? t(key + "One") : t(key, { n: n });
  }

  function setLang(lang) {
    current.lang = LABELS[lang] ? lang : "id";
    try { window.localStorage.setItem("kutip.lang", current.lang); } catch (e) { /* private mode */ }
    document.documentElement.lang = current.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    ["placeholder", "aria-label", "title"].forEach(function (attribute) {
      document.querySelectorAll("[data-i18n-" + attribute + "]").forEach(function (node) {
        node.setAttribute(attribute, t(node.getAttribute("data-i18n-" + attribute)));
      });
    });
    document.querySelectorAll("[data-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === current.lang));
    });
  }

  function stored() {
    try { return window.localStorage.getItem("kutip.lang"); } catch (e) { return null; }
  }

  return {
    count: count,
    has: has,
    lang: function () { return current.lang; },
    setLang: setLang,
    stored: stored,
    t: t,
  };
})();
