"""Editors' corrections: kept apart from machine output, kept over re-extraction, exported as
gold that ``kutip eval`` reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from kutip.api.archive_state import EXTENSION
from kutip.archive.schema import articles
from kutip.cli import main
from tests.api.helpers import assert_problem
from tests.archive.conftest import make_archive_app
from tests.archive.helpers import TEXT
from tests.conftest import ROOT


def kutip(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The kutip command, run in this process (its engine build is the slow part)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _store(client: FlaskClient) -> dict[str, Any]:
    body: dict[str, Any] = client.post(
        "/v1/articles", json={"id": "a1", "text": TEXT, "version": "1"}
    ).get_json()
    assert [q["id"] for q in body["quotes"]] == ["q1", "q2"]
    return body


def _quotes(client: FlaskClient) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in client.get("/v1/articles/a1").get_json()["quotes"]}


def test_speaker_and_type_fixes_drops_and_additions(archive_client: FlaskClient) -> None:
    _store(archive_client)
    fixed = archive_client.patch(
        "/v1/articles/a1/quotes/q2", json={"speaker": "Budi", "type": "mixed"}
    )
    assert fixed.status_code == 200, fixed.get_json()
    start = TEXT.index("Ia menambahkan")
    added = archive_client.post(
        "/v1/articles/a1/quotes",
        json={
            "start": start,
            "end": start + len("Ia menambahkan"),
            "type": "indirect",
            "speaker": "Ani",
        },
    )
    assert added.status_code == 201
    archive_client.patch("/v1/articles/a1/quotes/q1", json={"dropped": True})
    quotes = _quotes(archive_client)
    assert set(quotes) == {"q2", "e2"}
    assert quotes["q2"]["speaker"]["name"] == "Budi" and quotes["q2"]["type"] == "mixed"
    assert quotes["q2"]["corrected"] and quotes["q2"]["origin"] == "machine"
    assert quotes["e2"]["origin"] == "editor" and quotes["e2"]["text"] == "Ia menambahkan"
    # An editor's quote has the positions every quote has: the second paragraph, its first
    # sentence, and the text around it.
    assert (quotes["e2"]["paragraph"], quotes["e2"]["sentence"]) == (1, quotes["q2"]["sentence"])
    assert quotes["e2"]["prefix"] == TEXT[max(0, start - 32) : start]
    assert quotes["e2"]["suffix"] == TEXT[start + len("Ia menambahkan") :][:32]
    for quote in quotes.values():
        assert TEXT[quote["start"] : quote["end"]] == quote["text"]
    # An editor's speaker is a speaker like any other.
    assert [
        q["text"] for q in archive_client.get("/v1/quotes?speaker=Budi").get_json()["quotes"]
    ] == ["Semua aman."]
    archive_client.patch("/v1/articles/a1/quotes/e2", json={"dropped": True})
    assert set(_quotes(archive_client)) == {"q2"}


def test_corrections_survive_a_new_version_and_a_reindex(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_archive_app(db_url).test_client()
    _store(client)
    client.patch("/v1/articles/a1/quotes/q1", json={"speaker": "Budi"})
    moved = "Pembukaan baru.\n\n" + TEXT  # version 2: the quote moved, its text did not
    client.post("/v1/articles", json={"id": "a1", "text": moved, "version": "2"})
    quotes = _quotes(client)
    assert quotes["q1"]["speaker"]["name"] == "Budi"
    assert moved[quotes["q1"]["start"] : quotes["q1"]["end"]] == quotes["q1"]["text"]

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    aliases = rules / "lexicon" / "aliases.yaml"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, out, err = kutip(
        capsys, "archive", "reindex", "--database", db_url, "--rules", str(rules)
    )
    assert code == 0, err
    assert "1 reindexed" in out
    stored = client.get("/v1/articles/a1").get_json()
    assert stored["rules_version"] != _store_version(client)
    assert _quotes(client)["q1"]["speaker"]["name"] == "Budi"
    _, out, _ = kutip(capsys, "archive", "reindex", "--database", db_url, "--rules", str(rules))
    assert "0 in" in out  # nothing left: a rerun resumes, it does not redo


def test_a_reindex_follows_the_engines_build_not_only_the_rules(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Quotes made by another build of the engine (same rules) are made again."""
    app = make_archive_app(db_url)
    client = app.test_client()
    _store(client)
    db = app.extensions[EXTENSION].db
    with db.write(lock_key="a1") as conn:
        conn.execute(update(articles).values(engine_version="0.0.9+0123456789abcdef"))
    code, out, err = kutip(capsys, "archive", "reindex", "--database", db_url)
    assert code == 0, err
    assert "1 reindexed" in out
    build = client.post("/v1/extract", json={"text": TEXT}).get_json()["build"]
    assert client.get("/v1/articles/a1").get_json()["engine_version"] == build


def _store_version(client: FlaskClient) -> str:
    version: str = client.get("/v1/rules").get_json()["rules_version"]
    return version


def test_export_gold_is_the_corrected_copy_and_kutip_eval_reads_it(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_archive_app(db_url).test_client()
    _store(client)
    client.post("/v1/articles", json={"id": "untouched", "text": TEXT})
    client.patch("/v1/articles/a1/quotes/q2", json={"speaker": "Budi"})
    gold = tmp_path / "gold.jsonl"
    code, _, err = kutip(
        capsys, "archive", "export", "--gold", "--database", db_url, "-o", str(gold)
    )
    assert code == 0, err
    lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a1"]  # only what an editor corrected
    line = lines[0]
    assert [(q["text"], q["speaker"]) for q in line["quotes"]] == [
        ("Kami siap menghadapi pemilu,", "Joko Widodo"),
        ("Semua aman.", "Budi"),
    ]
    for quote in line["quotes"]:
        assert line["text"][quote["start"] : quote["end"]] == quote["text"]
    code, out, err = kutip(capsys, "eval", str(gold), "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["quote"]["f1"] == 1.0  # the spans are the machine's
    assert figures["attribution"] == 0.5  # one speaker corrected: kutip had it wrong


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/v1/articles/a1/quotes/q9", {"speaker": "X"}, 404, "quote_not_found"),
        ("/v1/articles/zz/quotes/q1", {"speaker": "X"}, 404, "article_not_found"),
        ("/v1/articles/a1/quotes/q1", {}, 422, "validation_error"),
        ("/v1/articles/a1/quotes/q1", {"dropped": True, "type": "direct"}, 422, "validation_error"),
        ("/v1/articles/a1/quotes/q1", {"type": "quoted"}, 422, "validation_error"),
    ],
)
def test_bad_edits_are_clear_problems(
    archive_client: FlaskClient, path: str, body: dict[str, Any], status: int, code: str
) -> None:
    _store(archive_client)
    assert_problem(archive_client.patch(path, json=body), status, code)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"start": 0, "end": 10_000}, 422, "span_out_of_range"),
        ({"start": 5, "end": 5}, 422, "validation_error"),
        ({"start": 30, "end": 31}, 422, "empty_span"),
    ],
)
def test_bad_additions_are_clear_problems(
    archive_client: FlaskClient, body: dict[str, Any], status: int, code: str
) -> None:
    _store(archive_client)
    assert TEXT[30:31] == " "
    assert_problem(archive_client.post("/v1/articles/a1/quotes", json=body), status, code)


def test_a_skipped_article_takes_no_corrections(archive_client: FlaskClient) -> None:
    archive_client.post("/v1/articles", json={"id": "en", "text": "Said John.", "language": "en"})
    response = archive_client.post("/v1/articles/en/quotes", json={"start": 0, "end": 4})
    assert_problem(response, 409, "article_skipped")
