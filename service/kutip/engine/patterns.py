"""Regex building blocks made from the lexicons; rule patterns name them as {placeholders}."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from kutip.engine.lexicon import Lexicon


class Fragments(dict[str, str]):
    """Placeholder name -> regex fragment, plus the word lists the fragments name as
    ``\\L<list>``: the regex module matches a named list by set lookup, far faster than an
    alternation of hundreds of words. Compile with ``regex.compile(p, **fragments.lists)``."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[str, list[str]] = {}

    def words_of(self, placeholder: str) -> list[str] | None:
        """The word list behind a placeholder that is one (`{bare}` -> the bare cue forms)."""
        return self.lists.get(f"cue_{placeholder}", self.lists.get(placeholder))

    def alternation(self, name: str, words: Iterable[str], *, ignore_case: bool = True) -> str:
        """Any of ``words`` as a whole word (longest wins; multi-word entries take one space)."""
        items = sorted({" ".join(w.split()) for w in words if w.strip()})
        if not items:
            return "(?!)"
        self.lists[name] = items
        group = f"(?i:\\L<{name}>)" if ignore_case else f"\\L<{name}>"
        # Lexicon entries may end in a dot (Prof., S.H.): \b after a dot needs a word character.
        # Letters and digits bound a word; join controls (ZWJ/ZWNJ), which \w counts as word
        # characters, do not.
        return rf"(?:(?<![\p{{L}}\p{{N}}_.]){group}(?![\p{{L}}\p{{N}}_]))"


# A capitalised word of a name: letters, marks, digits, apostrophes (Ma’ruf) and hyphens
# (Al-Habsyi). No dot, so `kata Sandi.` leaves the full stop to the sentence.
CAP_WORD = r"\p{Lu}[\p{L}\p{M}\d’'\-]*+(?:[./]\p{L}[\p{L}\p{M}\d’'\-]*+)*+"
# An initial inside a name (Daeng M. Faqih, B.J. Habibie): a capital and a dot, then a capital.
INITIAL = r"(?:\p{Lu}\.)++(?=\s*\p{Lu})"
ACRONYM_IN_PARENS = r"\(\p{Lu}[\p{L}\d.\-]*+(?:[ ]\p{Lu}[\p{L}\d.\-]*+){0,3}\)"
PARTICLE = r"(?:bin|binti|van|von|de|der|den|da|al|el|dos|la|le|ibn)(?=\s+\p{Lu})"
QUANTIFIER = r"(?i:seorang|salah\s+seorang|salah\s+satu|sejumlah|beberapa|para|sang)"
# Inside a mention words are separated by spaces, never by a line break: a name does not run
# from a headline into the next paragraph.
SP = r"[^\S\r\n]+"


def placeholders(lex: Lexicon) -> Fragments:
    """Every {name} a rule pattern may use, as a regex fragment."""
    out = Fragments()
    alternation = out.alternation
    titles = (*lex.honorifics, *lex.ranks, *lex.academic_before)
    title = alternation("title", titles, ignore_case=False)
    after = alternation("after", lex.academic_after, ignore_case=False)
    lower_roles = [w for w in (*lex.offices, *lex.pronouns["description_heads"]) if w.islower()]
    lower_role = alternation("lower_role", lower_roles)
    boundary = alternation("boundary", lex.boundary, ignore_case=False)
    demonstrative = alternation("demonstrative", lex.pronouns["demonstratives"], ignore_case=False)
    # Atomic: a word taken as a title is not retried as a name word (runs of ranks would
    # otherwise backtrack exponentially).
    unit = rf"(?>{title}|{INITIAL}|{CAP_WORD}|{PARTICLE}|{ACRONYM_IN_PARENS}|\d++(?={SP}\p{{Lu}}))"
    # `Menteri Riset dan Teknologi`, `Center for Metropolitan Studies`: a connector stays inside
    # a mention only before a portfolio word, an acronym or (for English names) a capital.
    portfolio = alternation("portfolio", lex.portfolio_words, ignore_case=False)
    joiner = (
        rf"(?:{SP}(?:dan|&){SP}(?={portfolio}|\p{{Lu}}{{2,}}\b)"
        rf"|{SP}(?:of|for|and|the){SP}(?=\p{{Lu}}))"
    )
    run = rf"(?P<unit>{unit})(?:(?:{joiner}|{SP})(?&unit)){{0,11}}"
    # A named mention: optional quantifier and description, then capitalised units, then
    # post-nominal titles (`, S.H.`) and an optional demonstrative (`politikus PDIP itu`).
    # Lower-case words after a role (`pengamat hukum tata negara`), but never a verb.
    verb = r"(?:me|ber|ter)\p{Ll}"
    # `pria yang akrab disapa Djanur`: a description that gives the name people call them.
    called = (
        rf"(?:{SP}yang{SP}(?:akrab{SP}|biasa{SP}|kerap{SP})?(?:disapa|dipanggil|dikenal)"
        rf"(?:{SP}dengan)?(?:{SP}nama)?{SP}{CAP_WORD}(?:{SP}{CAP_WORD}){{0,2}})?"
    )
    described = (
        rf"{lower_role}(?:{SP}(?!{boundary}|{demonstrative}|{verb})\p{{Ll}}[\p{{Ll}}\-]*+){{0,3}}"
        rf"{called}"
    )
    # A mention starts at a word start with a capital or a lower-case role or quantifier word:
    # the look-ahead lets the scanner skip every other position cheaply.
    starts = sorted({w[0].lower() for w in lower_roles} | set("spbs"))
    start = rf"(?<![\w\-])(?=\p{{Lu}}|[{''.join(starts)}])"
    head = rf"{start}(?:{QUANTIFIER}{SP})?(?:(?P<described>{described}){SP}(?:(?:dari|di){SP})?)?"
    tail = rf"(?:{SP}{demonstrative})?"
    # `mention` may run over comma segments (`Kepala Dusun X, Kecamatan Y, Wahyu Wibowo`): it is
    # used right after a reporting word. `person` stops at a comma: it scans running text, where
    # a comma more often separates two people than it describes one.
    # The comma segments reuse the first run's pattern by a subroutine call (`(?&run)`): the
    # regex module then builds the run's word lists once per pattern instead of twice.
    mention = (
        rf"(?:{head}(?P<run>{run}(?:,?{SP}{after})*)(?:,{SP}(?:dan{SP})?(?&run)){{0,4}}"
        rf"|{start}(?:{QUANTIFIER}{SP})?(?&described)){tail}"
    )
    person = rf"(?:{head}{run}(?:,?{SP}{after})*|{start}(?:{QUANTIFIER}{SP})?(?&described)){tail}"
    cue_forms = {
        "bare": lex.forms("bare"),
        "clitic": lex.forms("clitic"),
        "active": lex.forms("active"),
        "passive": lex.forms("passive"),
        "active_indirect": lex.forms("active", indirect_only=True),
        "passive_indirect": lex.forms("passive", indirect_only=True),
        "bare_indirect": lex.forms("bare", indirect_only=True),
        "clitic_indirect": lex.forms("clitic", indirect_only=True),
        "turn": tuple(f for e in lex.cues if e.turn for f in (*e.bare, *e.clitic)),
        "preposition": tuple(f for e in lex.prepositions for f in e.bare),
        "preposition_clitic": tuple(f for e in lex.prepositions for f in e.clitic),
        "closer": lex.closers,
    }
    for name, forms in cue_forms.items():
        out[name] = alternation(f"cue_{name}", forms)
    out.update(
        {
            "mention": mention,
            "person": person,
            "title": title,
            "pronoun": alternation("pronoun", lex.pronouns["after_cue"]),
            "personal_pronoun": alternation("personal_pronoun", lex.pronouns["personal"]),
            "adverb": alternation("adverb", lex.adverbs),
            "boundary": boundary,
            "cap": CAP_WORD,
        }
    )
    return out


_INNER_GROUP = regex.compile(r"(\(\?P<|\(\?&)(run|unit|described)([>)])")


def expand(pattern: str, table: Fragments) -> tuple[str, list[str]]:
    """Replace {name} by its fragment; return the regex and the unknown names."""
    unknown: list[str] = []
    count = 0

    def sub(m: regex.Match[str]) -> str:
        nonlocal count
        name = m.group(1)
        if name not in table:
            unknown.append(name)
            return "(?!)"
        count += 1
        # The fragment's own groups (reused by subroutine calls) get a per-use suffix, so a
        # pattern may use {mention} twice without two groups of the same name.
        fragment = _INNER_GROUP.sub(
            lambda g: f"{g.group(1)}{g.group(2)}__{count}{g.group(3)}", table[name]
        )
        return f"(?:{fragment})"

    # {name} only: regex quantifiers like {0,3} have digits and stay untouched.
    return regex.sub(r"\{([a-z_]+)\}", sub, pattern), unknown


def group_placeholders(pattern: str, group: str) -> list[str] | None:
    """The {placeholders} inside the named group ``(?P<group>...)`` of a rule pattern, or None
    when the pattern has no such group."""
    at = pattern.find(f"(?P<{group}>")
    if at < 0:
        return None
    depth, i = 0, at
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    found: list[str] = regex.findall(r"\{([a-z_]+)\}", pattern[at:i])
    return found
