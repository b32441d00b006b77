"""Every rule's own examples (rules/sieves/*.yaml): must match, must not match, known misses."""

from __future__ import annotations

import pytest

from kutip.engine import Engine
from kutip.engine.rules.rulebook import load_rulebook
from kutip.rulecheck import check_match, check_no_match
from tests.conftest import ROOT

_BOOK = load_rulebook(ROOT / "rules")
_CASES = [
    pytest.param(rule.id, kind, n, id=f"{rule.id}-{kind}-{n}")
    for rule in _BOOK.rules
    for kind in ("match", "no_match", "xfail")
    for n in range(len(getattr(rule, kind)))
]


@pytest.mark.parametrize(("rule_id", "kind", "n"), _CASES)
def test_rule_example(engine: Engine, rule_id: str, kind: str, n: int) -> None:
    rule = next(r for r in engine.rulebook.rules if r.id == rule_id)
    example = getattr(rule, kind)[n]
    if kind == "no_match":
        ok, detail = check_no_match(engine, rule, example)
        assert ok, detail
        return
    ok, detail = check_match(engine, rule, example)
    if kind == "xfail":
        if ok:
            pytest.fail(f"known miss now passes, promote it to match: {detail}")
        pytest.xfail(example.reason or detail)
    assert ok, detail


def test_every_rule_has_examples() -> None:
    for rule in _BOOK.rules:
        assert rule.match, f"{rule.id} has no example that must match"
        assert rule.no_match, f"{rule.id} has no example that must not match"
