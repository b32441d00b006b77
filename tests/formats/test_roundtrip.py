"""Round trips through the engine: an HTML body and ninjs documents give the plain text's quotes,
and each quote's HTML offsets land on the quoted words of the original HTML string."""

from __future__ import annotations

import html
from typing import Any

from kutip.engine import Engine
from kutip.formats.document import Document, add_html_offsets
from kutip.formats.highlight import render_document
from kutip.formats.html import html_to_text
from kutip.formats.ninjs import ninjs_document

from .helpers import as_html, check_offsets

URI = "urn:newsml:kutip.test:2024:755a8e7ff748d252"


def comparable(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What must survive a change of input format: the quoted words, type and speaker."""
    return [(q["text"], q["type"], (q["speaker"] or {}).get("name")) for q in result["quotes"]]


def extract(engine: Engine, doc: Document) -> dict[str, Any]:
    result = add_html_offsets(doc, engine.extract(doc.text).to_dict())
    check_offsets(doc.text, result)
    return result


def test_html_body_quotes_land_on_the_quoted_words(engine: Engine, seed_text: str) -> None:
    source = as_html(seed_text)
    doc = Document.from_html(source)
    assert "Bukan kutipan" not in doc.text and "Foto “kata dia”" not in doc.text
    assert "komentar" not in doc.text
    result = extract(engine, doc)
    plain = engine.extract(seed_text).to_dict()
    assert len(result["quotes"]) >= 3
    assert comparable(result) == comparable(plain)
    for quote in result["quotes"]:
        start, end = quote["html_start"], quote["html_end"]
        assert start is not None and end is not None, quote
        raw = source[start:end]
        assert "<" not in raw and ">" not in raw
        assert html.unescape(raw) == quote["text"]


def test_a_quote_with_inline_markup_inside_has_html_offsets(engine: Engine) -> None:
    source = (
        "<p>&ldquo;Kami <em>sudah</em> siap <a href='/x'>bekerja</a>,&rdquo; kata Menteri Budi"
        " Santoso.</p>"
    )
    result = extract(engine, Document.from_html(source))
    (quote,) = result["quotes"]
    assert quote["text"] == "Kami sudah siap bekerja,"
    raw = source[quote["html_start"] : quote["html_end"]]
    assert raw == "Kami <em>sudah</em> siap <a href='/x'>bekerja</a>,"
    assert html_to_text(raw).text == quote["text"]


def test_a_quote_over_two_paragraphs_has_no_html_offsets(engine: Engine) -> None:
    source = (
        "<p>&ldquo;Kami sudah siap bekerja keras untuk semua warga.</p>"
        "<p>&ldquo;Tidak ada yang tertinggal,&rdquo; kata Menteri Budi Santoso.</p>"
    )
    doc = Document.from_html(source)
    quotes = extract(engine, doc)["quotes"]
    spanning = [q for q in quotes if "\n" in q["text"]]
    assert spanning, quotes
    for quote in spanning:
        assert doc.text[quote["start"] : quote["end"]] == quote["text"]
        assert quote["html_start"] is None and quote["html_end"] is None


def test_ninjs_1_body_text_gives_the_plain_text_quotes(engine: Engine, seed_text: str) -> None:
    doc = ninjs_document({"uri": URI, "headline": "Judul", "body_text": seed_text})
    assert doc.id == URI
    result = extract(engine, doc)
    assert result["quotes"] and "html_start" not in result["quotes"][0]
    assert comparable(result) == comparable(engine.extract(seed_text).to_dict())


def test_ninjs_1_body_html_gives_the_plain_text_quotes(engine: Engine, seed_text: str) -> None:
    doc = ninjs_document({"uri": URI, "body_html": as_html(seed_text)})
    assert comparable(extract(engine, doc)) == comparable(engine.extract(seed_text).to_dict())


def test_ninjs_2_and_superdesk_give_the_plain_text_quotes(engine: Engine, seed_text: str) -> None:
    plain = comparable(engine.extract(seed_text).to_dict())
    body_html = as_html(seed_text)
    ninjs2 = {
        "uri": URI,
        "bodies": [
            {"role": "summary", "contenttype": "text/plain", "value": "“Bukan ini,” kata X."},
            {"role": "main", "contenttype": "text/html", "value": body_html},
        ],
    }
    ninjs2_text = {"uri": URI, "bodies": [{"contenttype": "text/plain", "value": seed_text}]}
    superdesk = {"item": {"guid": URI, "language": "id", "headline": "H", "body_html": body_html}}
    for obj in (ninjs2, ninjs2_text, superdesk):
        doc = ninjs_document(obj)
        assert doc.id == URI
        assert comparable(extract(engine, doc)) == plain


def test_highlighted_html_marks_every_quote_in_the_original_markup(
    engine: Engine, seed_text: str
) -> None:
    source = as_html(seed_text)
    doc = Document.from_html(source)
    result = extract(engine, doc)
    out = render_document(doc, result["quotes"])
    assert out.count("<mark ") == len(result["quotes"])
    assert "<script>document.write(" in out  # the article's own markup is left as it was
    for quote in result["quotes"]:
        assert f'data-quote-id="{quote["id"]}"' in out
        raw = source[quote["html_start"] : quote["html_end"]]
        assert f">{raw}</mark>" in out
