"""ninjs 1.x / 2.x and Superdesk items: which body is read, the id, and clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kutip.formats.ninjs import (
    NewsroomError,
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


@pytest.mark.parametrize("name", ["body_main", "body_new", "body_test-bad-characters-é"])
def test_ninjs_1_any_body_field_is_read(name: str) -> None:
    # Every 1.x schema allows ^body_[a-zA-Z0-9_]+; the IPTC 1.6 examples use body_main.
    body = newsroom_body({"uri": "u", name: TEXT})
    assert (body.value, body.is_html, body.source) == (TEXT, False, name)


def test_ninjs_1_body_richtext_is_html_and_wins_over_body_main() -> None:
    body = newsroom_body({"uri": "u", "body_main": "lain", "body_richtext": HTML})
    assert (body.source, body.is_html) == ("body_richtext", True)
    assert body.document().text == TEXT


def test_ninjs_1_unknown_body_field_is_html_when_it_holds_markup() -> None:
    assert newsroom_body({"uri": "u", "body_main": HTML}).is_html
    assert not newsroom_body({"uri": "u", "body_text": HTML}).is_html  # body_text is plain


def test_ninjs_3_content_type_is_read() -> None:
    obj = {"uri": "u", "bodies": [{"role": "main", "contentType": "text/html", "value": HTML}]}
    doc = ninjs_document(obj)
    assert doc.text == TEXT and doc.html == HTML


@pytest.mark.parametrize("role", ["xhtml", "html5", "richtext"])
def test_html_wins_over_a_plain_main_body_whatever_the_role(role: str) -> None:
    obj = {
        "uri": "u",
        "bodies": [
            {"role": "text", "contentType": "text/plain", "value": "Teks biasa."},
            {"role": role, "value": HTML},  # no content type: the role says HTML
        ],
    }
    body = newsroom_body(obj)
    assert (body.source, body.is_html) == ("bodies[1].value", True)


def test_a_summary_is_read_after_any_body_even_as_html() -> None:
    obj = {
        "uri": "u",
        "bodies": [
            {"role": "summary", "contentType": "text/html", "value": "<p>Ringkasan.</p>"},
            {"role": "main", "contentType": "text/plain", "value": TEXT},
        ],
    }
    assert newsroom_body(obj).source == "bodies[1].value"


@pytest.mark.parametrize(
    ("obj", "source", "is_html"),
    [
        ({"uri": "u", "description_text": TEXT}, "description_text", False),
        ({"uri": "u", "description_html": HTML}, "description_html", True),
        ({"uri": "u", "descriptions": [{"value": TEXT}]}, "descriptions[0].value", False),
        ({"item": {"guid": "g", "abstract": HTML}}, "item.abstract", True),
    ],
)  # fmt: skip
def test_descriptions_and_abstracts_are_read_when_there_is_no_body(
    obj: dict[str, Any], source: str, is_html: bool
) -> None:
    body = newsroom_body(obj)
    assert (body.source, body.is_html, body.document().text) == (source, is_html, TEXT)


def test_a_body_wins_over_the_abstract() -> None:
    obj = {"item": {"guid": "g", "abstract": "<p>Ringkasan.</p>", "body_html": HTML}}
    assert newsroom_body(obj).source == "item.body_html"


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"uri": 5, "body_text": TEXT}, "uri"),
        ({"uri": "u", "body_main": ["x"]}, "body_main"),
        ({"uri": "u", "bodies": [{"value": 3}]}, "bodies[0].value"),
        ({"item": {"guid": "g", "language": 1, "body_html": HTML}}, "item.language"),
        ({"uri": "u"}, "_schema"),
    ],
)
def test_errors_name_the_senders_field(obj: dict[str, Any], field: str) -> None:
    with pytest.raises(NewsroomError) as caught:
        newsroom_body(obj)
    assert caught.value.field == field


def test_the_id_source_and_a_long_uri() -> None:
    uri = "urn:newsml:example.com:20240101:" + "x" * 400
    body = newsroom_body({"uri": uri, "guid": "g", "body_text": TEXT})
    assert (body.id, body.id_source) == (uri, "uri")
    assert newsroom_body({"item": {"guid": "g", "body_html": HTML}}).id_source == "item.guid"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    ["uri", "guid", "language", "body_html", "body_main", "bodies", "descriptions", "item",
     "description_text", "abstract", "role", "value", "contentType", "contenttype"]
)  # fmt: skip
_DOCUMENT = st.dictionaries(_KEYS, _JSON | st.lists(st.dictionaries(_KEYS, _JSON), max_size=3))


@given(_DOCUMENT)
def test_any_document_is_read_or_refused_with_a_named_field(obj: dict[str, Any]) -> None:
    try:
        body = newsroom_body(obj)
    except NewsroomError as exc:
        assert exc.field == "_schema" or exc.field.split("[")[0].split(".")[0] in obj
        return
    assert body.value.strip() and isinstance(body.is_html, bool)
