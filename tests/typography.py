"""Retype an article's quotation marks the sloppy way real users and small outlets type them,
keeping its gold quotes valid.

long-dev's sources show what pasted articles look like: closing marks glued to the next word
(`,”ujarnya`), straight and curly marks mixed, a space inside a mark, a closing mark used to
open. The dev files mostly have clean marks, so this turns a clean gold file into a sloppy one
whose gold is still exact: only marks and the spaces beside them change, never a quote's
content, and every gold offset (quotes and ignore_spans) is remapped. ``retype`` asserts
``new_text[start:end] == quote["text"]`` for every gold quote before it returns.

Kinds (``KINDS``), each applied per mark where it fits:

- ``glued``: a closing mark loses the spaces before the next word (`,” ujarnya` -> `,”ujarnya`).
- ``straight``: a curly double mark becomes a straight one (`“` or `”` -> `"`).
- ``spaced``: a space inside the mark (`“ Kami`, `siap, ”`).
- ``close-opens``: an opening mark is typed as a closing one (`“Kami` -> `”Kami`).
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KINDS: tuple[str, ...] = ("glued", "straight", "spaced", "close-opens")

# Only double marks: single ones double as apostrophes (Ma’ruf, Jum'at), and retyping those
# would test the apostrophe rules, not sloppy quoting.
_DOUBLE = frozenset('“”"')
_CURLY = frozenset("“”")
# After these a mark opens even without a space before it (`(“Kami`, `—“Kami`).
_OPEN_AFTER = frozenset("([{—–-/")
_GAP = frozenset(" \u00a0")  # the spaces `glued` removes; a line break would merge paragraphs

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[at:at + drop]`` with ``insert``."""

    at: int
    drop: int
    insert: str
    kind: str


@dataclass(frozen=True, slots=True)
class Retyped:
    text: str
    quotes: list[dict[str, Any]]
    ignore_spans: list[dict[str, Any]]
    applied: Counter[str]  # marks retyped, per kind


def _is_invisible(ch: str) -> bool:
    # Zero-width spaces and direction marks do not change what a mark touches.
    return unicodedata.category(ch) == "Cf"


def _neighbour(text: str, at: int, step: int) -> str | None:
    while 0 <= at < len(text) and _is_invisible(text[at]):
        at += step
    return text[at] if 0 <= at < len(text) else None


def _gold_marks(text: str, quotes: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """The marks that delimit direct gold quotes, with their role: what the gold says wins
    over the guess from neighbours (Kompas opens with ”)."""
    roles: dict[int, str] = {}
    for q in quotes:
        if q.get("type", "direct") != "direct":
            continue
        i = q["start"] - 1
        while i >= 0 and (text[i].isspace() or _is_invisible(text[i])):
            i -= 1
        if i >= 0 and text[i] in _DOUBLE:
            roles[i] = "open"
        j = q["end"]
        while j < len(text) and (text[j].isspace() or _is_invisible(text[j])):
            j += 1
        if j < len(text) and text[j] in _DOUBLE:
            roles[j] = "close"
    return roles


def _role(text: str, at: int) -> str | None:
    prev, nxt = _neighbour(text, at - 1, -1), _neighbour(text, at + 1, 1)
    if (prev is None or prev.isspace() or prev in _OPEN_AFTER) and nxt and not nxt.isspace():
        return "open"
    if prev is not None and not prev.isspace():
        return "close"
    return None  # space on both sides: no telling, leave it


def _touches(edit: Edit, spans: Sequence[Span]) -> bool:
    """Whether the edit would change a protected span's content."""
    for s, e in spans:
        if edit.drop and edit.at < e and s < edit.at + edit.drop:
            return True
        if s < edit.at < e:
            return True
    return False


def _edit(text: str, at: int, role: str, kind: str) -> Edit | None:
    mark = text[at]
    if kind == "straight":
        return Edit(at, 1, '"', kind) if mark in _CURLY else None
    if kind == "close-opens":
        return Edit(at, 1, "”", kind) if role == "open" and mark != "”" else None
    if kind == "spaced":
        if role == "open":
            fits = at + 1 < len(text) and not text[at + 1].isspace()
            return Edit(at + 1, 0, " ", kind) if fits else None
        return Edit(at, 0, " ", kind) if at > 0 and not text[at - 1].isspace() else None
    if kind == "glued":
        end = at + 1
        while end < len(text) and text[end] in _GAP:
            end += 1
        fits = role == "close" and end > at + 1 and end < len(text) and text[end].isalnum()
        return Edit(at + 1, end - at - 1, "", kind) if fits else None
    raise AssertionError(kind)  # plan() has checked the kinds


def plan(
    text: str,
    quotes: Sequence[Mapping[str, Any]],
    kinds: Iterable[str] = KINDS,
    seed: int | str = 0,
    rate: float = 1.0,
    ignore_spans: Sequence[Mapping[str, Any]] = (),
) -> list[Edit]:
    """The edits ``retype`` makes: per mark, one kind drawn (seeded) among those that fit."""
    kinds = tuple(kinds)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:  # checked here, not per mark, so a text no mark of that kind fits fails too
        raise ValueError(f"unknown kind {unknown[0]!r}: one of {', '.join(KINDS)}")
    protected = [(int(s["start"]), int(s["end"])) for s in [*quotes, *ignore_spans]]
    # ignore_spans are quotations too (content only, marks outside, no type: direct).
    gold_roles = _gold_marks(text, [*quotes, *ignore_spans])
    rng = random.Random(seed)
    edits: list[Edit] = []
    for at, ch in enumerate(text):
        if ch not in _DOUBLE or any(s <= at < e for s, e in protected):
            continue  # a mark inside a quote (a mixed quote's words) is content
        role = gold_roles.get(at) or _role(text, at)
        if role is None:
            continue
        fitting = [
            edit
            for edit in (_edit(text, at, role, kind) for kind in kinds)
            if edit is not None and not _touches(edit, protected)
        ]
        if rng.random() < rate and fitting:
            edits.append(rng.choice(fitting))
    return edits


def _shift(edits: Sequence[Edit], offset: int, is_end: bool) -> int:
    # A space inserted at a quote's start goes before its content, one at its end after it.
    moved = offset
    for edit in edits:
        before = edit.at < offset or (edit.at == offset and edit.drop == 0 and not is_end)
        if before and edit.at + edit.drop <= offset:
            moved += len(edit.insert) - edit.drop
    return moved


def _remap(
    text: str, new_text: str, spans: Sequence[Mapping[str, Any]], edits: Sequence[Edit]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for span in spans:
        start, end = int(span["start"]), int(span["end"])
        new_start, new_end = _shift(edits, start, False), _shift(edits, end, True)
        new_end = max(new_end, new_start)  # an empty span stays empty
        expected = span.get("text", text[start:end])
        assert new_text[new_start:new_end] == expected, (span, new_text[new_start:new_end])
        out.append({**span, "start": new_start, "end": new_end})
    return out


def retype(
    text: str,
    quotes: Sequence[Mapping[str, Any]],
    kinds: Iterable[str] = KINDS,
    seed: int | str = 0,
    rate: float = 1.0,
    ignore_spans: Sequence[Mapping[str, Any]] = (),
) -> Retyped:
    """``text`` with its double quotation marks retyped: per mark (with probability ``rate``)
    one of ``kinds`` that fits it, drawn with ``random.Random(seed)``; with one kind, every
    mark it fits. Gold ``quotes`` and ``ignore_spans`` come back with remapped offsets."""
    edits = sorted(plan(text, quotes, kinds, seed, rate, ignore_spans), key=lambda e: e.at)
    pieces: list[str] = []
    done = 0
    for edit in edits:
        assert edit.at >= done, f"overlapping edits at {edit.at}"
        pieces += [text[done : edit.at], edit.insert]
        done = edit.at + edit.drop
    new_text = "".join([*pieces, text[done:]])
    return Retyped(
        text=new_text,
        quotes=_remap(text, new_text, quotes, edits),
        ignore_spans=_remap(text, new_text, ignore_spans, edits),
        applied=Counter(edit.kind for edit in edits),
    )


def retype_article(
    article: Mapping[str, Any],
    kinds: Iterable[str] = KINDS,
    seed: int | str | None = None,
    rate: float = 1.0,
) -> tuple[dict[str, Any], Counter[str]]:
    """A gold article (FORMAT.md) retyped, and the marks retyped per kind. The seed defaults to
    the article's id: each article draws differently, every run the same."""
    out = retype(
        article["text"],
        article.get("quotes") or [],
        kinds,
        str(article.get("id", "")) if seed is None else seed,
        rate,
        article.get("ignore_spans") or [],
    )
    new = {**article, "text": out.text, "quotes": out.quotes}
    if "ignore_spans" in article:
        new["ignore_spans"] = out.ignore_spans
    return new, out.applied
