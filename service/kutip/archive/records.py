"""What the archive keeps of an article before it is stored: ``ArticleInput``, and how its
version is told newer or older."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kutip.formats.html import HtmlText

# Languages the engine reads; anything else is recorded as skipped.
INDONESIAN = frozenset({"id", "in", "ind", "id-id", "in-id"})


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as a caller, Superdesk, a file or WordPress gave it."""

    id: str
    text: str | None  # the plain text the offsets index; None when skipped
    html: str | None = None  # the HTML it came as, when it did
    version: str | None = None
    headline: str | None = None
    outlet: str | None = None
    language: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    skip_reason: str | None = None  # set: recorded as skipped, never extracted
    # The HTML as read when the request was checked (text is its text), so that extracting and
    # storing do not read the HTML again; None: read it from html when needed.
    markup: HtmlText | None = field(default=None, compare=False, repr=False)

    @property
    def effective_version(self) -> str:
        """The given version, else a hash of the content (the same text is the same version)."""
        if self.version:
            return self.version
        digest = hashlib.sha256()
        for part in (self.text or "", self.html or "", self.skip_reason or ""):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return "sha256:" + digest.hexdigest()[:32]


def language_skip(language: str | None) -> str | None:
    """The reason to skip an article in this language, or None (unknown means Indonesian)."""
    if language is None or not language.strip():
        return None
    if language.strip().lower() in INDONESIAN:
        return None
    return f"language {language!r} is not Indonesian"


def version_key(version: str) -> str | None:
    """A string that sorts like the versions it stands for, or None when a version has no order.

    ninjs versions are whole numbers; WordPress's ``modified_gmt`` is a time. A content hash has
    no order: a different hash simply replaces what is stored.
    """
    value = version.strip()
    if value.isdigit():
        return "n" + value.zfill(40)
    moment = parse_time(value)
    if moment is not None:
        return "t" + moment.isoformat()
    return None


def is_newer(incoming: str, stored: str) -> bool:
    """Whether version ``incoming`` may replace ``stored`` (different, and not older)."""
    if incoming == stored:
        return False
    new, old = version_key(incoming), version_key(stored)
    if new is None or old is None or new[0] != old[0]:
        return True
    return new > old


def parse_time(value: str) -> datetime | None:
    """An ISO 8601 time as naive UTC (a time without an offset is taken as UTC), else None."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
