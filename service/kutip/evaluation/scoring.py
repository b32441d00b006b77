"""Quote-attribution scoring as FORMAT.md defines it.

Spans are trimmed of white space, punctuation and quotation marks; a prediction matches a gold
quote when the trimmed spans overlap by half their union (one-to-one, greedy by overlap); a
speaker is right when, after dropping honorifics and ranks, one name's words are a subset of
the other's (or of an alias). Figures must equal shared/eval/score.py's: a test checks it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

TRIM = frozenset(
    " \t\r\n\u00a0,.;:!?\u2026\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201f\u2039\u203a`"
)
TITLES = frozenset(
    """
pak bu bapak ibu sdr saudara saudari tuan nyonya nona mr mrs ms mbak mas bung
dr drs dra ir h hj haji hajjah prof kh kiai kyai ustaz ustad ustadz habib gus raden rm
sh mh msi mt mm ma se st ssos sip spd mpd mkes phd mba mag skom sked spog ak mkn llm
ajun komisaris besar akbp kombes kompol akp iptu ipda aiptu aipda bripka brigadir briptu bripda
bharada irjen brigjen komjen jenderal jend mayjen letjen kolonel kol letkol mayor kapten lettu
letda serka serma sertu pratu laksamana laksma laksda laksdya marsekal marsma marsda marsdya
inspektur pol purn purnawirawan inf cpl kav arh mar psc
""".split()
)
WORD = regex.compile(r"\w+")

Span = tuple[int, int]


def trim(text: str, start: int, end: int) -> Span:
    start, end = max(0, int(start)), min(len(text), int(end))
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def overlap(a: Span, b: Span) -> float:
    """Intersection over union of two spans."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    if inter == 0:
        return 0.0
    return inter / ((a[1] - a[0]) + (b[1] - b[0]) - inter)


def name_words(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(w for w in WORD.findall(name.lower()) if w not in TITLES)


def speaker_name(quote: Mapping[str, Any]) -> str | None:
    sp = quote.get("speaker")
    if isinstance(sp, dict):
        sp = sp.get("name")
    return sp if isinstance(sp, str) and sp.strip() else None


def speaker_right(pred: str | None, gold: Mapping[str, Any]) -> bool:
    if not gold.get("speaker"):
        return pred is None
    words = name_words(pred)
    if not words:
        return False
    for alias in [gold["speaker"], *(gold.get("speaker_aliases") or [])]:
        g = name_words(alias)
        if g and (words <= g or g <= words):
            return True
    return False


def speaker_exact(pred: str | None, gold: Mapping[str, Any]) -> bool:
    """Stricter than ``speaker_right`` (kutip's own figure, not score.py's): the same name
    words, so `Surabaya Tri Rismaharini` for `Tri Rismaharini` counts as wrong."""
    words = name_words(pred)
    return bool(words) and any(
        words == name_words(alias)
        for alias in [gold.get("speaker"), *(gold.get("speaker_aliases") or [])]
        if alias
    )


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


@dataclass
class Scores:
    counts: Counter[str] = field(default_factory=Counter)
    by_type: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_how: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_rule: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    articles: int = 0

    def summary(self) -> dict[str, Any]:
        c = self.counts
        return {
            "articles": self.articles,
            "gold_quotes": c["gold"],
            "pred_quotes": c["pred"],
            "ignored_preds": c["ignored"],
            "quote": prf(c["tp"], c["pred"], c["gold"]),
            "quote_exact": prf(c["tp_exact"], c["pred"], c["gold"]),
            "chars": prf(c["both_chars"], c["pred_chars"], c["gold_chars_u"]),
            "attribution": round(c["attr_ok"] / c["attr_n"], 4) if c["attr_n"] else None,
            "attribution_n": c["attr_n"],
            "attribution_exact": round(c["attr_exact"] / c["attr_n"], 4) if c["attr_n"] else None,
            "end_to_end": prf(c["e2e_tp"], c["pred"], c["gold"]),
            "type_accuracy": round(c["type_right"] / c["tp"], 4) if c["tp"] else None,
            "recall_by_type": {
                t: round(self.by_type[t, "tp"] / self.by_type[t, "gold"], 4)
                for t in ("direct", "mixed", "indirect")
                if self.by_type[t, "gold"]
            },
            "attribution_by_how": {
                h: round(self.by_how[h, "ok"] / self.by_how[h, "n"], 4)
                for h in sorted({k[0] for k in self.by_how})
                if self.by_how[h, "n"]
            },
        }

    def rules(self) -> dict[str, dict[str, float | int]]:
        """Per rule: predictions, span precision, end-to-end precision."""
        names = sorted({k[0] for k in self.by_rule})
        out: dict[str, dict[str, float | int]] = {}
        for name in names:
            n = self.by_rule[name, "pred"]
            out[name] = {
                "predicted": n,
                "span_precision": round(self.by_rule[name, "tp"] / n, 4) if n else 0.0,
                "e2e_precision": round(self.by_rule[name, "e2e"] / n, 4) if n else 0.0,
            }
        return out


def scored_types(annotated: Iterable[str] | None) -> set[str]:
    types = set(annotated or ["direct", "indirect", "mixed"])
    if "direct" in types:
        types.add("mixed")
    return types
