"""The Engine: built once from a rules directory, immutable, shared by every request."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from kutip.engine.attribution import Attributor
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

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self._attributor = Attributor(rulebook)

    @classmethod
    def from_directory(cls, directory: str | Path | None = None) -> Engine:
        """Load, validate and compile the rules (raises RulesError listing every problem)."""
        return cls(load_rulebook(Path(directory) if directory else default_rules_dir()))

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
        quotes, entities = self._attributor.run(text)
        return Result(quotes=quotes, speakers=entities, rules_version=self.rules_version)


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine for the default rules, built on first use (never at import time)."""
    return Engine.from_directory()


def extract(text: str) -> Result:
    """Extract quotes with the default rules."""
    return default_engine().extract(text)
