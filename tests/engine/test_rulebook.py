"""Rules are validated strictly and every problem is reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kutip.engine import Engine, RulesError
from kutip.engine.rules.rulebook import load_rulebook
from tests.conftest import ROOT


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def test_rules_load_and_have_a_stable_version() -> None:
    a, b = load_rulebook(ROOT / "rules"), load_rulebook(ROOT / "rules")
    assert a.version == b.version and len(a.version) == 16
    assert [r.order for r in a.rules] == sorted(r.order for r in a.rules)


def test_version_changes_with_the_rules(rules_copy: Path) -> None:
    before = load_rulebook(rules_copy).version
    (rules_copy / "sieves" / "095-turn.yaml").unlink()
    assert load_rulebook(rules_copy).version != before


def test_every_problem_in_every_file_is_reported(rules_copy: Path) -> None:
    sieve = rules_copy / "sieves" / "010-quote-cue-name.yaml"
    sieve.write_text(
        sieve.read_text(encoding="utf-8").replace("order: 10", "order: 10\nflavour: x"),
        encoding="utf-8",
    )
    (rules_copy / "sieves" / "999-broken.yaml").write_text(
        "id: broken\norder: 20\nkind: after-quote\ndescription: d\n"
        "pattern: '(?P<cue>{nope}'\nexamples: {match: []}\n",
        encoding="utf-8",
    )
    cues = rules_copy / "lexicon" / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\nsurprise: 1\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rulebook(rules_copy)
    found = {(p.code, p.file, p.rule) for p in info.value.problems}
    assert ("E101", "lexicon/cues.yaml", None) in found
    # The lexicon failed, so sieves are not compiled: fix it and the sieve problems show.
    cues.write_text(cues.read_text(encoding="utf-8").replace("\nsurprise: 1\n", ""), "utf-8")
    with pytest.raises(RulesError) as info:
        load_rulebook(rules_copy)
    codes = {(p.code, p.rule) for p in info.value.problems}
    assert ("E101", "quote-cue-name") in codes  # unknown key
    assert ("E201", "broken") in codes  # unknown placeholder
    assert ("E202", "broken") in codes  # does not compile
    assert ("E210", "broken") in codes  # no example that must match
    assert "problem(s) in the rules" in str(info.value)


def test_duplicate_ids_and_missing_files(rules_copy: Path) -> None:
    shutil.copy(
        rules_copy / "sieves" / "010-quote-cue-name.yaml",
        rules_copy / "sieves" / "011-copy.yaml",
    )
    (rules_copy / "lexicon" / "marks.yaml").unlink()
    with pytest.raises(RulesError) as info:
        load_rulebook(rules_copy)
    assert ("E001", "lexicon/marks.yaml") in {(p.code, p.file) for p in info.value.problems}
    (rules_copy / "lexicon" / "marks.yaml").write_text(
        (ROOT / "rules" / "lexicon" / "marks.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(RulesError) as info:
        load_rulebook(rules_copy)
    codes = {p.code for p in info.value.problems}
    assert {"E203", "E204"} <= codes  # the same id and the same order twice


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(RulesError):
        Engine.from_directory(tmp_path / "absent")


def test_rules_know_their_trigger_words() -> None:
    book = load_rulebook(ROOT / "rules")
    by_id = {r.id: r for r in book.rules}
    # The first word of every form of the preposition (`menurut`, `berdasarkan keterangan`).
    assert by_id["indirect-menurut"].triggers == frozenset({"menurut", "berdasarkan", "dari"})
    assert "katanya" in (by_id["quote-cue-clitic"].triggers or ())
    # Kinds decided in code have no pattern, so nothing to skip them by.
    assert by_id["split-quote"].triggers is None


def test_a_pattern_may_use_a_placeholder_twice() -> None:
    """{mention} reuses its sub-patterns by subroutine calls; two uses in one rule pattern
    must not clash."""
    import regex

    from kutip.engine.rules.patterns import expand, placeholders

    table = placeholders(load_rulebook(ROOT / "rules").lexicon)
    source, unknown = expand("(?P<speaker>{mention}) dan (?P<other>{mention})", table)
    assert unknown == []
    pattern = regex.compile(source, regex.VERSION1, ignore_unused=True, **table.lists)
    m = pattern.search("kata Presiden Joko Widodo dan Menteri Sri Mulyani hari ini")
    assert m is not None
    assert (m.group("speaker"), m.group("other")) == ("Presiden Joko Widodo", "Menteri Sri Mulyani")
