"""Attribution rules (sieves) from rules/sieves/*.yaml: validated strictly, compiled once.

A rule file holds one rule: an id, an order (lower runs first: most precise first), a kind
that says where its pattern is tried, the pattern with {placeholders} from the lexicons, and
examples that must match, must not match, and known misses. Every problem in every file is
collected before anything is raised, so a linguist sees the whole list at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from kutip.engine.errors import RuleProblem, RulesError
from kutip.engine.rules.lexicon import Lexicon, load_lexicon, load_yaml
from kutip.engine.rules.patterns import (
    Fragments,
    compile_pattern,
    expand,
    group_placeholders,
    placeholders,
)
from kutip.engine.rules.schema import (
    Check,
    Collector,
    is_int,
    is_prob,
    is_str,
    one_of,
)

# Where a rule's pattern is tried (see attribution.py and indirect.py):
#   after-quote   text right after a closing mark, anchored at its start
#   before-quote  text before an opening mark in its paragraph, anchored at its end
#   mixed         the sentence before a quote that is part of a longer clause, searched
#   indirect      a sentence without quotation marks, anchored at its start
# Kinds without a pattern are decided in code from quotes already attributed:
#   split-quote   “A,” kata X, “B.”: B takes A's speaker
#   continuation  a quote paragraph right after a paragraph whose speaker is known
#   turn          dialogue: an unattributed turn after a question/answer pair
#   unattributed  a quote that reads as speech but names no speaker (kept, speaker null)
PATTERN_KINDS = ("after-quote", "before-quote", "mixed", "indirect")
CODE_KINDS = ("split-quote", "continuation", "turn", "unattributed")
SPEAKER_FROM = ("mention", "clitic", "pronoun", "inherit", "previous")
RESOLVED_BY = ("explicit", "alias", "pronoun", "clitic", "continuation", "description", "none")

RULE_KEYS: dict[str, Check] = {
    "id": is_str,
    "order": is_int,
    "kind": one_of(*PATTERN_KINDS, *CODE_KINDS),
    "description": is_str,
    "examples": lambda v: None if isinstance(v, dict) else "must be a mapping",
}
RULE_OPTIONAL: dict[str, Check] = {
    "pattern": is_str,
    "speaker": one_of(*SPEAKER_FROM),
    "resolved_by": one_of(*RESOLVED_BY),
    "confidence": is_prob,
    "window": is_int,
    "content": one_of("clause", "previous"),
    "min_words": is_int,
}
EXAMPLE_KEYS: dict[str, Check] = {"text": is_str}
EXAMPLE_OPTIONAL: dict[str, Check] = {
    "speaker": lambda v: None if v is None or isinstance(v, str) else "must be a string or null",
    "quote": is_str,
    "cue": is_str,
    "type": one_of("direct", "indirect", "mixed"),
    "reason": is_str,
}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    speaker: str | None
    quote: str | None
    cue: str | None
    type: str | None
    reason: str | None
    given: frozenset[str]  # which keys the example states (a null speaker is a statement)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    order: int
    kind: str
    description: str
    pattern: regex.Pattern[str] | None
    speaker: str
    resolved_by: str
    confidence: float
    window: int
    anchored: bool  # the pattern starts with \G: tried from the start of its window only
    content: str  # indirect rules: the reported clause is in the match, or the sentence before
    min_words: int  # quotes with fewer words are left to later rules (scare quotes, terms)
    # Lower-case words of which one must occur for the pattern to match at all (the first word
    # of every form its cue group can take); None when that cannot be told. Lets the engine skip
    # a rule on a stretch of text without running its pattern.
    triggers: frozenset[str] | None
    match: tuple[Example, ...]
    no_match: tuple[Example, ...]
    xfail: tuple[Example, ...]
    file: str


@dataclass(frozen=True, slots=True)
class Rulebook:
    lexicon: Lexicon
    rules: tuple[Rule, ...]
    version: str
    directory: Path

    def by_kind(self, *kinds: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind in kinds)


def _examples(raw: Any, out: Collector, rule_id: str) -> dict[str, tuple[Example, ...]]:
    result: dict[str, tuple[Example, ...]] = {}
    for key in raw:
        if key not in ("match", "no_match", "xfail"):
            out.add("E101", f"examples: unknown key {key!r}", rule_id)
    if not raw.get("match"):
        out.add("E210", "a rule needs at least one example that must match", rule_id)
    for key in ("match", "no_match", "xfail"):
        items = raw.get(key) or []
        if not isinstance(items, list):
            out.add("E100", f"examples.{key} must be a list", rule_id)
            continue
        parsed = []
        for n, item in enumerate(items):
            if isinstance(item, str):
                item = {"text": item}
            where = f"examples.{key}[{n}]"
            if out.check_mapping(item, EXAMPLE_KEYS, EXAMPLE_OPTIONAL, rule_id, where):
                parsed.append(
                    Example(
                        item["text"],
                        item.get("speaker"),
                        item.get("quote"),
                        item.get("cue"),
                        item.get("type"),
                        item.get("reason"),
                        frozenset(item),
                    )
                )
        result[key] = tuple(parsed)
    return result


def _compile(data: dict[str, Any], table: Fragments, out: Collector) -> Any:
    rule_id = data["id"]
    source = data.get("pattern")
    if data["kind"] in PATTERN_KINDS and not source:
        out.add("E205", f"kind {data['kind']!r} needs a pattern", rule_id)
        return None
    if data["kind"] in CODE_KINDS and source:
        out.add("E206", f"kind {data['kind']!r} takes no pattern", rule_id)
        return None
    if not source:
        return None
    expanded, unknown = expand(source, table)
    for name in unknown:
        out.add("E201", f"unknown placeholder {{{name}}} in pattern", rule_id)
    try:
        return compile_pattern(expanded, table)
    except regex.error as exc:
        out.add("E202", f"pattern does not compile: {exc}", rule_id)
        return None


def _triggers(source: str | None, table: Fragments) -> frozenset[str] | None:
    names = group_placeholders(source, "cue") if source else None
    if not names:
        return None
    words: set[str] = set()
    for name in names:
        forms = table.words_of(name)
        if forms is None:
            return None  # a placeholder that is no word list: no cheap test
        words.update(form.split()[0].lower() for form in forms)
    return frozenset(words)


def _load_rule(path: Path, table: Fragments, out: Collector) -> Rule | None:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        out.add("E002", f"not valid YAML: {exc}")
        return None
    rule_id = data.get("id") if isinstance(data, dict) else None
    if not out.check_mapping(data, RULE_KEYS, RULE_OPTIONAL, rule_id):
        return None
    pattern = _compile(data, table, out)
    examples = _examples(data["examples"], out, data["id"])
    return Rule(
        id=data["id"],
        order=data["order"],
        kind=data["kind"],
        description=data["description"],
        pattern=pattern,
        speaker=data.get("speaker", "mention"),
        resolved_by=data.get("resolved_by", "explicit"),
        confidence=float(data.get("confidence", 0.9)),
        window=int(data.get("window", 300)),
        anchored=str(data.get("pattern", "")).startswith("\\G"),
        content=data.get("content", "clause"),
        min_words=int(data.get("min_words", 0)),
        triggers=_triggers(data.get("pattern"), table),
        match=examples.get("match", ()),
        no_match=examples.get("no_match", ()),
        xfail=examples.get("xfail", ()),
        file=out.file,
    )


def _version(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_rulebook(directory: Path) -> Rulebook:
    """Load lexicons and sieves from ``directory``; raise RulesError listing every problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RulesError([RuleProblem("E000", str(directory), None, "not a directory")])
    lexicon, problems = load_lexicon(directory / "lexicon")
    rules: list[Rule] = []
    if lexicon is not None:
        table = placeholders(lexicon)
        files = sorted((directory / "sieves").glob("*.yaml"))
        if not files:
            problems.append(RuleProblem("E003", "sieves/", None, "no rule files"))
        for path in files:
            out = Collector(f"sieves/{path.name}")
            rule = _load_rule(path, table, out)
            problems.extend(out.problems)
            if rule is not None and not out.problems:
                rules.append(rule)
        problems.extend(_duplicates(rules))
    if problems or lexicon is None:
        raise RulesError(problems)
    rules.sort(key=lambda r: r.order)
    return Rulebook(lexicon, tuple(rules), _version(directory), directory)


def _duplicates(rules: list[Rule]) -> list[RuleProblem]:
    problems = []
    seen_ids: dict[str, str] = {}
    seen_orders: dict[int, str] = {}
    for rule in rules:
        if rule.id in seen_ids:
            problems.append(
                RuleProblem("E203", rule.file, rule.id, f"id also used in {seen_ids[rule.id]}")
            )
        seen_ids[rule.id] = rule.file
        if rule.order in seen_orders:
            other = seen_orders[rule.order]
            problems.append(RuleProblem("E204", rule.file, rule.id, f"order also used by {other}"))
        seen_orders[rule.order] = rule.id
    return problems
