"""ninjs 1.x / 2.x and Superdesk items: which body is read, the id, and clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from kutip.formats.ninjs import (
    is_newsroom_document,
    newsroom_body,
    ninjs_document,
    superdesk_document,
)

HTML = "<p>&ldquo;Kami siap,&rdquo; kata Budi.</p>"
TEXT = "“Kami siap,” kata Budi."


def test_ninjs_1_body_text_with_uri_as_id() -> None:
    doc = ninjs_document(
        {"uri": "urn:x:1", "headline": "Judul", "language": "id", "body_text": TEXT}
    )
    assert (doc.id, doc.text, doc.headline, doc.language) == ("urn:x:1", TEXT, "Judul", "id")
    assert doc.markup is None and doc.html is None


def test_ninjs_1_body_html_is_parsed_and_preferred_over_body_text() -> None:
    doc = ninjs_document({"uri": "urn:x:2", "body_text": "lain", "body_html": HTML})
    assert doc.text == TEXT
    assert doc.html == HTML


def test_ninjs_1_0_body_xhtml() -> None:
    assert ninjs_document({"uri": "u", "body_xhtml": HTML}).text == TEXT


def test_guid_is_the_id_when_there_is_no_uri() -> None:
    assert ninjs_document({"guid": "tag:sd:9", "body_text": TEXT}).id == "tag:sd:9"
    assert ninjs_document({"body_text": TEXT}).id is None


def test_ninjs_2_bodies_main_html_wins() -> None:
    doc = ninjs_document(
        {
            "uri": "urn:x:3",
            "bodies": [
                {"role": "summary", "contenttype": "text/plain", "value": "Ringkasan."},
                {"role": "main", "contenttype": "text/plain", "value": TEXT},
                {"role": "main", "contenttype": "text/html; charset=utf-8", "value": HTML},
            ],
        }
    )
    assert doc.id == "urn:x:3"
    assert doc.text == TEXT and doc.html == HTML


def test_ninjs_2_summary_is_read_only_when_nothing_else_is_there() -> None:
    obj = {"uri": "u", "bodies": [{"role": "summary", "value": "Ringkasan saja."}]}
    assert ninjs_document(obj).text == "Ringkasan saja."


def test_ninjs_2_body_without_content_type_is_html_when_it_starts_with_a_tag() -> None:
    assert ninjs_document({"uri": "u", "bodies": [{"value": HTML}]}).markup is not None
    assert ninjs_document({"uri": "u", "bodies": [{"value": TEXT}]}).markup is None


def test_superdesk_item() -> None:
    obj = {"item": {"guid": "urn:sd:1", "language": "id", "headline": "H", "body_html": HTML}}
    for doc in (ninjs_document(obj), superdesk_document(obj)):
        assert (doc.id, doc.text, doc.language, doc.headline) == ("urn:sd:1", TEXT, "id", "H")


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"uri": "u", "headline": "Tanpa isi"}, "no body"),
        ({"uri": "u", "body_text": "   "}, "no body"),
        ({"uri": "u", "body_html": 5}, "'body_html' must be a string"),
        ({"uri": "u", "bodies": []}, "no body"),
        ({"uri": "u", "bodies": [{"value": ""}]}, "no body"),
        ({"uri": "u", "bodies": "x"}, "'bodies' must be a list"),
        ({"uri": "u", "bodies": [{"role": "main"}]}, r"bodies\[0\].value must be a string"),
        ({"uri": "u", "bodies": ["x"]}, r"bodies\[0\] must be an object"),
        ({"uri": "u", "headline": 3, "body_text": "x"}, "'headline' must be a string"),
        ({"item": {"guid": "g"}}, "Superdesk item has no body"),
        ({"item": {"guid": "g", "body_html": ["x"]}}, "'item.body_html' must be a string"),
        ({"item": "x"}, "must hold an object in 'item'"),
    ],
)
def test_errors_say_what_is_missing(obj: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ninjs_document(obj)


def test_not_an_object() -> None:
    with pytest.raises(ValueError, match="must be a JSON object"):
        ninjs_document(["x"])  # type: ignore[arg-type]


def test_detection_by_fields_present() -> None:
    assert is_newsroom_document({"uri": "u", "body_html": "x"})
    assert is_newsroom_document({"bodies": []})
    assert is_newsroom_document({"item": {"guid": "g"}})
    assert not is_newsroom_document({"text": "x"})
    assert not is_newsroom_document({"html": "<p>x</p>"})
    assert is_newsroom_document({"uri": "u"})  # so that "no body" is what it is told
    assert not is_newsroom_document({"id": "u", "item": "x"})


def test_the_body_is_chosen_without_parsing_it() -> None:
    body = newsroom_body({"uri": "u", "headline": "H", "bodies": [{"value": HTML}]})
    assert (body.id, body.value, body.is_html) == ("u", HTML, True)
    assert body.document().text == TEXT
    plain = newsroom_body({"item": {"guid": "g", "body_text": TEXT}})
    assert (plain.id, plain.is_html, plain.document().text) == ("g", False, TEXT)
