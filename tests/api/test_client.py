"""A client generated from /openapi.json with openapi-python-client calls every route of a live
server (werkzeug's, on loopback): the document is a contract a generator can hold kutip to.

The generator reads only the document (it runs offline); its formatting hooks are turned off.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from werkzeug.serving import make_server

from kutip.api import create_app

from .helpers import SHORT

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
KEY = "client-test-key"
SECRET = "client-test-secret"  # the Superdesk push's shared secret
PACKAGE = "kutip_generated_client"
HTML = "<p>&ldquo;Kami <em>siap</em> menghadapi pemilu,&rdquo; kata Ketua KPU Budi Santoso.</p>"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    # With an archive (SQLite in a temporary folder), so its routes answer too.
    database = tmp_path_factory.mktemp("archive") / "archive.sqlite3"
    app = create_app(
        {
            "api_keys": [KEY],
            "database_url": f"sqlite:///{database}",
            "archive_upgrade": True,
            "superdesk_secret": SECRET,
        }
    )
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    spec = app.test_client().get("/openapi.json").get_json()
    yield f"http://127.0.0.1:{httpd.server_port}", spec
    httpd.shutdown()
    thread.join(timeout=10)


def _generate(spec: dict[str, Any], where: Path) -> ModuleType:
    """The client package generated from ``spec``, imported."""
    where.mkdir()
    (where / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (where / "config.json").write_text(json.dumps({"post_hooks": []}), encoding="utf-8")
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(where / "spec.json"), "--meta", "none",
         "--output-path", str(where / PACKAGE), "--config", str(where / "config.json")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # Only the text/plain and text/html bodies of /v1/extract are beyond the generator.
    warnings = [line for line in done.stdout.splitlines() if line.startswith("WARNING")]
    assert all("POST /v1/extract" in line for line in warnings), done.stdout
    for name in [m for m in sys.modules if m.startswith(PACKAGE)]:
        del sys.modules[name]
    sys.path.insert(0, str(where))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))


@pytest.fixture(scope="module")
def generated(server: tuple[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _generate(server[1], tmp_path_factory.mktemp("client") / "current")


def _module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def test_the_generated_client_calls_every_route(
    server: tuple[str, dict[str, Any]], generated: Any
) -> None:
    url, spec = server

    def api(name: str) -> Any:
        return _module(generated, f"api.{name}")

    models = _module(generated, "models")
    client = generated.AuthenticatedClient(base_url=url, token=KEY)
    called = set()

    def call(operation: str, group: str, expect: int = 200, **kwargs: Any) -> Any:
        reply = api(f"{group}.{operation}").sync_detailed(client=client, **kwargs)
        assert reply.status_code == expect, reply.content
        called.add(operation)
        return reply.parsed

    body = call("extract", "extraction", body=models.ExtractRequest(text=SHORT, include_text=True))
    assert isinstance(body, models.ExtractResponse)
    first = body.quotes[0]
    assert SHORT[first.start : first.end] == first.text and body.text == SHORT
    assert (first.paragraph, first.sentence, first.prefix) == (0, 0, "“")
    ninjs = call("extract", "extraction", body=models.Ninjs(uri="urn:a", body_html=HTML))
    assert ninjs.id == "urn:a" and ninjs.quotes[0].text == "Kami siap menghadapi pemilu,"
    item = models.SuperdeskItem(guid="urn:b", language="id", body_html=HTML)
    superdesk = call("extract", "extraction", body=models.SuperdeskRequest(item=item))
    assert superdesk.quotes[0].speaker.name == "Budi Santoso"
    documents = [models.BatchDocument(id="d1", text=SHORT), models.Ninjs(uri="d2", body_text=SHORT)]
    batch = call("extract_batch", "extraction", body=models.BatchRequest(documents=documents))
    assert (batch.count, batch.failed, [r.id for r in batch.results]) == (2, 0, ["d1", "d2"])
    rules = call("list_rules", "rules")
    assert rules.count == len(rules.ids) > 0
    assert call("health", "operations").status == "ok"
    assert call("ready", "operations").rules_version == rules.rules_version
    call("metrics", "operations")
    assert call("openapi", "documentation").additional_properties["openapi"].startswith("3.1")
    call("docs", "documentation")
    call("page", "documentation")
    _call_the_archive(call, models)
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert called == {re.sub("([A-Z])", r"_\1", i).lower() for i in ids}  # every route listed

    # Errors come back as the declared Problem, the key as the document says it is enforced.
    keyless = generated.Client(base_url=url)
    refused = api("extraction.extract").sync_detailed(
        client=keyless, body=models.ExtractRequest(text=SHORT)
    )
    assert refused.status_code == 401 and refused.parsed.code == "unauthorized"
    invalid = api("extraction.extract").sync_detailed(
        client=client, body=models.ExtractRequest(text=" ")
    )
    assert invalid.status_code == 422 and "text" in invalid.parsed.errors.additional_properties


def _call_the_archive(call: Any, models: Any) -> None:
    """Store, correct, add, push, search: every archive route through the generated client."""
    request = models.ArticleRequest(id="a1", text=SHORT, headline="Rapat KPU")
    stored = call("store_article", "archive", expect=201, body=request)
    assert stored.outcome == "stored" and stored.quotes[0].text == "Kami siap menghadapi pemilu,"
    first = stored.quotes[0]
    edit = models.QuoteEdit(speaker="Budi Santoso", type_=models.QuoteEditType.INDIRECT)
    corrected = call("correct_quote", "archive", article_id="a1", quote_id=first.id, body=edit)
    assert any(q.corrected and q.type_ == "indirect" for q in corrected.quotes)
    start = SHORT.index("Ia menambahkan")
    missed = models.QuoteAdd(start=start, end=start + len("Ia menambahkan"), speaker="Budi")
    added = call("add_quote", "archive", expect=201, article_id="a1", body=missed)
    assert len(added.quotes) == len(corrected.quotes) + 1
    assert call("get_article", "archive", article_id="a1").headline == "Rapat KPU"
    # Superdesk signs the raw body; the generated client encodes it as httpx does.
    push = models.Ninjs(uri="urn:sd:1", language="id", body_html=HTML)
    raw = httpx.Request("POST", "http://x", json=push.to_dict()).content
    signature = "sha1=" + hmac.new(SECRET.encode(), raw, hashlib.sha1).hexdigest()
    pushed = call(
        "superdesk_push", "archive", expect=201, body=push, x_superdesk_signature=signature
    )
    assert pushed.outcome == "stored"
    found = call("search_quotes", "archive", q="pemilu")
    assert {q.article.id for q in found.quotes} >= {"urn:sd:1"}
    speakers = call("search_speakers", "archive", q="Budi")
    budi = next(s for s in speakers.speakers if s.name == "Budi Santoso")
    assert call("get_speaker", "archive", speaker_id=budi.id).speaker.name == "Budi Santoso"


def test_a_client_generated_before_a_field_existed_still_reads_the_answers(
    server: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    """Response schemas allow more fields: an additive change breaks no generated client."""
    url, spec = server
    older = json.loads(json.dumps(spec))
    quote = older["components"]["schemas"]["Quote"]
    for name in ("sentence", "prefix", "suffix"):
        del quote["properties"][name]
        quote["required"].remove(name)
    package = _generate(older, tmp_path / "older")
    client = package.AuthenticatedClient(base_url=url, token=KEY)
    models = _module(package, "models")
    extract = _module(package, "api.extraction.extract")
    body = extract.sync(client=client, body=models.ExtractRequest(text=SHORT))
    first = body.quotes[0]
    assert first.text == "Kami siap menghadapi pemilu,"
    assert first.additional_properties.keys() == {"sentence", "prefix", "suffix"}
