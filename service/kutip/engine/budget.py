"""Bounded work per document: every costly regex call runs under the document's time budget.

Rule patterns are written by people and texts come from anywhere; a pattern that backtracks
badly on some input must cost one document a clear error, never a hung worker. The budget is
a deadline held in a context variable (so threads never share it); the regex module's
``timeout=`` bounds each call by the time the document has left.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import regex

from kutip.engine.errors import DocumentTooComplexError

_DEADLINE: ContextVar[float | None] = ContextVar("kutip_deadline", default=None)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the enclosed extraction under a deadline ``seconds`` from now (None: no limit).

    Inside another budget the earlier deadline holds: the service opens one per document
    around reading its HTML and running the engine, so both stages share one budget.
    """
    deadline = None if seconds is None else time.monotonic() + seconds
    outer = _DEADLINE.get()
    if outer is not None and (deadline is None or outer < deadline):
        deadline = outer
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left for this document; raises once the budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise DocumentTooComplexError("the document exceeded its time budget")
    return left


def match(pattern: regex.Pattern[str], text: str, pos: int, endpos: int) -> regex.Match[str] | None:
    try:
        return pattern.match(text, pos, endpos, timeout=remaining())
    except TimeoutError:
        raise DocumentTooComplexError("a rule took too long on this document") from None


def search(
    pattern: regex.Pattern[str], text: str, pos: int, endpos: int
) -> regex.Match[str] | None:
    try:
        return pattern.search(text, pos, endpos, timeout=remaining())
    except TimeoutError:
        raise DocumentTooComplexError("a rule took too long on this document") from None
