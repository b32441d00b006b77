"""Which languages kutip reads: Indonesian only. A document in another language gets no quotes
and a warning, never the Indonesian rules' guesses on English or German text."""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["COVERED", "LANGUAGE_NOT_COVERED", "Language", "read_language", "well_formed"]

# The primary subtags that name Indonesian: ISO 639-1 "id", its withdrawn form "in" (still sent
# by old Java and Android systems), and ISO 639-2/3 "ind".
COVERED = frozenset({"id", "in", "ind"})
LANGUAGE_NOT_COVERED = "language_not_covered"
# BCP 47's shape, loosely: a primary subtag of letters, then subtags of letters and digits.
_TAG = regex.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Language:
    """The language a document declared (None: it declared none, read as Indonesian)."""

    declared: str | None
    covered: bool

    def warning(self) -> str | None:
        """The warning for a language kutip does not read; its first word is a stable code."""
        if self.covered:
            return None
        return (
            f"{LANGUAGE_NOT_COVERED}: the document's language is {self.declared!r} and kutip "
            "reads Indonesian (id) only, so no quotes were looked for"
        )

    def to_dict(self) -> dict[str, str | bool | None]:
        return {"declared": self.declared, "covered": self.covered}


def well_formed(tag: str) -> bool:
    return _TAG.fullmatch(tag) is not None


def read_language(tag: str | None) -> Language:
    """``tag`` (a BCP 47 tag such as ``id``, ``id-ID``, ``en-GB``) as kutip reads it.

    No tag, or an empty one, is Indonesian: kutip is an Indonesian service and its callers have
    never had to say so. A tag that is not well formed is not covered: guessing would be silent.
    """
    if tag is None or not tag.strip():
        return Language(None, True)
    primary = regex.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return Language(tag, well_formed(tag.strip()) and primary in COVERED)
