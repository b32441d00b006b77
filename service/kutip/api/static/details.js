/* kutip: one quote's details in a modal <dialog> (focus stays inside, Escape closes, focus goes
 * back where it was): the rule, cue, confidence and how the speaker was found; corrections of
 * its speaker and type; drop it; copy it with its attribution.
 */
window.kutipDetails = (function () {
  "use strict";

  var R = window.kutipResult;
  var NONE = "__none__";
  var OTHER = "__other__";
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, className, text) { return window.kutipRender.el(tag, className, text); };
  var current = null; // {id, ctx, opener}

  function fact(list, term, value) {
    list.appendChild(el("dt", null, term));
    list.appendChild(el("dd", null, value));
  }

  function facts(quote, t) {
    var list = $("details-facts");
    list.replaceChildren();
    var speaker = quote.speaker;
    fact(list, t("colSpeaker"), speaker && speaker.name ? speaker.name : t("unknownSpeaker"));
    if (speaker && speaker.role) fact(list, t("colRole"), speaker.role);
    if (speaker && speaker.affiliation) fact(list, t("colAffiliation"), speaker.affiliation);
    fact(list, t("colType"), t(quote.type));
    fact(list, t("factRule"), quote.rule === "manual" ? t("ruleManual") : quote.rule);
    fact(list, t("colCue"), quote.cue ? quote.cue.word : t("noCue"));
    var percent = Math.round(quote.confidence * 100) + "%";
    fact(list, t("factConfidence"), R.isLow(quote) ? percent + " · " + t("lowConfidence") : percent);
    var how = speaker ? speaker.resolved_by : "none";
    var found = t("how_" + how);
    if (speaker && speaker.mention && how !== "explicit") found += " (“" + speaker.mention.text + "”)";
    fact(list, t("factHow"), found);
    if (quote.corrected && quote.corrected.length) {
      fact(list, t("factCorrected"), quote.corrected.map(function (w) { return t("corr_" + w); }).join(", "));
    }
  }

  function speakerChoices(quote, ctx) {
    var select = $("details-speaker");
    select.replaceChildren();
    ctx.result.speakers.forEach(function (s) {
      var option = el("option", null, s.name + (s.role ? " — " + s.role : ""));
      option.value = s.id;
      select.appendChild(option);
    });
    var none = el("option", null, ctx.t("unknownSpeaker"));
    none.value = NONE;
    select.appendChild(none);
    var other = el("option", null, ctx.t("otherName"));
    other.value = OTHER;
    select.appendChild(other);
    select.value = quote.speaker && quote.speaker.entity ? quote.speaker.entity : NONE;
    $("details-name").value = "";
    $("details-name-row").hidden = true;
  }

  function fill() {
    var quote = R.byId(current.ctx.result, current.id);
    if (!quote) return;
    var t = current.ctx.t;
    $("details-quote").textContent = quote.text;
    $("details-quote").style.setProperty("--speaker", current.ctx.colour(quote.id));
    $("details-low").hidden = !R.isLow(quote);
    facts(quote, t);
    speakerChoices(quote, current.ctx);
    $("details-type").value = quote.type;
    $("details-status").textContent = "";
  }

  function open(id, ctx) {
    current = { id: id, ctx: ctx, opener: document.activeElement };
    fill();
    var dialog = $("details");
    if (!dialog.open) dialog.showModal();
    $("details-title").focus();
  }

  function apply() {
    var ctx = current.ctx;
    var quote = R.byId(ctx.result, current.id);
    var choice = $("details-speaker").value;
    var before = quote.speaker && quote.speaker.entity ? quote.speaker.entity : NONE;
    if (choice === OTHER) {
      var name = $("details-name").value.trim();
      if (!name) {
        $("details-status").textContent = ctx.t("nameNeeded");
        $("details-name").focus();
        return;
      }
      R.setSpeaker(ctx.result, current.id, { name: name });
    } else if (choice !== before) {
      R.setSpeaker(ctx.result, current.id, choice === NONE ? null : { entity: choice });
    }
    R.setType(ctx.result, current.id, $("details-type").value);
    ctx.changed();
    fill();
    $("details-status").textContent = ctx.t("saved");
  }

  function drop() {
    var ctx = current.ctx;
    R.drop(ctx.result, current.id);
    current.opener = null; // its chip is gone: focus goes to the article
    close();
    ctx.changed(ctx.t("dropped"));
  }

  function copy() {
    var quote = R.byId(current.ctx.result, current.id);
    current.ctx.copy(window.kutipExports.attribution(quote), $("details-status"));
  }

  function close() {
    var dialog = $("details");
    if (dialog.open) dialog.close();
  }

  function init() {
    $("details-speaker").addEventListener("change", function () {
      var other = $("details-speaker").value === OTHER;
      $("details-name-row").hidden = !other;
      if (other) $("details-name").focus();
    });
    $("details-apply").addEventListener("click", apply);
    $("details-drop").addEventListener("click", drop);
    $("details-copy").addEventListener("click", copy);
    $("details-close").addEventListener("click", close);
    $("details").addEventListener("close", function () {
      if ($("details").open) return; // opened again before this event ran: focus is inside
      var back = current && current.opener;
      var ctx = current && current.ctx;
      if (back && document.body.contains(back)) { back.focus(); return; }
      // A correction drew the article again: the quote's new chip, if it is still there.
      var chip = current && document.querySelector('button[data-chip-for="' + CSS.escape(current.id) + '"]');
      if (chip && back !== null) chip.focus();
      else if (ctx) ctx.focusArticle();
    });
  }

  return { init: init, open: open, close: close };
})();
