"""Articles and Superdesk pushes the archive tests share."""

from __future__ import annotations

import json
from typing import Any

from kutip.api.hooks import signature

TEXT = "“Kami siap menghadapi pemilu,” kata Joko Widodo.\n\nIa menambahkan, “Semua aman.”"
NEWER = "“Kami belum siap,” kata Joko Widodo.\n\nIa menambahkan, “Tunggu dulu.”"


def ninjs_text(guid: str, version: int, body: str, **extra: Any) -> dict[str, Any]:
    """A text item as Superdesk's ninjs formatter sends it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return {
        "guid": guid,
        "type": "text",
        "version": str(version),
        "language": "id",
        "headline": "Presiden soal pemilu",
        "source": "Kantor Berita",
        "versioncreated": "2024-03-01T02:00:00+0000",
        "firstcreated": "2024-03-01T01:00:00+0000",
        "body_html": paragraphs,
        "pubstatus": "usable",
        **extra,
    }


def ninjs_picture(guid: str) -> dict[str, Any]:
    return {
        "guid": guid,
        "type": "picture",
        "version": "1",
        "headline": "Foto: rapat terbatas",
        "renditions": {"original": {"href": "https://example.id/a.jpg", "mimetype": "image/jpeg"}},
    }


def signed(secret: str, item: Any) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a push signed as Superdesk's HTTP Push transmitter signs it."""
    body = json.dumps(item).encode()
    headers = {"Content-Type": "application/json", "x-superdesk-signature": signature(secret, body)}
    return body, headers
