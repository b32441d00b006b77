/* kutip: what the corrected result leaves the page as. Pure functions, no DOM.
 *  - json: the service's shape, corrected (each changed quote says what in `corrected`);
 *  - csv: one row per quote, UTF-8 with a byte order mark so spreadsheets read it as UTF-8;
 *  - gold: one line of ../shared/eval/FORMAT.md, so corrections become an evaluation set;
 *  - attribution: the sentence a journalist pastes.
 */
window.kutipExports = (function () {
  "use strict";

  var BOM = "\ufeff";
  var CSV_COLUMNS = ["csvNo", "csvSpeaker", "csvRole", "csvAffiliation", "csvType", "csvQuote",
                     "csvCue", "csvStart", "csvEnd", "csvConfidence", "csvRule", "csvCorrected"];
  var HOW = { explicit: "explicit", none: "none", manual: null }; // else: found through coref

  function cleanQuote(quote) {
    var out = {};
    Object.keys(quote).forEach(function (key) {
      if (key !== "corrected" || quote.corrected.length) out[key] = quote[key];
    });
    return out;
  }

  function json(result) {
    var body = {
      id: result.id === undefined ? null : result.id,
      quotes: result.quotes.map(cleanQuote),
      speakers: result.speakers.filter(function (s) { return s.quotes.length; }),
      rules_version: result.rules_version,
      warnings: result.warnings,
      text: result.text,
      corrections: result.corrections,
    };
    return JSON.stringify(body, null, 2) + "\n";
  }

  /* A cell as RFC 4180 wants it; a leading = + - @ is defused, as spreadsheets would run it. */
  function cell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(result, t) {
    var rows = [CSV_COLUMNS.map(function (key) { return t(key); })];
    result.quotes.forEach(function (quote, index) {
      var speaker = quote.speaker || {};
      rows.push([index + 1, speaker.name, speaker.role, speaker.affiliation, t(quote.type),
                 quote.text, quote.cue && quote.cue.word, quote.start, quote.end,
                 quote.confidence, quote.rule, (quote.corrected || []).join(" ")]);
    });
    return BOM + rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n";
  }

  function aliases(result, quote) {
    var entity = quote.speaker && quote.speaker.entity;
    var person = result.speakers.filter(function (s) { return s.id === entity; })[0];
    if (!person) return [];
    var seen = [person.name];
    // Names only: a pronoun mention ("ia") would make any "Ia" speaker count as right.
    person.mentions.forEach(function (m) {
      if (/^\p{Lu}/u.test(m.text) && seen.indexOf(m.text) < 0) seen.push(m.text);
    });
    return seen.slice(1);
  }

  function goldQuote(result, quote) {
    var speaker = quote.speaker && quote.speaker.name ? quote.speaker.name : null;
    var line = { start: quote.start, end: quote.end, text: quote.text, type: quote.type,
                 speaker: speaker, speaker_aliases: aliases(result, quote),
                 cue: quote.cue ? quote.cue.word : null };
    var how = quote.speaker ? quote.speaker.resolved_by : "none";
    var by = how in HOW ? HOW[how] : "coref";
    if (by) line.speaker_by = by;
    return line;
  }

  /* Checked by the journalist in full: every type the page shows (mixed is scored with direct). */
  function gold(result, id) {
    var line = {
      id: id,
      source: "kutip page, corrected by hand (rules " + result.rules_version + ")",
      text: result.text,
      annotated: ["direct", "indirect"],
      quotes: result.quotes.map(function (q) { return goldQuote(result, q); }),
    };
    return JSON.stringify(line) + "\n";
  }

  function post(speaker) {
    if (!speaker) return "";
    var role = speaker.role || "";
    var affiliation = speaker.affiliation || "";
    if (role && affiliation && role.indexOf(affiliation) < 0) return role + " " + affiliation;
    return role || affiliation;
  }

  /* “Harga beras stabil,” kata Budi Santoso, Menteri Perdagangan.  A paraphrase (indirect or
   * mixed) is never put inside quotation marks: "Menurut X, Jabatan, ..." says it was reported. */
  function attribution(quote) {
    var words = quote.text.trim().replace(/[\s,.;:]+$/u, "");
    var speaker = quote.speaker && quote.speaker.name ? quote.speaker : null;
    var who = speaker ? speaker.name + (post(speaker) ? ", " + post(speaker) : "") : "";
    var stop = /[.!?]$/.test(who) ? "" : ".";
    if (quote.type === "direct") {
      var comma = /[?!…]$/u.test(words) ? "" : ",";
      if (!who) return "“" + words + (comma ? "." : "") + "”";
      return "“" + words + comma + "” kata " + who + stop;
    }
    if (!who) return words + ".";
    return "Menurut " + who + ", " + words + (/[?!…]$/u.test(words) ? "" : ".");
  }

  return { attribution: attribution, csv: csv, gold: gold, json: json };
})();
