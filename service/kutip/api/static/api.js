/* kutip: talking to the service. The API key lives in this tab only (sessionStorage, never
 * localStorage or a cookie) and goes out as X-API-Key; a problem+json answer becomes a Problem
 * whose codes the page translates (the English `detail` is only the last resort).
 */
window.kutipApi = (function () {
  "use strict";

  var KEY_ITEM = "kutip.apiKey";
  var memory = ""; // where sessionStorage is refused (some private modes), the page keeps it

  function apiKey() {
    try { return window.sessionStorage.getItem(KEY_ITEM) || memory; } catch (e) { return memory; }
  }

  function setApiKey(value) {
    memory = value || "";
    try {
      if (memory) window.sessionStorage.setItem(KEY_ITEM, memory);
      else window.sessionStorage.removeItem(KEY_ITEM);
    } catch (e) { /* kept in memory only */ }
  }

  /* The service refused: status, stable code, the body, and whether a key had been sent. */
  function Problem(status, body, sentKey) {
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || "http_" + status;
    this.sentKey = sentKey;
  }

  function NetworkError() { this.code = "network"; }

  /* A JSON request (POST, PATCH) to the service; its JSON answer, or a Problem. */
  function send(method, path, body) {
    var key = apiKey();
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (key) headers["X-API-Key"] = key;
    return fetch(path, { method: method, headers: headers, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) throw new Problem(response.status, data, Boolean(key));
          return data;
        });
      }, function () { throw new NetworkError(); });
  }

  function post(path, body) { return send("POST", path, body); }

  /* Every leaf of a nested object of lists (``errors`` and ``codes`` share one shape). */
  function leaves(value) {
    if (value === null || value === undefined) return [];
    if (typeof value !== "object") return [String(value)];
    return Object.keys(value).reduce(function (all, key) {
      return all.concat(leaves(value[key]));
    }, []);
  }

  /* The last number of an English message: the limit in "longer than 100000 characters". */
  function lastNumber(message) {
    var found = String(message || "").match(/\d+/g);
    return found ? found[found.length - 1] : "";
  }

  /* What to tell the journalist, in the page's language: t(key, values) translates. */
  function describe(error, t, has) {
    if (error instanceof NetworkError) return t("network");
    if (!(error instanceof Problem)) return t("unexpected");
    if (error.code === "unauthorized") return t(error.sentKey ? "err_key_refused" : "err_key_needed");
    var codes = leaves(error.body.codes);
    if (error.code === "validation_error" && codes.length) {
      var messages = leaves(error.body.errors);
      var said = [];
      codes.forEach(function (code, i) {
        var text = has("err_" + code) ? t("err_" + code, { n: lastNumber(messages[i]) })
          : t("err_invalid_value");
        if (said.indexOf(text) < 0) said.push(text);
      });
      return said.join(" ");
    }
    if (has("err_" + error.code)) return t("err_" + error.code, { n: lastNumber(error.body.detail) });
    return t("err_other", { status: error.status });
  }

  return {
    apiKey: apiKey,
    setApiKey: setApiKey,
    post: post,
    send: send,
    describe: describe,
    Problem: Problem,
  };
})();
