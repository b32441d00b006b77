/* kutip: the result the journalist works on. A copy of the service's answer that corrections
 * change (speaker, type, drop, add); the answer itself stays as it came. No DOM here.
 *
 * Offsets stay code points into `text`, as the service gives them, so a corrected result is
 * still a valid gold line (../shared/eval/FORMAT.md) and `kutip eval` can score it.
 */
window.kutipResult = (function () {
  "use strict";

  var PALETTE = ["#1d4ed8", "#b45309", "#047857", "#be185d", "#6d28d9",
                 "#0e7490", "#b91c1c", "#4d7c0f", "#a21caf", "#c2410c"];
  var UNKNOWN_COLOUR = "#52606d";
  var UNKNOWN = "__unknown__";
  // Below this the page marks a quote "check it": the rules at 0.75 and under guess the speaker
  // from context (continuation, turn-taking, unattributed speech, -nya reports); on long-dev the
  // first three were wrong end to end in every case (kutip eval --by-rule).
  var LOW_CONFIDENCE = 0.76;
  var OPENING = "“‘\"'«‹„";
  var CLOSING = "”’\"'»›";

  function fromResponse(response) {
    var data = JSON.parse(JSON.stringify(response));
    data.corrections = 0;
    data.added = 0;
    return data;
  }

  function byId(result, id) {
    return result.quotes.filter(function (q) { return q.id === id; })[0] || null;
  }

  function mark(quote, what) {
    quote.corrected = (quote.corrected || []).filter(function (w) { return w !== what; });
    quote.corrected.push(what);
  }

  function isLow(quote) { return quote.confidence < LOW_CONFIDENCE && !quote.corrected; }

  /* choice: {entity: id} (a person of the article), {name: "typed"}, or null (nobody named). */
  function setSpeaker(result, id, choice) {
    var quote = byId(result, id);
    if (!quote) return;
    var speaker = null;
    if (choice && choice.name && !choice.entity) {
      var typed = choice.name.trim().replace(/\s+/g, " ");
      var known = result.speakers.filter(function (s) {
        return s.name.toLowerCase() === typed.toLowerCase();
      })[0];
      if (!known) {
        known = { id: "m" + (result.speakers.length + 1), name: typed, role: null,
                  affiliation: null, mentions: [], quotes: [] };
        result.speakers.push(known);
      }
      choice = { entity: known.id };
    }
    if (choice && choice.entity) {
      var person = result.speakers.filter(function (s) { return s.id === choice.entity; })[0];
      if (person) {
        speaker = { name: person.name, mention: null, role: person.role,
                    affiliation: person.affiliation, resolved_by: "manual", entity: person.id };
      }
    }
    quote.speaker = speaker;
    mark(quote, "speaker");
    result.corrections += 1;
    relink(result);
  }

  function setType(result, id, type) {
    var quote = byId(result, id);
    if (!quote || quote.type === type) return;
    quote.type = type;
    mark(quote, "type");
    result.corrections += 1;
  }

  function drop(result, id) {
    var before = result.quotes.length;
    result.quotes = result.quotes.filter(function (q) { return q.id !== id; });
    if (result.quotes.length !== before) result.corrections += 1;
    relink(result);
  }

  /* A missed quote from code point offsets (a selection): trimmed of white space and quotation
   * marks, typed `direct` when marks enclose it. Returns the new quote, or a reason string. */
  function add(result, start, end) {
    var chars = Array.from(result.text);
    var isEdge = function (ch) { return /\s/.test(ch) || OPENING.indexOf(ch) >= 0 || CLOSING.indexOf(ch) >= 0; };
    while (start < end && isEdge(chars[start])) start++;
    while (end > start && isEdge(chars[end - 1])) end--;
    if (end - start < 2) return "tooShort";
    var same = result.quotes.some(function (q) { return q.start === start && q.end === end; });
    if (same) return "already";
    var before = chars[start - 1] || "";
    var after = chars[end] || "";
    var quoted = OPENING.indexOf(before) >= 0 && CLOSING.indexOf(after) >= 0;
    result.added += 1;
    var quote = { id: "m-q" + result.added, start: start, end: end,
                  text: chars.slice(start, end).join(""), type: quoted ? "direct" : "indirect",
                  speaker: null, cue: null, rule: "manual", confidence: 1, corrected: ["added"] };
    result.quotes.push(quote);
    result.quotes.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    result.corrections += 1;
    relink(result);
    return quote;
  }

  /* Where the words of a quote typed or pasted (the keyboard way to add one) first occur
   * outside the quotes already found: code point offsets, or null. */
  function find(result, words) {
    var needle = words.trim();
    if (!needle) return null;
    var text = result.text;
    var from = 0;
    while (true) {
      var at = text.indexOf(needle, from);
      if (at < 0) return null;
      var start = window.kutipArticle.unitsToCodePoints(text, at);
      var end = start + Array.from(needle).length;
      var taken = result.quotes.some(function (q) { return q.start <= start && q.end >= end; });
      if (!taken) return [start, end];
      from = at + 1;
    }
  }

  /* Each speaker's `quotes`, in text order, after a correction. */
  function relink(result) {
    result.speakers.forEach(function (s) { s.quotes = []; });
    result.quotes.forEach(function (q) {
      var entity = q.speaker && q.speaker.entity;
      result.speakers.forEach(function (s) { if (s.id === entity) s.quotes.push(q.id); });
    });
  }

  /* The people who speak, each with a colour (kept by their place in `speakers`, so a
   * correction never repaints the others), then those quotes nobody is named for. */
  function speakerGroups(result) {
    var groups = result.speakers.map(function (speaker, index) {
      return { key: speaker.id, name: speaker.name, role: speaker.role,
               affiliation: speaker.affiliation, colour: PALETTE[index % PALETTE.length], quotes: [] };
    });
    var byKey = {};
    groups.forEach(function (group) { byKey[group.key] = group; });
    var unknown = { key: UNKNOWN, name: null, role: null, affiliation: null,
                    colour: UNKNOWN_COLOUR, quotes: [] };
    result.quotes.forEach(function (quote) {
      var entity = quote.speaker && quote.speaker.entity;
      (byKey[entity] || unknown).quotes.push(quote.id);
    });
    groups = groups.filter(function (group) { return group.quotes.length; });
    if (unknown.quotes.length) groups.push(unknown);
    return groups;
  }

  function groupOf(groups) {
    var of = {};
    groups.forEach(function (group) {
      group.quotes.forEach(function (id) { of[id] = group; });
    });
    return of;
  }

  /* The unread quotation marks: the service says "unmatched quotation mark at offset N". A
   * warning given as an object (a later API may add positions) is read by its `start` or
   * `offset`, else by its message. */
  function warningMarks(result) {
    return (result.warnings || []).map(function (warning, index) {
      var at = null;
      var message = warning;
      if (warning && typeof warning === "object") {
        at = [warning.start, warning.offset].filter(function (n) { return typeof n === "number"; })[0];
        message = warning.message || warning.detail || "";
      }
      if (typeof at !== "number") {
        var found = /unmatched quotation mark at offset (\d+)/.exec(String(message));
        at = found ? Number(found[1]) : null;
      }
      return { index: index, at: at, raw: warning, message: String(message || "") };
    });
  }

  return {
    LOW_CONFIDENCE: LOW_CONFIDENCE,
    UNKNOWN: UNKNOWN,
    add: add,
    byId: byId,
    drop: drop,
    find: find,
    fromResponse: fromResponse,
    groupOf: groupOf,
    isLow: isLow,
    setSpeaker: setSpeaker,
    setType: setType,
    speakerGroups: speakerGroups,
    warningMarks: warningMarks,
  };
})();
