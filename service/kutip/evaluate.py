"""`kutip eval`: run the engine over a gold file and print the figures of FORMAT.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kutip.engine import Engine
from kutip.evaluation import score_documents


def load_jsonl(path: str | Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if not isinstance(obj, dict) or "id" not in obj:
                raise ValueError(f"{path}:{n}: each line needs an 'id'")
            out[str(obj["id"])] = obj
    return out


def predict(engine: Engine, gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {aid: {"id": aid, **engine.extract(g["text"]).to_dict()} for aid, g in gold.items()}


def report(summary: dict[str, Any]) -> list[str]:
    q, x, ch, e = summary["quote"], summary["quote_exact"], summary["chars"], summary["end_to_end"]
    attr = summary["attribution"]
    attr_text = "-" if attr is None else f"{attr:.3f}"
    exact = summary["attribution_exact"]
    exact_text = "-" if exact is None else f"{exact:.3f}"
    return [
        f"articles {summary['articles']}  gold quotes {summary['gold_quotes']}"
        f"  predicted {summary['pred_quotes']}",
        f"quotes      P {q['p']:.3f}  R {q['r']:.3f}  F1 {q['f1']:.3f}   (exact F1 {x['f1']:.3f})",
        f"characters  P {ch['p']:.3f}  R {ch['r']:.3f}  F1 {ch['f1']:.3f}",
        f"speaker     {attr_text} of {summary['attribution_n']} matched quotes"
        f"  {summary['attribution_by_how']}  (same name words {exact_text})",
        f"end-to-end  P {e['p']:.3f}  R {e['r']:.3f}  F1 {e['f1']:.3f}",
        f"recall by type {summary['recall_by_type']}  type accuracy {summary['type_accuracy']}",
    ]


def evaluate(gold_path: str, n_errors: int, by_rule: bool, as_json: bool, rules: str | None) -> int:
    gold = load_jsonl(gold_path)
    engine = Engine.from_directory(rules)
    scores = score_documents(gold, predict(engine, gold), n_errors)
    summary = scores.summary()
    if as_json:
        if by_rule:
            summary["by_rule"] = scores.rules()
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    for line in report(summary):
        print(line)
    if by_rule:
        print(f"{'rule':<28} {'predicted':>9} {'span P':>7} {'e2e P':>7}")
        for name, row in scores.rules().items():
            print(
                f"{name:<28} {row['predicted']:>9} {row['span_precision']:>7.3f}"
                f" {row['e2e_precision']:>7.3f}"
            )
    for line in scores.errors:
        print(line)
    return 0
