"""`kutip batch` on this machine: many inputs (files, globs, fsspec URLs), documents without
ids answered by position, the exit status and summary, and errors the user can cause."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from kutip.batch_inputs import Line, partitions
from kutip.batch_output import EXIT_FAILED
from kutip.cli import main
from tests.conftest import ROOT, SEED_TEXT, python_stdout


def seed_documents(count: int) -> list[dict[str, Any]]:
    """``count`` documents cut from the seed article's paragraphs (most hold quotes); every
    third one without an id."""
    paragraphs = [p for p in SEED_TEXT.read_text("utf-8").split("\n") if p.strip()]
    docs: list[dict[str, Any]] = []
    for n in range(count):
        text = "\n".join(paragraphs[n % len(paragraphs) :][:3])
        docs.append({"text": text} if n % 3 == 2 else {"id": f"d{n}", "text": text})
    return docs


def write_lines(path: Path, rows: list[Any]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), "utf-8"
    )
    return path


def read_answers(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_documents_without_id_are_answered_by_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = seed_documents(6)
    source = write_lines(tmp_path / "in.jsonl", docs)
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target)]) == 0
    answers = read_answers(target)
    assert [a["line"] for a in answers] == [1, 2, 3, 4, 5, 6]
    assert [a["id"] for a in answers] == [d.get("id") for d in docs]
    assert all(a["source"] == str(source) for a in answers)
    for doc, answer in zip(docs, answers, strict=True):
        for quote in answer["quotes"]:
            assert doc["text"][quote["start"] : quote["end"]] == quote["text"]
    quotes = sum(len(a["quotes"]) for a in answers)
    assert quotes > 0
    err = capsys.readouterr().err
    assert f"kutip batch: 6 documents, {quotes} quotes, 0 failed" in err


def test_failures_give_a_non_zero_exit_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lines(tmp_path / "in.jsonl", [*seed_documents(2), "[1, 2]", "{", {"id": 7}])
    target = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(target)]) == EXIT_FAILED
    answers = read_answers(target)
    assert [a.get("error", {}).get("code") for a in answers] == [
        None,
        None,
        "invalid_line",
        "invalid_line",
        "invalid_line",
    ]
    assert answers[4]["id"] == "7" and answers[4]["line"] == 5
    assert answers[2]["error"]["status"] == 422 and answers[2]["error"]["type"] == "about:blank"
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("kutip batch: 5 documents, ")
    assert "3 failed (invalid_line 3)" in summary


def test_many_inputs_globs_and_urls_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = seed_documents(9)
    for n in range(3):
        write_lines(tmp_path / f"part-{n}.jsonl", docs[n * 3 : n * 3 + 3])
    together = tmp_path / "together.jsonl"
    assert main(["batch", str(tmp_path / "part-*.jsonl"), "-o", str(together)]) == 0
    by_glob = read_answers(together)
    assert [a["source"] for a in by_glob] == [
        str(tmp_path / f"part-{n}.jsonl") for n in (0, 1, 2) for _ in range(3)
    ]
    url = f"file://{tmp_path}/part-[12].jsonl"
    by_url = tmp_path / "url.jsonl"
    assert (
        main(["batch", str(tmp_path / "part-0.jsonl"), url, "-o", str(by_url), "--workers", "2"])
        == 0
    )
    answers = read_answers(by_url)
    expected = [f"part-{n}.jsonl" for n in (0, 1, 2) for _ in range(3)]
    assert [Path(a["source"]).name for a in answers] == expected
    assert answers[3]["source"].startswith("file://")
    strip = [{k: v for k, v in a.items() if k != "source"} for a in answers]
    assert strip == [{k: v for k, v in a.items() if k != "source"} for a in by_glob]
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["batch", "/nonexistent/*.jsonl"], "input_not_found"),
        (["batch", "/nonexistent/in.jsonl"], "input_not_found"),
        (["batch", "nosuchprotocol://bucket/in.jsonl"], "unsupported_url"),
        (["batch", "file:///nonexistent/x-*.jsonl"], "input_not_found"),
        (["batch", "-", "-"], "stdin_twice"),
        (["batch", "--dask", "local:2"], "output_dir_needed"),
        (["batch", "--dask", "local:zero", "-o", "{tmp}/out"], "bad_dask_address"),
    ],
)
def test_input_errors_are_clear(
    argv: list[str], code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    assert capsys.readouterr().err.startswith(f"kutip: {code}: ")


def test_partition_size_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["batch", "--partition-size", "0", "x.jsonl"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_partitions_are_consecutive_runs() -> None:
    lines = [Line("in", n, "{}") for n in range(1, 8)]
    parts = list(partitions(lines, 3))
    assert [p.index for p in parts] == [0, 1, 2]
    assert [[x.number for x in p.lines] for p in parts] == [[1, 2, 3], [4, 5, 6], [7]]
    assert list(partitions([], 3)) == []


def test_the_base_install_does_not_grow() -> None:
    """Dask, fsspec and tqdm are the `dask` extra: not dependencies, never imported by the
    local batch or the CLI's start."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {Requirement(r).name for r in project["dependencies"]}
    extra = {Requirement(r).name for r in project["optional-dependencies"]["dask"]}
    assert extra >= {"dask", "tqdm"} and not names & (extra | {"distributed", "fsspec"})
    code = (
        "import sys, kutip.cli, kutip.batch; kutip.cli.build_parser(); "
        "print(sorted(m for m in ('dask', 'distributed', 'fsspec', 'tqdm') if m in sys.modules))"
    )
    assert python_stdout(code) == "[]"
