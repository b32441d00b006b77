"""bench/lazy_bound.py still reaches the scanner it replaces, and its figures are the engine's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bench import lazy_bound

from kutip.engine import Engine
from kutip.engine.people import scan
from kutip.evaluation.matching import score_documents
from kutip.evaluation.run import load_jsonl, predict

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "seeds" / "seed-gold.jsonl"
needs_gold = pytest.mark.skipif(not GOLD.exists(), reason=f"{GOLD} is absent (../shared)")


@needs_gold
def test_variants_read_fewer_openers_and_put_the_scanner_back() -> None:
    engine = Engine.from_directory(None)
    text = next(iter(load_jsonl(GOLD).values()))["text"]
    ways = lazy_bound.variants(engine._cue_words)
    seen: dict[str, list[tuple[int, int]]] = {}
    for label in ways:

        def spy(
            scanner: scan.RunScanner, patterns: scan.ScanPatterns, _label: str = label
        ) -> list[tuple[int, int]]:
            seen[_label] = ways[_label](scanner, patterns)
            return seen[_label]

        with lazy_bound.openers_of(spy):
            engine.extract(text)
    assert scan.RunScanner._openers is ways["full"]  # put back after each variant
    assert seen["none"] == []
    assert 0 < len(seen["lazy"]) < len(seen["full"])
    assert set(seen["lazy"]) <= set(seen["full"])


@needs_gold
def test_the_full_row_is_what_kutip_eval_scores() -> None:
    script = ROOT / "bench" / "lazy_bound.py"
    done = subprocess.run(
        [sys.executable, str(script), str(GOLD), "--passes", "1", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    # | variant | ms (median) | speed-up | quotes found | quotes F1 | end-to-end F1 | speaker |
    row = r"^\| (\w+) \| [\d.]+ \([\d.]+\) \| [\d.]+x \| (\d+)" + r" \| ([\d.]+)" * 3 + r" \|$"
    rows = {m[0]: m[1:] for m in re.findall(row, done.stdout, re.M)}
    assert set(rows) == {"full", "lazy", "none"}
    gold = load_jsonl(GOLD)
    summary = score_documents(gold, predict(Engine.from_directory(None), gold), 0).summary()
    found, quotes_f1, end_to_end, _ = rows["full"]
    assert int(found) == summary["pred_quotes"]
    assert float(quotes_f1) == pytest.approx(summary["quote"]["f1"], abs=0.0005)
    assert float(end_to_end) == pytest.approx(summary["end_to_end"]["f1"], abs=0.0005)
    # Without the up-front scan the seed's speakers named only by an earlier sentence are lost.
    assert float(rows["none"][2]) < float(end_to_end), json.dumps(rows)
