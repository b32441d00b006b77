"""The `kutip` command: extract, batch (per-line errors, workers), eval, check-rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kutip.batch_output import EXIT_FAILED
from kutip.cli import main
from kutip.engine import Engine
from kutip.evaluation import predict, score_documents
from kutip.problems import problem
from tests.conftest import ROOT, SEED_TEXT, SHARED

KUTIP = [sys.executable, "-m", "kutip.cli"]


def test_extract_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED_TEXT)]) == 0
    result = json.loads(capsys.readouterr().out)
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert len(result["quotes"]) == 6
    for quote in result["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]


def test_extract_stdin() -> None:
    out = subprocess.run(
        [*KUTIP, "extract", "-"],
        input="“Kami siap,” kata Sandi.",
        capture_output=True,
        text=True,
        check=True,
    )
    quote = json.loads(out.stdout)["quotes"][0]
    assert quote["speaker"]["name"] == "Sandi" and quote["rule"] == "quote-cue-name"


def test_batch_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "“Kami siap,” kata Sandi.", "extra": 1}) + "\n"
        "not json\n"
        + json.dumps({"id": "c", "text": 5})
        + "\n\n"
        + json.dumps({"id": "d", "text": "Hujan turun."})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target)]) == EXIT_FAILED
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [x.get("id") for x in lines] == ["a", None, "c", "d"]
    assert [x["line"] for x in lines] == [1, 2, 3, 5]
    assert lines[0]["quotes"][0]["speaker"]["name"] == "Sandi"
    assert lines[1]["error"]["code"] == "invalid_line" and lines[1]["line"] == 2
    # The API's problem shape, title and all.
    assert lines[2]["error"] == problem(422, "invalid_line", "field 'text' must be a string")
    assert lines[3]["quotes"] == []


def test_batch_with_workers_keeps_order(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    docs = [{"id": str(n), "text": f"“Kalimat nomor {n} ini,” kata Sandi."} for n in range(20)]
    source.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target), "--workers", "2"]) == 0
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [str(n) for n in range(20)]


def test_check_rules_passes_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-rules", str(ROOT / "rules")]) == 0
    assert "0 failed" in capsys.readouterr().out
    assert main(["check-rules", str(tmp_path)]) == 2
    assert "do not load" in capsys.readouterr().err


def test_eval_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    gold = SHARED / "seeds" / "seed-gold.jsonl"
    if not gold.exists():
        pytest.skip(f"{gold} is absent (../shared is not beside this checkout)")
    assert main(["eval", str(gold), "--by-rule", "--errors", "3"]) == 0
    out = capsys.readouterr().out
    assert "end-to-end  P 1.000  R 1.000  F1 1.000" in out
    assert "quote-cue-name" in out


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "/nonexistent/article.txt"]) == 1
    assert "No such file" in capsys.readouterr().err


def test_batch_reads_ninjs(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    html = "<p>&ldquo;Kami siap,&rdquo; kata <b>Sandi</b>.</p>"
    lines = [
        {"uri": "urn:a", "body_html": html},
        {
            "uri": "urn:b",
            "bodies": [
                {"role": "main", "contenttype": "text/plain", "value": "“Kami siap,” kata Sandi."}
            ],
        },
        {"uri": "urn:c", "headline": "no body"},
    ]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target), "--format", "ninjs"]) == EXIT_FAILED
    a, b, c = (json.loads(x) for x in target.read_text(encoding="utf-8").splitlines())
    assert a["id"] == "urn:a" and b["id"] == "urn:b"
    quote = a["quotes"][0]
    assert a["text"][quote["start"] : quote["end"]] == quote["text"] == "Kami siap,"
    assert html[quote["html_start"] : quote["html_end"]] == "Kami siap,"
    assert b["quotes"][0]["speaker"]["name"] == "Sandi"
    assert c["id"] == "urn:c" and c["error"]["code"] == "invalid_line"


def _write_gold(path: Path) -> dict[str, dict[str, Any]]:
    """Two families; the engine says Sandi everywhere, so family y's wrong gold speaker sets its
    end-to-end figure apart from x's."""
    text = "“Kami siap,” kata Sandi."
    gold = {}
    for aid, speaker in [("x-1", "Sandi"), ("y-1", "Budi"), ("x-2", "Sandi")]:
        quote = {"start": 1, "end": 11, "text": "Kami siap,", "type": "direct", "speaker": speaker}
        gold[aid] = {"id": aid, "text": text, "annotated": ["direct"], "quotes": [quote]}
    path.write_text("".join(json.dumps(g) + "\n" for g in gold.values()), encoding="utf-8")
    return gold


def test_eval_by_source_json(
    tmp_path: Path, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold = _write_gold(gold_path)
    assert main(["eval", str(gold_path), "--by-source", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    by_source = summary.pop("by_source")
    assert list(by_source) == ["x", "y"]
    pred = predict(engine, gold)
    for family, figures in by_source.items():
        alone = {aid: g for aid, g in gold.items() if aid.startswith(family + "-")}
        assert figures == score_documents(alone, pred).summary()
    assert by_source["x"]["end_to_end"]["f1"] == 1.0
    assert by_source["y"]["end_to_end"]["f1"] == 0.0
    assert summary == score_documents(gold, pred).summary()


def test_eval_by_source_prints_a_block_per_family(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_path = tmp_path / "gold.jsonl"
    _write_gold(gold_path)
    assert main(["eval", str(gold_path), "--by-source", "--by-rule"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "articles 3  gold quotes 3  predicted 3"
    x, y = lines.index("source x"), lines.index("source y")
    assert lines[x + 1] == "  articles 2  gold quotes 2  predicted 2"
    assert "  end-to-end  P 1.000  R 1.000  F1 1.000" in lines[x:y]
    assert lines[y + 1] == "  articles 1  gold quotes 1  predicted 1"
    assert "  end-to-end  P 0.000  R 0.000  F1 0.000" in lines[y:]
    assert any(line.startswith("quote-cue-name") for line in lines[y:])
    # Without the flag, no family blocks.
    assert main(["eval", str(gold_path)]) == 0
    assert "source x" not in capsys.readouterr().out


def test_eval_by_source_on_long_dev(capsys: pytest.CaptureFixture[str]) -> None:
    gold_path = SHARED / "eval" / "long-dev.jsonl"
    if not gold_path.exists():
        pytest.skip(f"{gold_path} is absent: the dev gold files live in ../shared/eval")
    assert main(["eval", str(gold_path), "--by-source", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    by_source = summary["by_source"]
    assert list(by_source) == ["a", "b"]
    for key in ("articles", "gold_quotes", "pred_quotes"):
        assert sum(family[key] for family in by_source.values()) == summary[key]
