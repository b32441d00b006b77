"""Lexicons from rules/lexicon/*.yaml: cue words, titles, roles, pronouns, marks, word lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kutip.engine.rules.schema import Check, Collector, is_bool, is_str, is_str_list

LEXICON_FILES = ("cues", "titles", "pronouns", "marks", "roles", "regions", "words", "aliases")


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One reporting word and its forms, grouped by where the speaker stands."""

    lemma: str
    bare: tuple[str, ...]
    clitic: tuple[str, ...]
    active: tuple[str, ...]
    passive: tuple[str, ...]
    indirect: bool
    turn: bool
    # Forms that may open a sentence as its report (`Dikatakan Romi, ...`, `Lanjutnya, ...`);
    # not `Jelas ...`, `Katanya, ...` (hearsay) or `Dipastikan ...` (an outcome).
    lead: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkFamily:
    name: str
    open: tuple[str, ...]
    close: tuple[str, ...]
    both: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: tuple[CueEntry, ...]
    prepositions: tuple[CueEntry, ...]
    closers: tuple[str, ...]
    honorifics: tuple[str, ...]
    ranks: tuple[str, ...]
    academic_before: tuple[str, ...]
    academic_after: tuple[str, ...]
    pronouns: Mapping[str, Any]
    marks: tuple[MarkFamily, ...]
    offices: tuple[str, ...]
    takes_place: tuple[str, ...]
    institutions: tuple[str, ...]
    places: tuple[str, ...]
    # Administrative regions (regions.yaml, from a data package): places before a name, but
    # also surnames (`Samosir`), so never a reason to reject a name's own words.
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    portfolio_words: tuple[str, ...]
    place_nouns: tuple[str, ...]
    bodies: tuple[str, ...]
    role_abbreviations: Mapping[str, str]
    boundary: tuple[str, ...]
    adverbs: tuple[str, ...]
    not_names: tuple[str, ...]
    not_cues: tuple[str, ...]
    act_nouns: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]

    def forms(
        self, kind: str, *, indirect_only: bool = False, lead_only: bool = False
    ) -> tuple[str, ...]:
        """Every cue form of one class (bare, clitic, active, passive), longest first;
        ``lead_only``: those that may open a sentence as its report."""
        out = {
            form
            for entry in self.cues
            if entry.indirect or not indirect_only
            for form in getattr(entry, kind)
            if not lead_only or form in entry.lead
        }
        return tuple(sorted(out, key=lambda f: (-len(f), f)))

    def cue_forms(self, *kinds: str) -> frozenset[str]:
        """Every form of these classes (bare, clitic, active, passive), prepositions included,
        lower-case with single spaces."""
        return frozenset(
            " ".join(form.lower().split())
            for entry in (*self.cues, *self.prepositions)
            for kind in kinds
            for form in getattr(entry, kind)
        )


CUE_KEYS: dict[str, Check] = {"lemma": is_str, "bare": is_str_list, "clitic": is_str_list}
CUE_OPTIONAL: dict[str, Check] = {
    "active": is_str_list,
    "passive": is_str_list,
    "indirect": is_bool,
    "turn": is_bool,
    "lead": is_str_list,
}


# libyaml's loader where PyYAML was built with it: the pure-Python one took half the start time.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML safely (plain data only), with libyaml when it is there."""
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader: plain data only


def _read_yaml(path: Path, out: Collector) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        out.add("E001", "file is missing")
    except yaml.YAMLError as exc:
        out.add("E002", f"not valid YAML: {exc}")
    return None


def _cue_entries(items: Any, out: Collector, where: str) -> tuple[CueEntry, ...]:
    if not isinstance(items, list):
        out.add("E100", f"{where} must be a list")
        return ()
    entries = []
    seen: dict[str, str] = {}
    for n, item in enumerate(items):
        if not out.check_mapping(item, CUE_KEYS, CUE_OPTIONAL, where=f"{where}[{n}]"):
            continue
        entry = CueEntry(
            lemma=item["lemma"],
            bare=tuple(item["bare"]),
            clitic=tuple(item["clitic"]),
            active=tuple(item.get("active", ())),
            passive=tuple(item.get("passive", ())),
            indirect=bool(item.get("indirect", False)),
            turn=bool(item.get("turn", False)),
            lead=tuple(item.get("lead", ())),
        )
        every = {*entry.bare, *entry.clitic, *entry.active, *entry.passive}
        for form in entry.lead:
            if form not in every:
                out.add("E111", f"lead form {form!r} is none of {entry.lemma!r}'s forms")
        for form in (*entry.bare, *entry.clitic, *entry.active, *entry.passive):
            key = form.lower()
            if key in seen and seen[key] != entry.lemma:
                out.add("E110", f"form {form!r} belongs to both {seen[key]!r} and {entry.lemma!r}")
            seen[key] = entry.lemma
        entries.append(entry)
    return tuple(entries)


def _strings(data: Any, key: str, out: Collector) -> tuple[str, ...]:
    value = data.get(key) if isinstance(data, dict) else None
    err = is_str_list(value)
    if err:
        out.add("E103", f"{key!r} {err}")
        return ()
    return tuple(value or ())


def _marks(data: Any, out: Collector) -> tuple[MarkFamily, ...]:
    families = data.get("families") if isinstance(data, dict) else None
    if not isinstance(families, dict) or not families:
        out.add("E100", "'families' must be a mapping of mark families")
        return ()
    result = []
    keys: dict[str, Check] = {"open": is_str_list, "close": is_str_list, "both": is_str_list}
    for name, fam in families.items():
        if out.check_mapping(fam, keys, {}, where=f"families.{name}"):
            result.append(
                MarkFamily(name, tuple(fam["open"]), tuple(fam["close"]), tuple(fam["both"]))
            )
    return tuple(result)


def _abbreviations(data: Any, out: Collector) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        out.add("E103", "'abbreviations' must map a short office to its long form")
        return {}
    return dict(data)


def _aliases(data: Any, out: Collector) -> dict[str, tuple[str, ...]]:
    if not isinstance(data, dict):
        out.add("E100", "'aliases' must map a full name to a list of other names")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for full, names in data.items():
        err = is_str(full) or is_str_list(names)
        if err:
            out.add("E103", f"aliases[{full!r}] {err}")
        else:
            result[full] = tuple(names)
    return result


def load_lexicon(directory: Path) -> tuple[Lexicon | None, list[Any]]:
    """Read every lexicon file; return the lexicon and all problems found (never the first only)."""
    problems: list[Any] = []
    raw: dict[str, Any] = {}
    collectors: dict[str, Collector] = {}
    for name in LEXICON_FILES:
        path = directory / f"{name}.yaml"
        collectors[name] = Collector(f"lexicon/{name}.yaml")
        raw[name] = _read_yaml(path, collectors[name]) or {}
        if not isinstance(raw[name], dict):
            collectors[name].add("E100", "top level must be a mapping")
            raw[name] = {}
    c = collectors
    allowed = {
        "cues": {"cues", "prepositions", "closers"},
        "titles": {"honorifics", "ranks", "academic_before", "academic_after"},
        "pronouns": {
            "personal",
            "after_cue",
            "plural",
            "clitic",
            "demonstratives",
            "description_heads",
        },
        "marks": {"families"},
        "roles": {
            "offices",
            "takes_place",
            "institutions",
            "places",
            "countries",
            "portfolio_words",
            "place_nouns",
            "bodies",
            "abbreviations",
        },
        "words": {"boundary", "adverb", "not_names", "not_cues", "act_nouns"},
        "aliases": {"aliases"},
        "regions": {"regions"},
    }
    for name, keys in allowed.items():
        for key in raw[name]:
            if key not in keys:
                c[name].add("E101", f"unknown key {key!r}")
        for key in keys:
            if key not in raw[name]:
                c[name].add("E102", f"missing key {key!r}")
    pron = raw["pronouns"]
    pronouns: dict[str, Any] = {
        key: _strings(pron, key, c["pronouns"]) for key in allowed["pronouns"] - {"clitic"}
    }
    clitic = pron.get("clitic")
    if is_str(clitic):
        c["pronouns"].add("E103", "'clitic' must be a non-empty string")
    pronouns["clitic"] = clitic if isinstance(clitic, str) else "nya"
    lex = Lexicon(
        cues=_cue_entries(raw["cues"].get("cues"), c["cues"], "cues"),
        prepositions=_cue_entries(raw["cues"].get("prepositions"), c["cues"], "prepositions"),
        closers=_strings(raw["cues"], "closers", c["cues"]),
        honorifics=_strings(raw["titles"], "honorifics", c["titles"]),
        ranks=_strings(raw["titles"], "ranks", c["titles"]),
        academic_before=_strings(raw["titles"], "academic_before", c["titles"]),
        academic_after=_strings(raw["titles"], "academic_after", c["titles"]),
        pronouns=pronouns,
        marks=_marks(raw["marks"], c["marks"]),
        offices=_strings(raw["roles"], "offices", c["roles"]),
        takes_place=_strings(raw["roles"], "takes_place", c["roles"]),
        institutions=_strings(raw["roles"], "institutions", c["roles"]),
        places=_strings(raw["roles"], "places", c["roles"]),
        regions=_strings(raw["regions"], "regions", c["regions"]),
        countries=_strings(raw["roles"], "countries", c["roles"]),
        portfolio_words=_strings(raw["roles"], "portfolio_words", c["roles"]),
        place_nouns=_strings(raw["roles"], "place_nouns", c["roles"]),
        bodies=_strings(raw["roles"], "bodies", c["roles"]),
        role_abbreviations=_abbreviations(raw["roles"].get("abbreviations"), c["roles"]),
        boundary=_strings(raw["words"], "boundary", c["words"]),
        adverbs=_strings(raw["words"], "adverb", c["words"]),
        not_names=_strings(raw["words"], "not_names", c["words"]),
        not_cues=_strings(raw["words"], "not_cues", c["words"]),
        act_nouns=_strings(raw["words"], "act_nouns", c["words"]),
        aliases=_aliases(raw["aliases"].get("aliases"), c["aliases"]),
    )
    for col in collectors.values():
        problems.extend(col.problems)
    return (None if problems else lex), problems
