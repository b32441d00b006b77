"""Highlighted HTML: marks carry escaped speaker/type/id, nest properly, never inject markup."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from kutip.formats.document import Document
from kutip.formats.highlight import highlight_html, render_document, render_text
from kutip.formats.html import html_to_text

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


class Elements(HTMLParser):
    """Every element with its attributes and text; asserts the markup is balanced."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.marked: dict[str, str] = {}  # quote id -> the text inside its marks
        self.feed(source)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in {"br", "img"}:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        ids = {
            str(attrs["data-quote-id"])
            for tag, attrs in self.stack
            if tag in {"mark", "q"} and "data-quote-id" in attrs
        }
        for quote_id in ids:
            self.marked[quote_id] = self.marked.get(quote_id, "") + data


def quote(qid: str, text: str, part: str, **extra: Any) -> dict[str, Any]:
    start = text.index(part)
    return {
        "id": qid,
        "start": start,
        "end": start + len(part),
        "text": part,
        "type": extra.get("type", "direct"),
        "speaker": extra.get("speaker", {"name": "Budi", "entity": "e1"}),
    }


def test_marks_carry_speaker_type_and_id() -> None:
    text = "“Kami siap,” kata Budi.\n\nLalu ia pergi."
    out = render_text(text, [quote("q1", text, "Kami siap,")])
    parsed = Elements(out)
    marks = [attrs for tag, attrs in parsed.elements if tag == "mark"]
    assert marks == [
        {
            "class": "kutip-quote kutip-direct",
            "data-type": "direct",
            "data-quote-id": "q1",
            "data-speaker": "Budi",
            "data-speaker-id": "e1",
        }
    ]
    assert parsed.marked == {"q1": "Kami siap,"}
    assert [tag for tag, _ in parsed.elements].count("p") == 2


def test_hostile_text_and_speaker_are_escaped() -> None:
    text = f"<b>{HOSTILE}</b> “Ucapan {HOSTILE},” kata X."
    q = quote("q1", text, f"Ucapan {HOSTILE},", speaker={"name": HOSTILE, "entity": "e1"})
    out = render_text(text, [q])
    parsed = Elements(out)
    assert {tag for tag, _ in parsed.elements} == {"article", "p", "mark"}
    (mark,) = [attrs for tag, attrs in parsed.elements if tag == "mark"]
    assert mark["data-speaker"] == HOSTILE
    assert parsed.marked == {"q1": f"Ucapan {HOSTILE},"}


def test_a_quote_over_several_paragraphs_is_marked_in_each() -> None:
    text = "“Satu.\n\n“Dua,” kata Budi."
    start, end = 1, text.index(",”") + 1
    q = {"id": "q1", "start": start, "end": end, "text": text[start:end], "type": "direct"}
    out = render_text(text, [q])
    parsed = Elements(out)
    assert [a["data-quote-id"] for t, a in parsed.elements if t == "mark"] == ["q1", "q1"]
    assert "data-speaker" not in parsed.elements[2][1]  # no speaker, no attribute
    assert parsed.marked == {"q1": "Satu.“Dua,"}


@pytest.mark.parametrize("second", ["kata dia", "dia pergi, dan"])  # nested, then crossing
def test_overlapping_quotes_stay_well_formed(second: str) -> None:
    text = "Budi bilang kata dia pergi, dan pulang lagi."
    quotes = [quote("q1", text, "kata dia pergi,"), quote("q2", text, second, type="mixed")]
    parsed = Elements(render_text(text, quotes))
    assert parsed.marked == {"q1": "kata dia pergi,", "q2": second}


def test_q_elements_on_request() -> None:
    text = "“Ya,” kata Budi."
    out = render_text(text, [quote("q1", text, "Ya,")], tag="q")
    assert '<q class="kutip-quote kutip-direct"' in out and "</q>" in out and "<mark" not in out


def test_html_articles_keep_their_markup() -> None:
    source = (
        '<p class="lead">Ia berkata, &ldquo;Kami <b>siap</b> &amp; bekerja,&rdquo; kata Budi.</p>'
    )
    markup = html_to_text(source)
    q = quote("q1", markup.text, "Kami siap & bekerja,")
    out = highlight_html(markup, [q])
    parsed = Elements(out)
    assert [a["data-quote-id"] for t, a in parsed.elements if t == "mark"] == ["q1"] * 3
    assert parsed.marked == {"q1": "Kami siap & bekerja,"}
    stripped = out
    for piece in {m for m in out.split("<") if m.startswith(("mark", "/mark"))}:
        stripped = stripped.replace("<" + piece.split(">")[0] + ">", "")
    assert stripped == source


def test_render_document_dispatches_on_the_input_kind() -> None:
    html_doc = Document.from_html("<p>&ldquo;Ya,&rdquo; kata Budi.</p><script>x</script>")
    text_doc = Document.from_text("“Ya,” kata Budi.")
    q = quote("q1", text_doc.text, "Ya,")
    assert render_document(html_doc, [q]).endswith("</p><script>x</script>")
    assert render_document(text_doc, [q]).startswith('<article class="kutip-article"><p>')


def test_empty_quotes_are_ignored() -> None:
    text = "Tanpa kutipan."
    q = {"id": "q1", "start": 3, "end": 3, "text": "", "type": "direct"}
    assert "<mark" not in render_text(text, [q])
