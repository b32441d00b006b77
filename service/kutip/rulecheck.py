"""Run every rule's own examples: must match, must not match, known misses (xfail).

Used by `kutip check-rules` and by the test suite, so a linguist editing rules/ sees the same
verdicts as CI.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from kutip.engine import Engine, Quote, RulesError
from kutip.engine.rules.rulebook import Example, Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    kind: str  # match | no_match | xfail
    text: str
    passed: bool
    detail: str


def _describe(quote: Quote) -> str:
    name = quote.speaker.name if quote.speaker else None
    return f"{quote.text!r} by {name!r} ({quote.type}, rule {quote.rule})"


def check_match(engine: Engine, rule: Rule, example: Example) -> tuple[bool, str]:
    """Whether ``rule`` decides a quote in the example with the expected speaker and fields."""
    result = engine.extract(example.text)
    mine = [q for q in result.quotes if q.rule == rule.id]
    if example.quote is not None:
        mine = [q for q in mine if q.text == example.quote]
    if not mine:
        found = "; ".join(_describe(q) for q in result.quotes) or "no quotes"
        return False, f"the rule decided no quote here (found: {found})"
    quote = mine[0]
    name = quote.speaker.name if quote.speaker else None
    if "speaker" in example.given and name != example.speaker:
        return False, f"speaker {name!r}, expected {example.speaker!r}"
    if example.cue is not None and (quote.cue is None or quote.cue.word != example.cue):
        return False, f"cue {quote.cue.word if quote.cue else None!r}, expected {example.cue!r}"
    if example.type is not None and quote.type != example.type:
        return False, f"type {quote.type!r}, expected {example.type!r}"
    return True, _describe(quote)


def check_no_match(engine: Engine, rule: Rule, example: Example) -> tuple[bool, str]:
    mine = [q for q in engine.extract(example.text).quotes if q.rule == rule.id]
    if mine:
        return False, "the rule decided " + "; ".join(_describe(q) for q in mine)
    return True, "no decision, as expected"


def run_examples(engine: Engine) -> list[ExampleResult]:
    results = []
    for rule in engine.rulebook.rules:
        for ex in rule.match:
            ok, detail = check_match(engine, rule, ex)
            results.append(ExampleResult(rule.id, "match", ex.text, ok, detail))
        for ex in rule.no_match:
            ok, detail = check_no_match(engine, rule, ex)
            results.append(ExampleResult(rule.id, "no_match", ex.text, ok, detail))
        for ex in rule.xfail:
            ok, detail = check_match(engine, rule, ex)
            # A known miss that now passes is reported: the rule file should promote it.
            results.append(ExampleResult(rule.id, "xfail", ex.text, not ok, detail))
    return results


def check_rules(directory: str | None) -> int:
    try:
        engine = Engine.from_directory(Path(directory) if directory else None)
    except RulesError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); the rules do not load.", file=sys.stderr)
        return 2
    results = run_examples(engine)
    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"FAIL [{r.rule}] {r.kind}: {r.text[:80]!r}\n     {r.detail}")
    rules = len(engine.rulebook.rules)
    print(
        f"{rules} rules, {len(results)} examples: {len(results) - len(failed)} passed,"
        f" {len(failed)} failed (rules version {engine.rules_version})"
    )
    return 1 if failed else 0
