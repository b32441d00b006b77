"""Per-article matching of predicted against gold quotes (see scoring.py for the rules)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kutip.evaluation.scoring import (
    Scores,
    overlap,
    scored_types,
    speaker_exact,
    speaker_name,
    speaker_right,
    trim,
)


def _coverage(spans: list[tuple[int, int]], size: int) -> list[bool]:
    cover = [False] * size
    for s, e in spans:
        for i in range(s, e):
            cover[i] = True
    return cover


def score_article(
    scores: Scores, gold: Mapping[str, Any], pred: Mapping[str, Any] | None, n_errors: int
) -> None:
    text = gold["text"]
    types = scored_types(gold.get("annotated"))
    gq = [q for q in gold.get("quotes", []) if q.get("type", "direct") in types]
    pq = [q for q in ((pred or {}).get("quotes") or []) if q.get("type", "direct") in types]
    gs = [trim(text, q["start"], q["end"]) for q in gq]
    ps = [trim(text, q["start"], q["end"]) for q in pq]
    ignore = [trim(text, s["start"], s["end"]) for s in gold.get("ignore_spans") or []]
    c = scores.counts
    if ignore:
        keep = [
            j
            for j, sp in enumerate(ps)
            if not any(overlap(sp, ig) >= 0.5 for ig in ignore)
            or any(overlap(sp, g) >= 0.5 for g in gs)
        ]
        c["ignored"] += len(ps) - len(keep)
        pq = [pq[j] for j in keep]
        ps = [ps[j] for j in keep]
    c["gold"] += len(gq)
    c["pred"] += len(pq)
    gold_cover, pred_cover = _coverage(gs, len(text)), _coverage(ps, len(text))
    c["pred_chars"] += sum(pred_cover)
    c["gold_chars_u"] += sum(gold_cover)
    c["both_chars"] += sum(1 for a, b in zip(gold_cover, pred_cover, strict=True) if a and b)
    pairs = sorted(
        ((overlap(gs[i], ps[j]), i, j) for i in range(len(gs)) for j in range(len(ps))),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for jac, i, j in pairs:
        if jac < 0.5:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        _count_match(scores, gold["id"], text, gq[i], pq[j], gs[i] == ps[j], gs[i], n_errors)
    for j, q in enumerate(pq):
        rule = str(q.get("rule", "?"))
        scores.by_rule[rule, "pred"] += 1
        if j in used_p:
            scores.by_rule[rule, "tp"] += 1
        elif len(scores.errors) < n_errors:
            piece = text[ps[j][0] : ps[j][1]][:110]
            scores.errors.append(f"[{gold['id']}] EXTRA ({q.get('type')}) {piece!r} <{rule}>")
    for i, q in enumerate(gq):
        scores.by_type[q.get("type", "direct"), "gold"] += 1
        if i not in used_g and len(scores.errors) < n_errors:
            piece = text[gs[i][0] : gs[i][1]][:110]
            scores.errors.append(f"[{gold['id']}] MISSED ({q.get('type')}) {piece!r}")


def _count_match(
    scores: Scores,
    aid: str,
    text: str,
    g: Mapping[str, Any],
    p: Mapping[str, Any],
    exact: bool,
    span: tuple[int, int],
    n_errors: int,
) -> None:
    c = scores.counts
    c["tp"] += 1
    gtype = g.get("type", "direct")
    scores.by_type[gtype, "tp"] += 1
    c["tp_exact"] += exact
    c["type_right"] += p.get("type", "direct") == gtype
    right = speaker_right(speaker_name(p), g)
    how = g.get("speaker_by", "explicit" if g.get("speaker") else "none")
    if g.get("speaker"):
        c["attr_n"] += 1
        scores.by_how[how, "n"] += 1
        c["attr_exact"] += speaker_exact(speaker_name(p), g)
        if right:
            c["attr_ok"] += 1
            scores.by_how[how, "ok"] += 1
    if right:
        c["e2e_tp"] += 1
        scores.by_rule[str(p.get("rule", "?")), "e2e"] += 1
    elif len(scores.errors) < n_errors:
        scores.errors.append(
            f"[{aid}] WRONG SPEAKER pred={speaker_name(p)!r} gold={g.get('speaker')!r}: "
            f"{text[span[0] : span[1]][:90]!r} <{p.get('rule', '?')}>"
        )


def score_documents(
    gold: Mapping[str, Mapping[str, Any]],
    pred: Mapping[str, Mapping[str, Any]],
    n_errors: int = 0,
) -> Scores:
    """Score every gold article against the prediction with the same id."""
    scores = Scores(articles=len(gold))
    for aid, g in gold.items():
        score_article(scores, g, pred.get(aid), n_errors)
    return scores
