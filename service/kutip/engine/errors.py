"""Errors the engine reports: every problem in the rules at once, each with a code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong in a rules file. ``code`` is stable so tools can react to it."""

    code: str
    file: str
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" [{self.rule}]" if self.rule else "")
        return f"{where}: {self.code}: {self.message}"


class RulesError(Exception):
    """The rules directory is not valid; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the rules:\n{lines}")


class DocumentTooComplexError(Exception):
    """A document exceeded the per-document time budget (hostile or pathological input)."""
