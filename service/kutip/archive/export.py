"""``kutip archive export --gold``: the corrected articles as a gold file (shared/eval/FORMAT.md),
so ``kutip eval`` measures kutip against the newsroom's own corrected copy.

Only articles an editor corrected are written (``--all``: every stored article, machine output
as gold). The served quotes are the gold: machine quotes with corrections applied.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select

from kutip.archive.db import Database
from kutip.archive.schema import articles, corrections, quotes

# Editors review every quote of an article they correct, whatever its type.
ANNOTATED = ["direct", "indirect", "mixed"]


def gold_lines(db: Database, everything: bool = False) -> Iterator[dict[str, Any]]:
    with db.read() as conn:
        statement = select(articles.c.id, articles.c.text, articles.c.outlet).where(
            articles.c.status == "stored"
        )
        if not everything:
            corrected = select(corrections.c.article_id).distinct()
            statement = statement.where(articles.c.id.in_(corrected))
        rows = conn.execute(statement.order_by(articles.c.id)).all()
        for row in rows:
            served = conn.execute(
                select(quotes.c.data, quotes.c.type, quotes.c.speaker_name)
                .where(quotes.c.article_id == row.id)
                .order_by(quotes.c.start, quotes.c.end)
            ).all()
            yield {
                "id": row.id,
                "source": row.outlet or "kutip archive",
                "text": row.text,
                "annotated": ANNOTATED,
                "quotes": [_gold_quote(q.data, q.type, q.speaker_name) for q in served],
            }


def _gold_quote(data: dict[str, Any], kind: str, speaker: str | None) -> dict[str, Any]:
    cue = data.get("cue")
    return {
        "start": data["start"],
        "end": data["end"],
        "text": data["text"],
        "type": kind,
        "speaker": speaker,
        "cue": cue.get("word") if isinstance(cue, dict) else None,
    }


def write_gold(db: Database, out: TextIO, everything: bool = False) -> int:
    written = 0
    for line in gold_lines(db, everything):
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return written
