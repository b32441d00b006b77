"""One entity per person: short names and offices join the fullest name the article gives."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from kutip.engine.people.mentions import MentionParts

_WORD = regex.compile(r"[\p{L}\p{M}\d]+")


def name_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(name))


@dataclass(slots=True)
class EntityRecord:
    id: str
    name: str
    words: frozenset[str]
    role: str | None
    affiliation: str | None
    named: bool
    last_seen: int
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # Every office the article gives this person, in its long lower-case form: `Menteri Pemuda
    # dan Olahraga, Zainudin Amali` and later `Menteri Zainudin Amali` both count, so `kata
    # Menpora` finds him whichever came first.
    offices: set[str] = field(default_factory=set)


class EntityTable:
    """Entities of one article, keyed by id; ``observe`` while scanning, ``resolve`` to decide."""

    def __init__(
        self, aliases: dict[str, str] | None = None, offices: dict[str, str] | None = None
    ) -> None:
        self.entities: dict[str, EntityRecord] = {}
        self.aliases = aliases or {}
        self.offices = {k.lower(): v.lower() for k, v in (offices or {}).items()}
        self.merged: dict[str, str] = {}

    def get(self, key: str) -> EntityRecord | None:
        """The entity behind ``key``, following merges of offices into the person holding them."""
        return self.entities.get(self.merged.get(key, key))

    def office(self, role: str) -> str:
        """An office in its long form, lower-case (`Mensos` -> `menteri sosial`)."""
        return self.offices.get(role.lower(), role.lower())

    def settle(self) -> None:
        """Once the article is read: an office mentioned alone (`kata Mensos`) is the named
        person the article gives that office to (`Menteri Sosial Juliari Batubara`)."""
        for record in list(self.entities.values()):
            if record.named or not record.role:
                continue
            holder = self._holder(record.role, record.affiliation, record.last_seen)
            if holder is not None:
                self.merged[record.id] = holder.id

    def _new(self, name: str, parts: MentionParts, named: bool, pos: int) -> EntityRecord:
        key = f"e{len(self.entities) + 1}"
        record = EntityRecord(
            key, name, name_words(name), parts.role, parts.affiliation, named, pos
        )
        if parts.role:
            record.offices.add(self.office(parts.role))
        self.entities[key] = record
        return record

    def _by_name(self, words: frozenset[str], pos: int) -> EntityRecord | None:
        """The entity whose name contains these words or is contained in them; nearest first."""
        best: EntityRecord | None = None
        for record in self.entities.values():
            if not record.named or not (words <= record.words or record.words <= words):
                continue
            if best is None or _closer(record, best, pos):
                best = record
        return best

    def _holder(self, role: str, affiliation: str | None, pos: int) -> EntityRecord | None:
        """The named person nearest ``pos`` holding this office (of this affiliation, if said)."""
        wanted = self.office(role)
        best: EntityRecord | None = None
        for record in self.entities.values():
            if not record.named or wanted not in record.offices:
                continue
            if affiliation and record.affiliation and not _same_place(affiliation, record):
                continue
            if best is None or _closer(record, best, pos):
                best = record
        return best

    def appose(self, role_key: str, name_key: str) -> None:
        """`Menteri Pemuda dan Olahraga, Zainudin Amali`: an office in apposition right before a
        name is that person's office, and its mention refers to them."""
        office, person = self.entities.get(role_key), self.entities.get(name_key)
        if office is None or person is None or office.named or not person.named:
            return
        if office.role:
            person.offices.add(self.office(office.role))
            person.role = person.role or office.role
            person.affiliation = person.affiliation or office.affiliation
        self.merged[role_key] = name_key

    def knows(self, name: str) -> bool:
        """Whether a named entity already seen shares this name (a short or longer form)."""
        words = name_words(self.aliases.get(name.lower(), name))
        return any(
            r.named and (words <= r.words or r.words <= words) for r in self.entities.values()
        )

    def observe(self, parts: MentionParts, raw: str, pos: int, end: int) -> str:
        """Register a mention met while scanning; return its entity id."""
        record = self._find_or_add(parts, raw, pos)
        record.last_seen = max(record.last_seen, pos)
        record.mentions.append((pos, end))
        return record.id

    def resolve(self, parts: MentionParts, raw: str, pos: int) -> str:
        """The entity a decided speaker mention refers to (made if the article had none)."""
        return self._find_or_add(parts, raw, pos).id

    def _find_or_add(self, parts: MentionParts, raw: str, pos: int) -> EntityRecord:
        if parts.kind == "name" and parts.name:
            # `Jokowi` and `Joko Widodo` share no word: the alias lexicon joins them, unless
            # the article has a person the short name fits already (`Emil` Dardak).
            name = parts.name
            record = self._by_name(name_words(name), pos)
            if record is None and name.lower() in self.aliases:
                name = self.aliases[name.lower()]
                record = self._by_name(name_words(name), pos)
            words = name_words(name)
            if record is None:
                return self._new(name, parts, True, pos)
            if record.words < words:
                record.name, record.words = name, words  # the fullest name wins
            record.role = record.role or parts.role
            record.affiliation = record.affiliation or parts.affiliation
            if parts.role:
                record.offices.add(self.office(parts.role))
            return record
        if parts.kind == "role" and parts.role:
            record = self._holder(parts.role, parts.affiliation, pos)
            if record is not None:
                return record
        label = raw.strip()
        for record in self.entities.values():
            if not record.named and record.name.lower() == label.lower():
                return record
        return self._new(label, parts, False, pos)


def _same_place(affiliation: str, record: EntityRecord) -> bool:
    """Whether the word after an office alone fits the holder: their place or body (`Bupati
    Bengkalis`), or their name (`Wabup Atika` for `Wakil Bupati Madina Atika Azmi Nasution`)."""
    a, b = name_words(affiliation), name_words(record.affiliation or "")
    return a <= b or b <= a or a <= record.words


def _closer(a: EntityRecord, b: EntityRecord, pos: int) -> bool:
    """Prefer the entity last seen before ``pos``, then the one seen nearest to it."""
    a_before, b_before = a.last_seen <= pos, b.last_seen <= pos
    if a_before != b_before:
        return a_before
    return abs(pos - a.last_seen) < abs(pos - b.last_seen)
