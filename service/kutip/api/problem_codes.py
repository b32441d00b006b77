"""Stable codes for the messages of a 422's ``errors``, so a client can say them in its language.

``validation_error`` tells a program that the body was refused; it does not tell the page at
``/`` *which* rule was broken, and the messages under ``errors`` are English prose (kutip's own
and marshmallow's). ``codes`` mirrors ``errors`` key by key with one code per message. The
messages are matched here, next to nothing else, so a reworded message shows up as a failing
test (tests/api/test_problem_codes.py) instead of a silently generic code.
"""

from __future__ import annotations

import re
from typing import Any

# First match wins: kutip's own messages before marshmallow's generic ones.
FIELD_CODES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("text_too_long", r"^(Text|The text of the HTML) is longer than \d+ characters"),
        ("text_empty", r"^Text must not be empty"),
        ("text_not_unicode", r"unpaired surrogate"),
        ("html_empty", r"^The HTML holds no text"),
        ("text_and_html", r"^Send the article as text or as html, not both"),
        ("text_missing", r"^Missing data for required field \(or send html\)"),
        ("documents_count", r"^Send between \d+ and \d+ documents"),
        ("newsroom_document", r"(ninjs|Superdesk|^bodies\[|^field '.*' must be a string)"),
        ("more_errors", r"^\d+ more (fields or items with errors|messages) are not listed"),
        ("missing_field", r"^Missing data for required field"),
        ("unknown_field", r"^Unknown field"),
        ("field_null", r"^Field may not be null"),
        ("not_one_of", r"^Must be one of"),
        ("out_of_range", r"^Must be (greater|less) than"),
        ("wrong_length", r"^(Length must be|Shorter than|Longer than)"),
        ("wrong_type", r"^(Not a valid|Invalid input type|Invalid type)"),
    )
)
FALLBACK = "invalid_value"


def message_code(message: str) -> str:
    """The code of one validation message; ``invalid_value`` when no rule above names it."""
    for code, pattern in FIELD_CODES:
        if pattern.search(message):
            return code
    return FALLBACK


def field_codes(errors: Any) -> Any:
    """``errors`` with every message replaced by its code (same keys, same nesting)."""
    if isinstance(errors, dict):
        return {str(key): field_codes(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [field_codes(value) for value in errors]
    return message_code(str(errors))
