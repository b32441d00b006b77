"""The IPTC's own ninjs material (../shared/ninjs: schemas, examples, the validation suite), sent
to POST /v1/extract file by file as the bytes on disk.

* Every document that validates against its version's schema and carries a text (a ``body_*``
  field, an entry of ``bodies``, or, failing those, a description) gets 200, and the text the
  answer reads is one of the document's own texts: a body before a description, HTML before
  plain text. The same document with its texts replaced by an Indonesian article (same fields,
  same content types, ``language: id``) gets that article's quotes, offsets checked.
* Every valid document without any text gets a 422 that says it has no body.
* Every file that is not JSON gets a 400 (``malformed_json``); documents that do not validate
  never get a 500.

Which schema a file answers to comes from its folder (``validation/test_suite/2.1/...``,
``examples/3.0/...``); the ``*_dev`` suites answer to the dev schemas.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from kutip.formats.html import html_to_text
from tests.conftest import SHARED

from .helpers import SHORT, assert_problem

NINJS = SHARED / "ninjs"
SPECIFICATION = NINJS / "specification"
DEV_SCHEMAS = {
    "1.x_dev": "ninjs-schema-dev_0.2_v1.5.json",
    "2.x_dev": "ninjs-schema-dev_0.1_v2.1.json",
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
INDONESIAN_HTML = "".join(f"<p>{html.escape(p)}</p>" for p in SHORT.split("\n\n"))

pytestmark = pytest.mark.skipif(
    not NINJS.is_dir(), reason=f"{NINJS} is absent: the IPTC material lives in ../shared/ninjs"
)


def _registry() -> Registry[Any]:
    """Every schema by its $id, and GeoJSON (which the 2.x and 3.x schemas refer to) from the
    copy in the validation suite, so nothing is fetched from the network."""
    geojson = json.loads((NINJS / "validation/test_suite/GeoJSON-schema.json").read_text())
    registry: Registry[Any] = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json",
        Resource.from_contents(geojson, default_specification=DRAFT202012),
    )
    for path in SPECIFICATION.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        ident = schema.get("$id") or schema["id"]
        registry = registry.with_resources([(ident, resource), (ident.rstrip("#"), resource)])
    return registry


REGISTRY = _registry() if NINJS.is_dir() else Registry()


def schema_for(relative: str) -> Any:
    """The schema a file answers to (a JSON object), by its folder; None outside any version."""
    parts = relative.split("/")
    version = {"validation": 2, "examples": 1, "documentation": 3}.get(parts[0])
    if version is None or len(parts) <= version + 1:
        return None
    name = DEV_SCHEMAS.get(parts[version], f"ninjs-schema_{parts[version]}.json")
    path = SPECIFICATION / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def validates(document: Any, schema: Any) -> bool:
    if schema is None:
        return False
    validator = jsonschema.validators.validator_for(schema)(schema, registry=REGISTRY)
    return bool(validator.is_valid(document))


def corpus() -> list[str]:
    if not NINJS.is_dir():
        return []
    return sorted(
        p.relative_to(NINJS).as_posix()
        for p in NINJS.rglob("*.json")
        if not p.is_relative_to(SPECIFICATION)
    )


# The test's own reading of "a text", written from the ninjs schemas, not from kutip's code.


def _is_html(name: str, entry: dict[str, Any] | None, value: str) -> bool:
    if entry is not None:
        kind = entry.get("contentType", entry.get("contenttype"))
        if kind:
            return str(kind).split(";")[0].strip() in HTML_TYPES
    if any(part in name for part in ("html", "xhtml", "richtext")):
        return True
    return value.lstrip().startswith("<")


def texts(document: dict[str, Any]) -> Iterator[tuple[bool, bool, str]]:
    """(is a body, is HTML, value) for every non-empty text of the document."""
    for name, value in document.items():
        if name.startswith(("body_", "description_")) and isinstance(value, str) and value.strip():
            yield name.startswith("body_"), _is_html(name, None, value), value
    for listed in ("bodies", "descriptions"):
        for entry in document.get(listed, []):
            value = entry.get("value", "")
            if value.strip():
                yield listed == "bodies", _is_html(entry.get("role", ""), entry, value), value


def read_as(html_body: bool, value: str) -> str:
    return html_to_text(value).text if html_body else value


def replaced(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every text an Indonesian article (in the same format), language id."""
    out: dict[str, Any] = json.loads(json.dumps(document))
    for name, value in document.items():
        if name.startswith(("body_", "description_")) and isinstance(value, str) and value.strip():
            out[name] = INDONESIAN_HTML if _is_html(name, None, value) else SHORT
    for listed in ("bodies", "descriptions"):
        for entry in out.get(listed, []):
            if entry.get("value", "").strip():
                is_html = _is_html(entry.get("role", ""), entry, entry["value"])
                entry["value"] = INDONESIAN_HTML if is_html else SHORT
    out["language"] = "id"
    return out


def post(client: FlaskClient, data: bytes) -> Any:  # the test client's response
    return client.post(
        "/v1/extract",
        data=data,
        content_type="application/json",
        query_string={"include_text": "true"},
    )


@pytest.fixture(scope="module")
def plain_quotes(client_module: FlaskClient) -> list[str]:
    body = client_module.post("/v1/extract", json={"text": SHORT}).get_json()
    quotes = [q["text"] for q in body["quotes"]]
    assert len(quotes) == 2
    return quotes


@pytest.fixture(scope="module")
def client_module() -> FlaskClient:
    from kutip.api import create_app

    return create_app().test_client()


def check_document(
    client: FlaskClient, item: tuple[bool, str, bytes], plain_quotes: list[str]
) -> str:
    """Checks one document (valid against its schema?, file, bytes); says what kind it was."""
    schema_ok, relative, data = item
    response = post(client, data)
    parsed = json.loads(data)
    if not schema_ok:
        assert response.status_code in (200, 422), (relative, response.get_data(as_text=True))
        if response.status_code == 422:
            assert_problem(response, 422, "validation_error")
        return "invalid"
    found = list(texts(parsed))
    if not found:
        problem = assert_problem(response, 422, "validation_error")
        assert "has no body" in str(problem["errors"]["_schema"]), relative
        return "no text"
    assert response.status_code == 200, (relative, response.get_data(as_text=True))
    answer = response.get_json()
    bodies = [t for t in found if t[0]] or found  # a body wins over descriptions
    best = [t for t in bodies if t[1]] or bodies  # HTML wins over plain text
    assert answer["text"] in {read_as(is_html, value) for _, is_html, value in best}, relative
    for quote in answer["quotes"]:
        assert answer["text"][quote["start"] : quote["end"]] == quote["text"]
    declared = parsed.get("language")
    assert answer["language"]["declared"] == declared
    if declared and not declared.lower().startswith("id"):
        assert answer["quotes"] == [] and answer["warnings"][0].startswith("language_not_covered")
    # The same structure holding an Indonesian article: its quotes, read from that body.
    indonesian = post(client, json.dumps(replaced(parsed)).encode()).get_json()
    assert [q["text"] for q in indonesian["quotes"]] == plain_quotes, relative
    for quote in indonesian["quotes"]:
        assert indonesian["text"][quote["start"] : quote["end"]] == quote["text"]
    return "body" if any(is_body for is_body, _, _ in found) else "description"


def test_every_ninjs_file(client_module: FlaskClient, plain_quotes: list[str]) -> None:
    seen: dict[str, list[str]] = {}
    for relative in corpus():
        data = (NINJS / relative).read_bytes()
        try:
            parsed = json.loads(data)
        except ValueError:
            assert_problem(post(client_module, data), 400, "malformed_json")
            seen.setdefault("not JSON", []).append(relative)
            continue
        schema = schema_for(relative)
        # A collection (a JSON list of documents) is sent whole and then document by document.
        if isinstance(parsed, list):
            assert_problem(post(client_module, data), 422, "validation_error")
            items = [(validates(d, schema), relative, json.dumps(d).encode()) for d in parsed]
        else:
            items = [(validates(parsed, schema), relative, data)]
        for item in items:
            kind = check_document(client_module, item, plain_quotes)
            seen.setdefault(kind, []).append(relative)
    counts = {kind: len(files) for kind, files in seen.items()}
    # The folder as copied (README: commit 3ace397): every kind is there, in these numbers.
    assert counts == {"body": 51, "description": 42, "no text": 128, "invalid": 83, "not JSON": 5}
    # The IPTC 1.6 documentation examples with body_main or body_richtext (were 422 "no body").
    for name in ("001_simple_example", "002_renditions_example", "003_associations_example",
                 "004_simple_text_article", "005_complex_text_article"):  # fmt: skip
        assert f"documentation/includes/examples/1.6/{name}.json" in seen["body"]


def test_ninjs_1_6_body_richtext_is_read_as_html(client_module: FlaskClient) -> None:
    path = NINJS / "documentation/includes/examples/1.6/004_simple_text_article.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    answer = post(client_module, path.read_bytes()).get_json()
    assert answer["text"] == html_to_text(document["body_richtext"]).text
    assert answer["language"] == {"declared": None, "covered": True}


def test_ninjs_3_content_type_html_is_read_as_html(client_module: FlaskClient) -> None:
    path = NINJS / "documentation/includes/examples/3.1/005_complex_text_article.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    answer = post(client_module, path.read_bytes()).get_json()
    xhtml = document["bodies"][1]
    assert xhtml["contentType"] == "application/xhtml+xml" and xhtml["role"] == "richtext"
    assert answer["text"] == html_to_text(xhtml["value"]).text and "<p>" not in answer["text"]
    assert answer["language"] == {"declared": "en", "covered": False}
    assert answer["quotes"] == []
    assert answer["warnings"] == [
        "language_not_covered: the document's language is 'en' and kutip reads Indonesian "
        "(id) only, so no quotes were looked for"
    ]
