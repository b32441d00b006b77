"""Hypothesis strategies for hostile article text, built from the rules' own vocabulary.

A text is a run of fragments: quotation marks of every family, reporting words in all their
forms, capitalised names, titles and offices, pronouns, punctuation, paragraph breaks, and the
characters that break naive code: zero-width and bidirectional controls, NUL, combining marks,
astral characters (two UTF-16 units, one code point), lone surrogates (the engine takes any
str, even one the API would refuse) and arbitrary Unicode.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

RULES = Path(__file__).resolve().parents[2] / "rules"

NAMES = ("Budi", "Santoso", "Sri Mulyani", "Joko Widodo", "Ma’ruf Amin", "O'Brien", "Al-Farabi")
MARKS_EXTRA = ("''", "``", "‚", "❝", "❞", "「", "」", "〝", "〞", "‛")
PUNCTUATION = (",", ".", ":", ";", "!", "?", "—", "–", "-", "(", ")", "…", "...", " - ")
SPACES = (" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2028", "\u2029")
# Zero-width characters, bidirectional controls, NUL and other controls, combining marks, a BOM.
INVISIBLE = (
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\u061c",
    "\x00", "\x01", "\x1b", "\x7f", "\u0301", "\u0308", "\ud800", "\udfff",
)  # fmt: skip
# Right-to-left scripts, astral characters and letters whose case mapping changes their length.
FOREIGN = ("مرحبا", "שלום", "😀", "𝐁𝐮𝐝𝐢", "İstanbul", "ß", "ﬁ", "Σ", "ǅ", "\U0001f1ee\U0001f1e9")
WORDS = ("itu", "bahwa", "yang", "di", "Jakarta", "Senin", "saat", "dan", "tidak", "ini")


@functools.cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    """Cue forms, marks, titles, offices and pronouns as the rules list them."""

    def load(name: str) -> Any:
        return yaml.safe_load((RULES / "lexicon" / name).read_text(encoding="utf-8"))

    cues: list[str] = ["menurut", "Menurut", "menurutnya", "Menurutnya"]
    for entry in load("cues.yaml")["cues"]:
        for form in ("bare", "clitic", "active", "passive"):
            cues.extend(entry.get(form) or [])
    marks: list[str] = []
    for family in load("marks.yaml")["families"].values():
        for role in ("open", "close", "both"):
            marks.extend(family.get(role) or [])
    titles = load("titles.yaml")
    heads: list[str] = list(titles.get("honorifics") or []) + list(titles.get("ranks") or [])
    offices: list[str] = list(load("roles.yaml").get("offices") or [])
    pronouns: list[str] = list(load("pronouns.yaml").get("personal") or [])
    return {
        "cues": tuple(dict.fromkeys(cues)),
        "marks": tuple(dict.fromkeys(marks)) + MARKS_EXTRA,
        "titles": tuple(dict.fromkeys(str(t) for t in heads + offices)),
        "pronouns": tuple(pronouns),
    }


def fragments() -> st.SearchStrategy[str]:
    vocab = vocabulary()
    return st.one_of(
        st.sampled_from(vocab["marks"]),
        st.sampled_from(vocab["cues"]),
        st.sampled_from(vocab["titles"]),
        st.sampled_from(vocab["pronouns"]),
        st.sampled_from(NAMES),
        st.sampled_from(WORDS),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(SPACES),
        st.sampled_from(INVISIBLE),
        st.sampled_from(FOREIGN),
        st.text(min_size=1, max_size=8),  # anything at all, lone surrogates included
        st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
    )


def articles(max_fragments: int = 60) -> st.SearchStrategy[str]:
    """Texts joined from fragments, mostly space-separated so that words stay words."""
    joined = st.lists(
        st.tuples(fragments(), st.sampled_from(("", " ", " ", " ", "\n\n"))),
        max_size=max_fragments,
    ).map(lambda parts: "".join(f + sep for f, sep in parts))
    return st.one_of(joined, st.text(max_size=200))


def _joined(pieces: tuple[str, ...], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=max_size).map("".join)


def sentences() -> st.SearchStrategy[str]:
    """Well-formed quote sentences with hostile characters spliced in: the engine must still
    find quotes here, so the offset checks are exercised on non-empty results."""
    vocab = vocabulary()
    quote = st.builds(
        lambda o, body, c, cue, name: f"{o}{body},{c} {cue} {name}.",
        st.sampled_from(("“", '"', "”", "«", "„")),
        _joined(("a", "k", "u", " ", "Kami", "siap", *INVISIBLE, *FOREIGN), 30),
        st.sampled_from(("”", '"', "»", "“")),
        st.sampled_from(vocab["cues"][:40]),
        st.sampled_from(NAMES + tuple(vocab["pronouns"])),
    )
    lead = st.builds(
        lambda name, cue, body: f"{name} {cue}, “{body}.”",
        st.sampled_from(NAMES),
        st.sampled_from(("mengatakan", "menegaskan", "berkata", "menjelaskan")),
        _joined(("x", " ", "Ya", *INVISIBLE, *FOREIGN), 20),
    )
    noise = st.sampled_from(INVISIBLE + SPACES + FOREIGN)
    return st.lists(st.one_of(quote, lead, noise), min_size=1, max_size=12).map(" ".join)
