"""Offsets in the unit the client counts in: code points (Python, the default), UTF-16 code
units (JavaScript, Java, Superdesk's editor) or UTF-8 bytes (Go, Rust, byte-oriented tools).

The engine always works in code points; an answer is converted once at the end, every offset in
it: the quotes', their speakers' mentions and cues, the speakers' mentions, the HTML offsets
(which index the HTML as sent) and the offsets the engine's warnings quote. This is how the
Language Server Protocol negotiates its position encoding, and the same three units.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any, Literal

import regex

__all__ = ["OFFSET_UNITS", "OffsetUnit", "convert_answer", "offset_table", "unit_length"]

OffsetUnit = Literal["codepoint", "utf16", "utf8"]
OFFSET_UNITS: tuple[OffsetUnit, ...] = ("codepoint", "utf16", "utf8")
# Keys whose values index the plain text, and keys whose values index the HTML as sent.
_TEXT_KEYS = frozenset({"start", "end"})
_HTML_KEYS = frozenset({"html_start", "html_end"})
# The engine's warnings name offsets in this form ("unmatched quotation mark at offset 12").
_WARNING_OFFSET = regex.compile(r"(?<=\bat offset )\d+")


def _utf16(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _utf8(ch: str) -> int:
    # A lone surrogate (refused at the door anyway) counts as the 3 bytes it would take.
    code = ord(ch)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _width(unit: OffsetUnit) -> Callable[[str], int]:
    return _utf16 if unit == "utf16" else _utf8


def unit_length(text: str, unit: OffsetUnit) -> int:
    """The length of ``text`` in ``unit``."""
    if unit == "codepoint":
        return len(text)
    return sum(map(_width(unit), text))


def offset_table(text: str, unit: OffsetUnit) -> Sequence[int]:
    """``table[i]``: code point offset ``i`` of ``text`` in ``unit`` (``len(text) + 1`` entries).

    For code points it is the identity (a range, no memory spent).
    """
    if unit == "codepoint":
        return range(len(text) + 1)
    return list(itertools.accumulate(map(_width(unit), text), initial=0))


def _convert(node: Any, text_table: Sequence[int], html_table: Sequence[int] | None) -> Any:
    if isinstance(node, list):
        return [_convert(item, text_table, html_table) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, int) and not isinstance(value, bool):
            if key in _TEXT_KEYS:
                value = text_table[value]
            elif key in _HTML_KEYS and html_table is not None:
                value = html_table[value]
        elif isinstance(value, dict | list):
            value = _convert(value, text_table, html_table)
        out[key] = value
    return out


def _warning_offset(digits: str, table: Sequence[int]) -> str:
    at = int(digits)
    return str(table[at]) if at < len(table) else digits


def convert_answer(
    answer: dict[str, Any], text: str, unit: OffsetUnit, html: str | None = None
) -> dict[str, Any]:
    """A copy of ``answer`` (an extract response) with every offset counted in ``unit``.

    ``text`` is what ``start``/``end`` index; ``html`` what ``html_start``/``html_end`` index.
    """
    if unit == "codepoint":
        return answer
    text_table = offset_table(text, unit)
    html_table = offset_table(html, unit) if html is not None else None
    converted = dict(answer)
    for key in ("quotes", "speakers"):
        if key in answer:
            converted[key] = _convert(answer[key], text_table, html_table)
    if "warnings" in answer:
        converted["warnings"] = [
            _WARNING_OFFSET.sub(lambda m: _warning_offset(m.group(), text_table), warning)
            for warning in answer["warnings"]
        ]
    return converted
