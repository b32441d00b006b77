"""`kutip eval`: run the engine over a gold file and print the figures of FORMAT.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kutip.engine import Engine
from kutip.evaluation.matching import score_documents
from kutip.evaluation.report import report, rule_table, source_blocks
from kutip.evaluation.sources import score_by_source


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


def evaluate(
    gold_path: str,
    n_errors: int,
    by_rule: bool,
    as_json: bool,
    rules: str | None,
    by_source: bool = False,
) -> int:
    gold = load_jsonl(gold_path)
    engine = Engine.from_directory(rules)
    pred = predict(engine, gold)
    scores = score_documents(gold, pred, n_errors)
    summary = scores.summary()
    sources = (
        {family: s.summary() for family, s in score_by_source(gold, pred).items()}
        if by_source
        else {}
    )
    if as_json:
        if by_rule:
            summary["by_rule"] = scores.rules()
        if by_source:
            summary["by_source"] = sources
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    lines = report(summary) + source_blocks(sources)
    if by_rule:
        # A blank line parts the table from the last family's block, as between the blocks.
        lines += [""] * bool(sources) + rule_table(scores.rules())
    for line in lines + scores.errors:
        print(line)
    return 0
