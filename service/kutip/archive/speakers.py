"""One person across articles: the same canonical name, or an alias an article gave them.

The engine names each person of an article (``Joko Widodo``) with every mention of them
(``Presiden``, ``Presiden Joko Widodo``, ``Jokowi``). Only mentions that are names of their own
become aliases for every article: a bare role (``Presiden``), a short form inside the name
(``Asep`` of ``Asep Sasa Purnama``) or a phrase holding the name would join different people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex
from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kutip.archive.schema import speaker_aliases, speakers

_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
MAX_KEY = 300


def speaker_key(name: str) -> str:
    """``Joko  Widodo,`` and ``joko widodo`` are one key."""
    key: str = _NON_WORD.sub(" ", name.casefold()).strip()
    return key[:MAX_KEY]


def global_aliases(entity: Mapping[str, Any]) -> list[str]:
    """The mentions of an engine entity that name it in any article (see the module doc)."""
    name = str(entity.get("name") or "")
    role = speaker_key(str(entity.get("role") or ""))
    key = speaker_key(name)
    words = set(key.split())
    kept: list[str] = []
    for mention in entity.get("mentions") or []:
        text = str(mention.get("text") or "").strip()
        mention_key = speaker_key(text)
        if not text or not text[0].isupper() or not mention_key or mention_key == key:
            continue
        if set(mention_key.split()) <= words or key in mention_key:
            continue  # a short form of the name, or the name with a title: not new
        if role and (mention_key in role or role in mention_key):
            continue  # a role, not a name
        kept.append(text)
    return kept


def _insert(conn: Connection, table: Any) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def resolve_speaker(conn: Connection, name: str, aliases: Iterable[str] = ()) -> int | None:
    """The speaker id for ``name`` (created if new), registering ``aliases`` for it."""
    key = speaker_key(name)
    if not key:
        return None
    alias_list = [a for a in aliases if speaker_key(a)]
    speaker_id = conn.execute(select(speakers.c.id).where(speakers.c.key == key)).scalar()
    if speaker_id is None:
        for candidate in [key, *(speaker_key(a) for a in alias_list)]:
            speaker_id = conn.execute(
                select(speaker_aliases.c.speaker_id).where(speaker_aliases.c.key == candidate)
            ).scalar()
            if speaker_id is not None:
                break
    if speaker_id is None:
        # Another replica may add the same name at the same time: the unique key decides.
        conn.execute(
            _insert(conn, speakers)
            .values(key=key, name=name.strip())
            .on_conflict_do_nothing(index_elements=["key"])
        )
        speaker_id = conn.execute(select(speakers.c.id).where(speakers.c.key == key)).scalar_one()
    for alias in [name, *alias_list]:
        conn.execute(
            _insert(conn, speaker_aliases)
            .values(key=speaker_key(alias), speaker_id=speaker_id, name=alias.strip())
            .on_conflict_do_nothing(index_elements=["key"])
        )
    return int(speaker_id)
