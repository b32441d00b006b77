"""Newsroom formats on the API: HTML, IPTC ninjs and Superdesk items in; text, HTML offsets and
highlighted HTML out; and the page for journalists at /."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from kutip.formats.html import html_to_text

from .helpers import SHORT, assert_matches, assert_problem

HTML = (
    "<article><h1>Pemilu</h1><p>&ldquo;Kami siap menghadapi pemilu,&rdquo; kata Budi Santoso."
    "</p><script>var x = '“Bukan kutipan,” kata Skrip.';</script>"
    "<p>Ia menambahkan, &ldquo;Semua <em>aman</em>.&rdquo;</p></article>"
)
URI = "urn:newsml:kutip.test:2024:1"


def extract(
    client: FlaskClient, spec: dict[str, Any], sent: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """The answer, checked against the spec; offsets index ``text`` (else the text ``sent``)."""
    response = client.post("/v1/extract", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    assert_matches(spec, "ExtractResponse", body)
    text = body.get("text", sent)
    assert isinstance(text, str), "the test must say which text was sent"
    for quote in body["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    return body


def words(body: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(q["text"], q["type"], (q["speaker"] or {}).get("name")) for q in body["quotes"]]


def check_html_offsets(body: dict[str, Any], source: str) -> None:
    assert body["quotes"]
    for quote in body["quotes"]:
        assert body["text"][quote["start"] : quote["end"]] == quote["text"]
        if quote["html_start"] is not None:
            raw = source[quote["html_start"] : quote["html_end"]]
            assert html_to_text(raw).text == quote["text"]


@pytest.mark.parametrize("how", ["text/html body", "html field"])
def test_html_articles(client: FlaskClient, spec: dict[str, Any], how: str) -> None:
    if how == "html field":
        body = extract(client, spec, json={"html": HTML, "id": "a1"})
    else:
        body = extract(client, spec, data=HTML, content_type="text/html", query_string={"id": "a1"})
    assert body["id"] == "a1"
    assert body["text"].startswith("Pemilu\n\n“Kami siap menghadapi pemilu,” kata Budi Santoso.")
    assert "Skrip" not in body["text"]
    check_html_offsets(body, HTML)
    first, second = body["quotes"]
    assert HTML[first["html_start"] : first["html_end"]] == "Kami siap menghadapi pemilu,"
    assert second["text"] == "Semua aman."  # inline markup inside: its range keeps the tags
    assert HTML[second["html_start"] : second["html_end"]] == "Semua <em>aman</em>."


def test_plain_text_answers_are_unchanged_unless_asked(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    plain = extract(client, spec, SHORT, json={"text": SHORT})
    assert "text" not in plain and "html" not in plain
    assert all("html_start" not in q for q in plain["quotes"])
    with_text = extract(client, spec, json={"text": SHORT, "include_text": True})
    assert with_text["text"] == SHORT and words(with_text) == words(plain)
    as_html = extract(client, spec, SHORT, json={"text": SHORT, "output": "html"})
    assert as_html["html"].startswith('<article class="kutip-article"><p>“<mark ')
    assert as_html["html"].count("<mark ") == len(plain["quotes"])
    assert 'data-speaker="Budi Santoso"' in as_html["html"]


def test_output_html_keeps_the_articles_markup(client: FlaskClient, spec: dict[str, Any]) -> None:
    body = extract(
        client, spec, data=HTML, content_type="text/html", query_string={"output": "html"}
    )
    marked = body["html"]
    assert marked.startswith("<article><h1>Pemilu</h1><p>&ldquo;<mark ")
    assert "<script>var x = '“Bukan kutipan,” kata Skrip.';</script>" in marked
    assert "<em><mark " in marked  # the quote across <em> is marked in each of its runs


def test_ninjs_and_superdesk_give_the_plain_texts_quotes(
    client: FlaskClient, spec: dict[str, Any], seed_text: str
) -> None:
    plain = words(extract(client, spec, seed_text, json={"text": seed_text}))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in seed_text.split("\n") if p.strip())
    documents: list[dict[str, Any]] = [
        {"uri": URI, "headline": "H", "language": "id", "body_text": seed_text},
        {"uri": URI, "body_html": paragraphs},
        {"uri": URI, "bodies": [{"role": "main", "contenttype": "text/html", "value": paragraphs}]},
        {"item": {"guid": URI, "language": "id", "headline": "H", "body_html": paragraphs}},
    ]
    for document in documents:
        body = extract(client, spec, seed_text, json=document)
        assert body["id"] == URI
        assert words(body) == plain, document.keys()
        if "body_text" not in document:
            check_html_offsets(body, paragraphs)


def test_newsroom_documents_take_options_from_the_query(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    document = {"uri": URI, "body_text": SHORT}
    body = extract(client, spec, json=document, query_string={"output": "html", "include_text": 1})
    assert body["text"] == SHORT and "<mark " in body["html"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"text": "a", "html": "<p>a</p>"}, "html", "not both"),
        ({"id": "x"}, "text", "Missing data"),
        ({"html": "<script>alert(1)</script><!-- x -->"}, "html", "holds no text"),
        ({"html": "   "}, "html", "must not be empty"),
        ({"html": "<p>" + "a" * 501 + "</p>"}, "html", "longer than 500 characters"),
        ({"text": "a", "output": "pdf"}, "output", "Must be one of"),
        ({"text": "a", "include_text": "maybe"}, "include_text", "Not a valid boolean"),
        ({"uri": URI, "headline": "Tanpa isi", "body_text": ""}, "_schema", "no body"),
        ({"uri": URI, "bodies": "x"}, "bodies", "'bodies' must be a list"),
        ({"item": {"guid": "g"}}, "_schema", "Superdesk item has no body"),
    ],
)
def test_422_for_bad_articles(
    make_client: Callable[..., FlaskClient], payload: Any, field: str, message: str
) -> None:
    response = make_client(max_text_chars=500).post("/v1/extract", json=payload)
    body = assert_problem(response, 422, "validation_error")
    assert message in str(body["errors"][field]), body["errors"]


def test_batch_takes_every_format(client: FlaskClient, spec: dict[str, Any]) -> None:
    documents = [
        {"id": "plain", "text": SHORT},
        {"id": "html", "html": HTML},
        {"uri": "urn:ninjs:1", "body_text": SHORT},
        {"item": {"guid": "urn:sd:1", "body_html": HTML}},
        {"uri": "urn:ninjs:2", "headline": "no body"},
        {"bodies": [{"value": SHORT}]},  # no uri nor guid: no id
    ]
    payload = {"documents": documents, "include_text": True, "output": "html"}
    body = client.post("/v1/extract/batch", json=payload).get_json()
    assert_matches(spec, "BatchResponse", body)
    ids = [item["id"] for item in body["results"]]
    assert ids == ["plain", "html", "urn:ninjs:1", "urn:sd:1", "urn:ninjs:2", None]
    assert [item["status"] for item in body["results"]] == [200, 200, 200, 200, 422, 200]
    results = [item["result"] for item in body["results"][:4]]
    assert [r["text"] for r in results] == [SHORT, results[1]["text"], SHORT, results[1]["text"]]
    assert all("<mark " in r["html"] for r in results)
    check_html_offsets(results[1], HTML)
    assert "no body" in str(body["results"][4]["error"]["errors"])
    assert body["results"][5]["result"]["quotes"] == body["results"][0]["result"]["quotes"]


def test_openapi_documents_the_newsroom_inputs(spec: dict[str, Any]) -> None:
    extract_op = spec["paths"]["/v1/extract"]["post"]
    content = extract_op["requestBody"]["content"]
    assert set(content) == {"application/json", "text/plain", "text/html"}
    refs = {ref["$ref"].rsplit("/", 1)[1] for ref in content["application/json"]["schema"]["anyOf"]}
    assert refs == {"ExtractRequest", "Ninjs", "SuperdeskRequest"}
    names = {p["name"] for p in extract_op["parameters"]}
    assert names == {"id", "output", "include_text", "offset_unit", "language"}
    schemas = spec["components"]["schemas"]
    assert {"html", "output", "include_text"} <= set(schemas["ExtractRequest"]["properties"])
    assert {"html_start", "html_end"} <= set(schemas["Quote"]["properties"])
    assert {"text", "html"} <= set(schemas["ExtractResponse"]["properties"])
    assert schemas["Ninjs"]["properties"]["bodies"]["items"] == {
        "$ref": "#/components/schemas/NinjsBody"
    }


def test_the_page_for_journalists(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'id="article-input"' in page and 'id="extract-button"' in page
    assert "http://" not in page and "https://" not in page  # everything from kutip itself
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assets = set(re.findall(r"/ui/static/([\w.-]+)", page))  # every script the page loads
    assert {"article.js", "kutip.js", "kutip.css", "favicon.svg"} <= assets
    for asset in sorted(assets):
        assert f"/ui/static/{asset}" in page
        static = client.get(f"/ui/static/{asset}")
        assert static.status_code == 200
        content = static.get_data().replace(b'xmlns="http://www.w3.org/2000/svg"', b"")
        assert b"https://" not in content and b"http://" not in content
        static.close()
    for script in sorted(a for a in assets if a.endswith(".js")):
        code = client.get(f"/ui/static/{script}").get_data(as_text=True)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (script, sink)


def test_a_long_uri_is_the_id(client: FlaskClient, spec: dict[str, Any]) -> None:
    uri = "https://example.com/newsitems/" + "x" * 600  # ninjs sets no limit on a uri
    body = extract(client, spec, SHORT, json={"uri": uri, "body_text": SHORT})
    assert body["id"] == uri and len(body["quotes"]) == 2


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"uri": URI, "body_richtext": "<p>" + "a" * 501 + "</p>"}, "body_richtext", "longer"),
        ({"uri": URI, "bodies": [{"value": "a" * 501}]}, "bodies[0].value", "longer"),
        ({"item": {"guid": "g", "body_html": "<p>" + "a" * 501}}, "item.body_html", "longer"),
        ({"uri": 7, "body_text": SHORT}, "uri", "must be a string"),
        ({"uri": URI, "body_text": SHORT, "language": "x" * 65}, "language", "Longer than"),
        ({"item": {"guid": "g", "language": 5, "body_html": HTML}}, "item.language", "string"),
        ({"uri": URI, "body_text": SHORT, "offset_unit": "bytes"}, "offset_unit", "one of"),
    ],
)
def test_errors_name_the_field_the_sender_wrote(
    make_client: Callable[..., FlaskClient], payload: Any, field: str, message: str
) -> None:
    response = make_client(max_text_chars=500).post("/v1/extract", json=payload)
    body = assert_problem(response, 422, "validation_error")
    assert list(body["errors"]) == [field] and message in str(body["errors"][field])
    assert "id" not in body["errors"] and "text" not in body["errors"]


def test_options_sent_beside_newsroom_documents_are_kept(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    envelope = {"options": {"types": ["indirect"]}, "output": "html", "include_text": True}
    for document in (
        {"uri": URI, "body_text": SHORT},
        {"uri": URI, "bodies": [{"role": "main", "contentType": "text/plain", "value": SHORT}]},
        {"item": {"guid": URI, "body_html": f"<p>{SHORT}</p>"}},
    ):
        everything = extract(client, spec, json=document, query_string={"include_text": 1})
        assert {q["type"] for q in everything["quotes"]} == {"direct"}
        body = extract(client, spec, json={**document, **envelope})
        assert body["quotes"] == [] and "<mark " not in body["html"] and "text" in body


def test_a_language_kutip_does_not_read_gets_no_quotes_and_says_so(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    for document in (
        {"uri": URI, "language": "en-GB", "body_text": SHORT},
        {"item": {"guid": URI, "language": "de", "body_html": f"<p>{SHORT}</p>"}},
        {"text": SHORT, "language": "en"},
    ):
        body = extract(client, spec, SHORT, json=document)
        declared = document.get("language") or document["item"]["language"]  # type: ignore[index]
        assert body["quotes"] == [] and body["speakers"] == []
        assert body["language"] == {"declared": declared, "covered": False}
        (warning,) = body["warnings"]
        assert warning.startswith("language_not_covered: ")
    body = extract(client, spec, SHORT, data=SHORT, content_type="text/plain",
                   query_string={"language": "en"})  # fmt: skip
    assert body["quotes"] == [] and body["language"]["covered"] is False
    for covered in ({"text": SHORT, "language": "id-ID"}, {"text": SHORT}):
        body = extract(client, spec, SHORT, json=covered)
        assert len(body["quotes"]) == 2 and body["language"]["covered"] is True


EMOJI = "😀 " + SHORT


def moved(at: int, unit: str) -> int:
    """Code point offset ``at`` of EMOJI in ``unit``: the length in it of the text before."""
    encoding, size = ("utf-16-le", 2) if unit == "utf16" else ("utf-8", 1)
    return len(EMOJI[:at].encode(encoding)) // size


@pytest.mark.parametrize("unit", ["utf16", "utf8"])
def test_offset_unit_applies_to_every_offset_and_is_echoed(
    client: FlaskClient, spec: dict[str, Any], unit: str
) -> None:
    plain = extract(client, spec, EMOJI, json={"text": EMOJI})
    assert plain["offset_unit"] == "codepoint"
    ways: list[dict[str, Any]] = [
        {"json": {"text": EMOJI, "offset_unit": unit}},
        {"json": {"text": EMOJI}, "query_string": {"offset_unit": unit}},
        {"data": EMOJI, "content_type": "text/plain", "query_string": {"offset_unit": unit}},
        {"json": {"uri": URI, "body_text": EMOJI, "offset_unit": unit}},
        {"json": {"uri": URI, "body_text": EMOJI}, "query_string": {"offset_unit": unit}},
    ]
    for way in ways:
        response = client.post("/v1/extract", **way)
        body = response.get_json()
        assert_matches(spec, "ExtractResponse", body)
        assert body["offset_unit"] == unit
        for before, after in zip(plain["quotes"], body["quotes"], strict=True):
            assert (after["start"], after["end"]) == (
                moved(before["start"], unit),
                moved(before["end"], unit),
            )
            if before["cue"]:
                assert after["cue"]["start"] == moved(before["cue"]["start"], unit)
        for before, after in zip(plain["speakers"], body["speakers"], strict=True):
            starts = [moved(m["start"], unit) for m in before["mentions"]]
            assert [m["start"] for m in after["mentions"]] == starts


def test_offset_unit_in_a_batch(client: FlaskClient, spec: dict[str, Any]) -> None:
    documents = [{"text": EMOJI}, {"uri": URI, "body_text": EMOJI}]
    for payload, query in (
        ({"documents": documents, "offset_unit": "utf16"}, {}),
        ({"documents": documents}, {"offset_unit": "utf16"}),
    ):
        body = client.post("/v1/extract/batch", json=payload, query_string=query).get_json()
        assert_matches(spec, "BatchResponse", body)
        for item in body["results"]:
            result = item["result"]
            assert result["offset_unit"] == "utf16"
            encoded = EMOJI.encode("utf-16-le")
            for quote in result["quotes"]:
                raw = encoded[quote["start"] * 2 : quote["end"] * 2]
                assert raw.decode("utf-16-le") == quote["text"]
    bad = client.post("/v1/extract/batch", json={"documents": documents, "offset_unit": "x"})
    assert "offset_unit" in assert_problem(bad, 422, "validation_error")["errors"]


def test_batch_documents_need_no_id(client: FlaskClient, spec: dict[str, Any]) -> None:
    documents = [{"text": SHORT}, {"html": HTML}, {"bodies": [{"value": SHORT}]}, {"text": " "}]
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    assert_matches(spec, "BatchResponse", body)
    results = body["results"]
    assert [(r["index"], r["id"], r["status"]) for r in results] == [
        (0, None, 200), (1, None, 200), (2, None, 200), (3, None, 422)
    ]  # fmt: skip
    assert results[0]["result"]["quotes"] == results[2]["result"]["quotes"]


def test_a_batch_error_item_carries_the_documents_own_id(client: FlaskClient) -> None:
    documents = [
        {"uri": "urn:a", "bodies": "x"},
        {"item": {"guid": "urn:sd:b"}},
        {"guid": "urn:c", "body_text": 5},
    ]
    body = client.post("/v1/extract/batch", json={"documents": documents}).get_json()
    assert [(r["id"], r["status"]) for r in body["results"]] == [
        ("urn:a", 422), ("urn:sd:b", 422), ("urn:c", 422)
    ]  # fmt: skip
    assert [list(r["error"]["errors"]) for r in body["results"]] == [
        ["bodies"], ["_schema"], ["body_text"]
    ]  # fmt: skip
