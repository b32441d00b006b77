"""A tiny strict validator for the rule files: unknown keys and wrong types are errors.

Every problem is collected (never raised on the first one) so a linguist sees the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kutip.engine.errors import RuleProblem

Check = Callable[[Any], str | None]


def is_str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def is_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else "must be an integer"


def is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def is_prob(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else "must be a number between 0 and 1"


def is_str_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "must be a list of non-empty strings"


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


@dataclass
class Collector:
    """Gathers problems for one file."""

    file: str
    problems: list[RuleProblem] = field(default_factory=list)

    def add(self, code: str, message: str, rule: str | None = None) -> None:
        self.problems.append(RuleProblem(code, self.file, rule, message))

    def check_mapping(
        self,
        data: Any,
        required: Mapping[str, Check],
        optional: Mapping[str, Check],
        rule: str | None = None,
        where: str = "",
    ) -> bool:
        """Check keys and value types of one mapping; report every problem found."""
        prefix = f"{where}: " if where else ""
        if not isinstance(data, dict):
            self.add("E100", f"{prefix}expected a mapping, got {type(data).__name__}", rule)
            return False
        ok = True
        for key in data:
            if key not in required and key not in optional:
                self.add("E101", f"{prefix}unknown key {key!r}", rule)
                ok = False
        for key in required:
            if key not in data:
                self.add("E102", f"{prefix}missing key {key!r}", rule)
                ok = False
        for key, check in {**required, **optional}.items():
            if key in data:
                err = check(data[key])
                if err:
                    self.add("E103", f"{prefix}{key!r} {err}", rule)
                    ok = False
        return ok
