"""Regex building blocks made from the lexicons; rule patterns name them as {placeholders}."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from kutip.engine.rules.lexicon import Lexicon

# Abstract nouns with the confixes ke-...-an and pe(N)-/per-...-an (`Kemiskinan`, `Perkebunan`,
# `Pengembangan`) name units, portfolios and programmes, never a person: `Deputi Bidang
# Kemiskinan Vivi Yulaswati`. Four letters at least between the affixes keep short given names
# (`Pebrian`) out, and so does -wan, a given names' ending (`Pebriawan`).
CONFIXED_NOUN = r"(?:Ke|Pe)\p{Ll}{4,}(?<!w)an"

# A trie node: the next character -> its node; the empty key marks a word ending here.
_Node = dict[str, "_Node"]


def trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` with shared prefixes factored out, longest first:
    `kata|katanya|ujar` -> `(?:kata(?:nya)?|ujar)`.

    A failing attempt costs a character or two, where the regex module's named lists
    (``\\L<name>``) slice and hash the text once for every entry length at every try: with
    the person pattern tried at each capital and the cue lists in every rule, that was most of
    the matching time."""
    root: _Node = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root) or "(?!)"


def _branches(node: _Node) -> str:
    """The regex for the words below ``node``; the empty key marks a word ending there."""
    options = []
    for char in sorted(k for k in node if k):
        child, chars = node[char], [char]
        # A chain of single children is one literal (`kat` + `a`, not three nested groups).
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            chars.append(char)
        options.append(regex.escape("".join(chars)) + _branches(child))
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    if "" in node:
        # A word ends here: try the longer words first, then stop.
        return f"(?:{body})?" if len(options) > 1 or len(body) > 1 else f"{body}?"
    return body


# Rule patterns use scoped flags only (`(?i:...)`). Version 1 semantics, but simple case
# folding: full folding (`ß` = `ss`) changes nothing for Indonesian and made compiling the
# case-insensitive word lists the larger part of the start time. Version 1 folds fully in every
# `(?i)` unless an inline `(?-f)` opening the pattern says otherwise (the flag argument cannot),
# which ``compile_pattern`` adds: the start takes a fifth less, extraction the same instructions.
PATTERN_FLAGS = regex.VERSION1


class Fragments(dict[str, str]):
    """Placeholder name -> regex fragment, plus the word lists behind the fragments (for the
    rule triggers). Compile with ``regex.compile(p, **fragments.lists)``."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[str, list[str]] = {}

    def words_of(self, placeholder: str) -> list[str] | None:
        """The word list behind a placeholder that is one (`{bare}` -> the bare cue forms)."""
        return self.lists.get(f"cue_{placeholder}", self.lists.get(placeholder))

    def alternation(
        self, name: str, words: Iterable[str], *, ignore_case: bool = True, hot: bool = False
    ) -> str:
        """Any of ``words`` as a whole word (longest wins; multi-word entries take one space).

        A ``hot`` list, tried at nearly every word a pattern meets, is written out as a trie:
        failing costs a character or two. The others stay named lists (``\\L<name>``), which
        the regex module tries by slicing and hashing the text once per entry length, slower
        to fail but compact: the pattern compiles several times faster."""
        items = sorted({" ".join(w.split()) for w in words if w.strip()})
        if not items:
            return "(?!)"
        self.lists[name] = items
        body = trie(items) if hot else f"\\L<{name}>"
        group = f"(?i:{body})" if ignore_case else body
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
_QUANTIFIER_WORDS = ("seorang", "salah", "sejumlah", "beberapa", "para", "sang")
QUANTIFIER = r"(?i:seorang|salah\s+seorang|salah\s+satu|sejumlah|beberapa|para|sang)"
# Inside a mention words are separated by spaces, never by a line break: a name does not run
# from a headline into the next paragraph.
SP = r"[^\S\r\n]+"
# `Manek (60), penjual air, menuturkan`: news gives an ordinary person's age in parentheses
# right after the name; it stands between the name and its apposition or verb.
AGE = r"(?:[^\S\r\n]*\((?i:usia[^\S\r\n]+)?\d{1,3}(?:[^\S\r\n]*(?i:tahun|thn\.?|th\.?))?\))?"
_ONE_CAP_WORD = regex.compile(CAP_WORD)


def placeholders(lex: Lexicon) -> Fragments:
    """Every {name} a rule pattern may use, as a regex fragment."""
    out = Fragments()
    alternation = out.alternation
    titles = (*lex.honorifics, *lex.ranks, *lex.academic_before)
    title = alternation("title", titles, ignore_case=False)
    after = alternation("after", lex.academic_after, ignore_case=False)
    lower_roles = [w for w in (*lex.offices, *lex.pronouns["description_heads"]) if w.islower()]
    lower_role = alternation("lower_role", lower_roles, hot=True)
    boundary = alternation("boundary", lex.boundary, ignore_case=False)
    demonstrative = alternation(
        "demonstrative", lex.pronouns["demonstratives"], ignore_case=False, hot=True
    )
    # Atomic: a word taken as a title is not retried as a name word (runs of ranks would
    # otherwise backtrack exponentially). One capitalised word that is a title (`Kapten`) is
    # matched as a name word all the same, so only the other titles are tried here: fewer
    # alternatives to write out in every mention and to fail at every word.
    unit_title = alternation(
        "unit_title",
        [t for t in titles if not _ONE_CAP_WORD.fullmatch(t)],
        ignore_case=False,
        hot=True,
    )
    unit = (
        rf"(?>{unit_title}|{INITIAL}|{CAP_WORD}|{PARTICLE}|{ACRONYM_IN_PARENS}"
        rf"|\d++(?={SP}\p{{Lu}}))"
    )
    # `Menteri Riset dan Teknologi`, `Center for Metropolitan Studies`: a connector stays inside
    # a mention only before a portfolio word, an acronym, a confixed noun (`Pasca Panen dan
    # Pengolahan Hasil Pertanian`: ke-/pe-...-an nouns name units) or (for English names) a
    # capital.
    portfolio = alternation("portfolio", lex.portfolio_words, ignore_case=False)
    institution = alternation("institution", lex.institutions, ignore_case=False)
    body = alternation("body", lex.bodies, ignore_case=False)
    joiner = (
        rf"(?:{SP}(?:dan|&){SP}(?={portfolio}|\p{{Lu}}{{2,}}\b|(?!{institution}){CONFIXED_NOUN}\b)"
        rf"|{SP}dari{SP}(?={body})"
        rf"|{SP}(?:of|for|and|the){SP}(?=\p{{Lu}}))"
    )
    # A mention word (`unit`) is written out twice below rather than reused by a subroutine
    # call (`(?&unit)`): a call saves and restores the capture state each time, and at every
    # word of every mention that made matching twice as slow. The rarer paths (a description,
    # a second comma segment) are still calls: each copy written out costs compile time.
    run = rf"{unit}(?:(?:{joiner}|{SP}){unit}){{0,15}}(?:,?{SP}{after})*"
    # A named mention: optional quantifier and description, then capitalised units, then
    # post-nominal titles (`, S.H.`) and an optional demonstrative (`politikus PDIP itu`).
    # Lower-case words after a role (`pengamat hukum tata negara`), but never a verb.
    verb = r"(?:me|ber|ter)\p{Ll}"
    # `pria yang akrab disapa Djanur`: a description that gives the name people call them.
    called = (
        rf"(?:{SP}yang{SP}(?:akrab{SP}|karib{SP}|biasa{SP}|kerap{SP}|sering{SP})?(?:disapa|dipanggil|dikenal)"
        rf"(?:{SP}dengan)?(?:{SP}nama)?{SP}{CAP_WORD}(?:{SP}{CAP_WORD}){{0,2}})?"
    )
    described = (
        rf"{lower_role}(?:{SP}(?!{boundary}|{demonstrative}|{verb})\p{{Ll}}[\p{{Ll}}\-]*+){{0,3}}"
        rf"{called}"
    )
    # A mention starts at a word start with a capital or a lower-case role or quantifier word:
    # the look-ahead lets the scanner skip every other position cheaply.
    # A lower-case start is checked by its first two letters (`ke` for `kepala`): a search
    # over a sentence meets a lower-case word at every step, and most fail at once.
    lower_words = (*lower_roles, *_QUANTIFIER_WORDS)
    starts = trie(sorted({w[:2].lower() for w in lower_words}))
    start = rf"(?<![\w\-])(?=\p{{Lu}}|{starts})"
    head = rf"{start}(?:{QUANTIFIER}{SP})?(?:(?P<described>{described}){SP}(?:(?:dari|di){SP})?)?"
    alone = rf"{start}(?:{QUANTIFIER}{SP})?(?&described)"
    tail = rf"(?:{SP}{demonstrative})?"
    # `mention` may run over comma segments (`Kepala Dusun X, Kecamatan Y, Wahyu Wibowo`): it is
    # used right after a reporting word. `person` stops at a comma: it scans running text, where
    # a comma more often separates two people than it describes one.
    mention = rf"(?:{head}(?P<run>{run})(?:,{SP}(?:dan{SP})?(?&run)){{0,4}}|{alone}){tail}"
    person = rf"(?:{head}{run}|{alone}){tail}"
    cue_forms = {
        "bare": lex.forms("bare"),
        "clitic": lex.forms("clitic"),
        "active": lex.forms("active"),
        "passive": lex.forms("passive"),
        "active_indirect": lex.forms("active", indirect_only=True),
        "passive_indirect": lex.forms("passive", indirect_only=True),
        "bare_indirect": lex.forms("bare", indirect_only=True),
        "clitic_indirect": lex.forms("clitic", indirect_only=True),
        "bare_lead": lex.forms("bare", lead_only=True),
        "clitic_lead": lex.forms("clitic", lead_only=True),
        "passive_lead": lex.forms("passive", lead_only=True),
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
            "pronoun": alternation("pronoun", lex.pronouns["after_cue"], hot=True),
            "personal_pronoun": alternation("personal_pronoun", lex.pronouns["personal"], hot=True),
            "adverb": alternation("adverb", lex.adverbs, hot=True),
            "boundary": boundary,
            # Not a reporting verb after a quote: the listed function words and every word that
            # opens the circumstances after a cue (`boundary`).
            "not_cue": alternation("not_cue", (*lex.not_cues, *lex.boundary), hot=True),
            "cap": CAP_WORD,
            "age": AGE,
        }
    )
    return out


_INNER_GROUP = regex.compile(r"(\(\?P<|\(\?&)(run|described)([>)])")


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


def compile_pattern(source: str, fragments: Fragments) -> regex.Pattern[str]:
    """A rule or scan pattern, compiled with the word lists of ``fragments``."""
    return regex.compile("(?-f)" + source, PATTERN_FLAGS, ignore_unused=True, **fragments.lists)
