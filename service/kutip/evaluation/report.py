"""The text `kutip eval` prints: the figures of one summary, the per-rule table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report(summary: Mapping[str, Any]) -> list[str]:
    """The standard figures of one ``Scores.summary()``, one line each."""
    q, x, ch, e = summary["quote"], summary["quote_exact"], summary["chars"], summary["end_to_end"]
    return [
        f"articles {summary['articles']}  gold quotes {summary['gold_quotes']}"
        f"  predicted {summary['pred_quotes']}",
        f"quotes      P {q['p']:.3f}  R {q['r']:.3f}  F1 {q['f1']:.3f}   (exact F1 {x['f1']:.3f})",
        f"characters  P {ch['p']:.3f}  R {ch['r']:.3f}  F1 {ch['f1']:.3f}",
        f"speaker     {_figure(summary['attribution'])} of {summary['attribution_n']} matched"
        f" quotes  {summary['attribution_by_how']}"
        f"  (same name words {_figure(summary['attribution_exact'])})",
        f"end-to-end  P {e['p']:.3f}  R {e['r']:.3f}  F1 {e['f1']:.3f}",
        f"recall by type {summary['recall_by_type']}  type accuracy {summary['type_accuracy']}",
    ]


def rule_table(rules: Mapping[str, Mapping[str, float | int]]) -> list[str]:
    """``Scores.rules()`` as a table: predictions, span precision, end-to-end precision."""
    lines = [f"{'rule':<28} {'predicted':>9} {'span P':>7} {'e2e P':>7}"]
    for name, row in rules.items():
        lines.append(
            f"{name:<28} {row['predicted']:>9} {row['span_precision']:>7.3f}"
            f" {row['e2e_precision']:>7.3f}"
        )
    return lines


def source_blocks(summaries: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One block of the standard figures per source family, each under its family's name."""
    lines: list[str] = []
    for family, summary in summaries.items():
        lines += ["", f"source {family}"]
        lines += [f"  {line}" for line in report(summary)]
    return lines
