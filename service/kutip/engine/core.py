"""The Engine: built once from a rules directory, immutable, shared by every request."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from kutip.engine.attribution import Attributor
from kutip.engine.budget import budget
from kutip.engine.model import Result
from kutip.engine.rulebook import Rulebook, load_rulebook

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
        self._attributor = Attributor(rulebook)

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
            quotes, entities, warnings = self._attributor.run(text)
        return Result(quotes, entities, self.rules_version, warnings)


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine for the default rules, built on first use (never at import time)."""
    return Engine.from_directory()


def extract(text: str) -> Result:
    """Extract quotes with the default rules."""
    return default_engine().extract(text)
