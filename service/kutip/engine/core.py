"""The Engine: built once from a rules directory, immutable, shared by every request."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from kutip.engine.assemble import assemble
from kutip.engine.budget import budget
from kutip.engine.model import Entity, Quote, Result
from kutip.engine.people.reference import People
from kutip.engine.quotes.marks import MarkFinder, QuoteSpan, names_something
from kutip.engine.rules.rulebook import Rulebook, load_rulebook
from kutip.engine.sieves.attribution import Attributor, Decision
from kutip.engine.sieves.indirect import cue_words, find_indirect, not_statement_pattern
from kutip.engine.text import TextIndex

RULES_ENV = "KUTIP_RULES_DIR"


def default_rules_dir() -> Path:
    """Where the rules are: $KUTIP_RULES_DIR, the wheel's kutip/rules, or the checkout's rules/."""
    env = os.environ.get(RULES_ENV)
    if env:
        return Path(env)
    packaged = Path(__file__).resolve().parent.parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


class Engine:
    """Quote extraction and attribution. ``extract`` is pure and thread-safe."""

    def __init__(self, rulebook: Rulebook, budget_seconds: float | None = 5.0) -> None:
        self.rulebook = rulebook
        self.budget_seconds = budget_seconds
        self._marks = MarkFinder(
            rulebook.lexicon.marks, rulebook.lexicon.cue_forms("bare", "clitic")
        )
        self._people_factory = People.factory(rulebook)
        self._attributor = Attributor(rulebook)
        self._indirect_rules = rulebook.by_kind("indirect")
        self._cue_words = cue_words(rulebook.lexicon)
        self._not_statement = not_statement_pattern(rulebook.lexicon.act_nouns)

    @classmethod
    def from_directory(
        cls, directory: str | Path | None = None, budget_seconds: float | None = 5.0
    ) -> Engine:
        """Load, validate and compile the rules (raises RulesError listing every problem).

        ``budget_seconds`` bounds the work on one document (DocumentTooComplexError past it).
        """
        path = Path(directory) if directory else default_rules_dir()
        return cls(load_rulebook(path), budget_seconds)

    @property
    def rules_version(self) -> str:
        return self.rulebook.version

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rulebook.rules)

    def extract(self, text: str) -> Result:
        """Every quotation in ``text`` with its speaker; offsets index ``text`` itself."""
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        with budget(self.budget_seconds):
            quotes, entities, warnings = self._run(text)
        return Result(quotes, entities, self.rules_version, warnings)

    def _run(self, text: str) -> tuple[tuple[Quote, ...], tuple[Entity, ...], tuple[str, ...]]:
        """The stages top-down: quotes in marks, the people, the sieves, then the result."""
        index = TextIndex(text)
        found_spans, unmatched = self._marks.find(index)
        spans = [s for s in found_spans if not names_something(text, s)]
        warnings = tuple(
            f"unmatched quotation mark at offset {at}: the text after it was not read as a quote"
            for at in unmatched
        )
        people = self._people_factory(text, index, spans)
        decided = self._attributor.decide(index, spans, people)
        taken = [(span.open_at, span.close_end) for span, _ in decided]
        for found in find_indirect(
            self._indirect_rules, self._cue_words, index, people, taken, self._not_statement
        ):
            para = index.paragraph_at(found.start)
            span = QuoteSpan(found.start, found.start, found.end, found.end, "", para, para, True)
            decided.append(
                (span, Decision(found.rule, found.ref, found.cue, found.end, "indirect"))
            )
        quotes, entities = assemble(index, decided, people.table, people.mentions)
        return quotes, entities, warnings


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine for the default rules, built on first use (never at import time)."""
    return Engine.from_directory()


def extract(text: str) -> Result:
    """Extract quotes with the default rules."""
    return default_engine().extract(text)
