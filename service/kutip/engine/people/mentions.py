"""What a speaker mention is made of: its parts, what the article tells about its words, and
the word-level tests a name word must pass (names.py splits mentions with them)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from kutip.engine.rules.patterns import CONFIXED_NOUN

# A mention's tokens: a parenthesised part (`(KPK)`), a word, or a comma between segments.
TOKEN = regex.compile(r"\([^()]+\)|[^\s,]+|,")
_ACRONYM = regex.compile(r"^\(?\p{Lu}[\p{Lu}\d\-]+\)?$")
_INITIAL = regex.compile(r"^(?:\p{Lu}\.)+$")
NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "de", "al"})
# Ministries shorten to `Kemen` and their portfolio (`Kemenperin`); a word with the clitic -nya
# (`Tujuannya`, `Pihaknya`) is a noun or an adverb (names ending so are short: `Saranya`).
_NOUN_FORM = regex.compile(rf"^(?:{CONFIXED_NOUN}|Kemen\p{{Ll}}{{2,}}|\p{{Lu}}\p{{Ll}}{{4,}}nya)$")


@dataclass(frozen=True, slots=True)
class MentionParts:
    """What a mention says about its person (kind: name, role, description or pronoun)."""

    kind: str
    name: str | None
    role: str | None
    affiliation: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the article itself tells about words: ``names`` it uses alone as a person's name
    (`kata Roland`, `Roland menambahkan`), ``spoken`` the ones among them it names at a
    reporting word (`kata Roland`: a place can be the subject of a verb, `Manado menerapkan`,
    but is not what a reporting word names), ``common`` words it also writes in lower case (so
    a capitalised `Seperti` opening a sentence is no name)."""

    names: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    spoken: frozenset[str] = frozenset()


NO_VOCABULARY = Vocabulary()


def is_acronym(word: str) -> bool:
    """`KPK`, `(BNPB)`, `PDI-P`: the cheap upper-case test first, the pattern only then."""
    return word.isupper() and _ACRONYM.match(word) is not None


def is_initial(word: str) -> bool:
    """`M.`, `A.B.`: initials with their dots (Daeng M. Faqih)."""
    return word.endswith(".") and _INITIAL.match(word) is not None


def is_noun_form(word: str) -> bool:
    """`Kemiskinan`, `Kemenperin`, `Tujuannya`: formed as a noun, so no name word. (The
    article's own usage cannot vouch for one: a sentence-opening `Sayangnya, X mengatakan`
    stands at a reporting verb as a name would.)"""
    if not (word.endswith(("an", "nya")) or word.startswith("Kemen")):
        return False  # the cheap test first: most words end otherwise
    return _NOUN_FORM.match(word) is not None


def segments_of(words: list[str]) -> list[list[str]]:
    """The comma-separated segments of a mention's tokens, empty ones dropped."""
    out: list[list[str]] = [[]]
    for word in words:
        if word == ",":
            out.append([])
        else:
            out[-1].append(word)
    return [seg for seg in out if seg]
