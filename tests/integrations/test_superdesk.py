"""The Superdesk plugin against a real kutip server on loopback, with Superdesk's item shapes.

Superdesk itself is not installed (it needs MongoDB, Elasticsearch and Redis): the plugin is
called the way Superdesk's ``ai`` endpoint calls it (``service.analyze(item)``), and
``init_app`` is checked against a stand-in of the one Superdesk module it imports.
"""

from __future__ import annotations

import socket
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from kutip.api import create_app
from kutip.formats.html import html_to_text
from kutip.formats.offsets import offset_table
from kutip.integrations.superdesk import KutipAIService, KutipServiceError, init_app, qcode

KEY = "sd-test-key"
# What the auto-tagging widget sends (superdesk.text_checkers.ai.AIResource's item schema).
BODY = (
    "<p>Jakarta 🇮🇩 — Persiapan pemilu 😀 berjalan lancar.</p>"
    "<p>&ldquo;Kami siap menghadapi pemilu 🗳️,&rdquo; kata Ketua KPU Budi Santoso.</p>"
    "<p>Ia menambahkan, &ldquo;Semua <em>aman</em> terkendali 👍.&rdquo;</p>"
    "<p>Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah mendukung penuh KPU.</p>"
)
WIDGET_ITEM = {
    "guid": "urn:newsml:localhost:5000:2024-05-02T10:15:00.123456:7b1c2d3e-pemilu",
    "language": "id",
    "headline": "KPU siap menghadapi pemilu",
    "abstract": "<p>KPU menyatakan siap.</p>",
    "body_html": BODY,
}
# An archive item as Superdesk keeps it: an editor's own annotation already there.
ARCHIVE_ITEM: dict[str, Any] = {
    **WIDGET_ITEM,
    "_id": WIDGET_ITEM["guid"],
    "type": "text",
    "state": "in_progress",
    "format": "HTML",
    "subject": [{"name": "politik", "qcode": "11000000", "scheme": "subject_custom"}],
    "annotations": [
        {
            "id": 1,
            "type": "regular",
            "body": {
                "blocks": [{"key": "a1b2c", "text": "Cek ulang angka ini", "type": "unstyled",
                            "depth": 0, "inlineStyleRanges": [], "entityRanges": [], "data": {}}],
                "entityMap": {},
            },
        }
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def kutip_url() -> Iterator[str]:
    """A kutip server with an API key, over real sockets on loopback (werkzeug's server)."""
    server = make_server("127.0.0.1", 0, create_app({"api_keys": [KEY]}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def service(kutip_url: str) -> KutipAIService:
    return KutipAIService(base_url=kutip_url, api_key=KEY)


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) gives: UTF-16 code units."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_the_widget_gets_speakers_as_person_tags(service: KutipAIService) -> None:
    assert service.analyze(WIDGET_ITEM) == {
        "person": [
            {
                "name": "Budi Santoso",
                "qcode": "kutip:person:budi-santoso",
                "source": "kutip",
                "altids": {"kutip": "kutip:person:budi-santoso"},
                "aliases": ["Ketua KPU Budi Santoso"],
                "description": "Ketua, KPU",
            },
            {
                "name": "Tito Karnavian",
                "qcode": "kutip:person:tito-karnavian",
                "source": "kutip",
                "altids": {"kutip": "kutip:person:tito-karnavian"},
                "aliases": ["Menteri Dalam Negeri Tito Karnavian"],
                "description": "Menteri Dalam Negeri",
            },
        ],
        "organisation": [
            {
                "name": "KPU",
                "qcode": "kutip:organisation:kpu",
                "source": "kutip",
                "altids": {"kutip": "kutip:organisation:kpu"},
                "aliases": [],
            }
        ],
    }
    # Newer Superdesk passes the item's current tags too; they change nothing.
    assert service.analyze(WIDGET_ITEM, {"subject": []}) == service.analyze(WIDGET_ITEM)


def test_quotes_become_annotations_with_utf16_offsets(service: KutipAIService) -> None:
    annotated = service.annotate(ARCHIVE_ITEM)
    assert ARCHIVE_ITEM["annotations"][0]["id"] == 1 and len(ARCHIVE_ITEM["annotations"]) == 1
    editors, *quotes = annotated["annotations"]
    assert editors == ARCHIVE_ITEM["annotations"][0]  # the editor's own is kept as it was
    assert [a["id"] for a in quotes] == [2, 3, 4]
    text = service.analysis(WIDGET_ITEM).answer["text"]  # type: ignore[index]
    paragraphs = text.split("\n\n")
    for annotation in quotes:
        assert annotation["type"] == "quote"
        (block,) = annotation["body"]["blocks"]
        at = annotation["kutip"]
        assert at["offset_unit"] == "utf16"
        assert block["text"].endswith(at["speaker"]["name"])
        assert utf16_slice(text, at["start"], at["end"]) == at["text"]
        assert at["paragraph"] == at["end_paragraph"]  # one paragraph each, here
        block_text = paragraphs[at["paragraph"]]  # the editor's block
        assert utf16_slice(block_text, at["paragraph_start"], at["paragraph_end"]) == at["text"]
        raw = utf16_slice(BODY, at["html_start"], at["html_end"])
        assert html_to_text(raw).text == at["text"]
    first, second, third = (a["kutip"] for a in quotes)
    # Emoji (two UTF-16 units, one code point) stand before each quote: the units differ.
    assert first["start"] == text.index("Kami siap") + 3  # 🇮🇩 (two) and 😀 before it
    assert (first["quote_type"], first["speaker"]["qcode"]) == (
        "direct",
        "kutip:person:budi-santoso",
    )
    assert (
        utf16_slice(BODY, second["html_start"], second["html_end"])
        == "Semua <em>aman</em> terkendali 👍."
    )
    assert (third["quote_type"], third["speaker"]["name"]) == ("indirect", "Tito Karnavian")
    assert third["prefix"].endswith("mengatakan ") and third["suffix"] == "."
    # Annotating again replaces kutip's annotations instead of adding a second set.
    again = service.annotate(annotated)
    assert again["annotations"] == annotated["annotations"]


def test_a_speaker_keeps_one_qcode_across_articles(service: KutipAIService) -> None:
    other = {
        "guid": "urn:newsml:localhost:5000:2024-05-09T08:00:00.000000:other",
        "language": "id",
        "headline": "Logistik pemilu",
        "body_html": "<p>&ldquo;Logistik sudah tiba di semua provinsi,&rdquo; ujar Budi Santoso."
        "</p>",
    }
    [person] = service.analyze(other)["person"]
    [first, _] = service.analyze(WIDGET_ITEM)["person"]
    assert person["qcode"] == first["qcode"] == "kutip:person:budi-santoso"
    assert qcode("person", "BUDI  SANTOSO") == qcode("person", "Budi Santoso")
    assert qcode("person", "José Ramos-Horta") == "kutip:person:jose-ramos-horta"
    assert qcode("person", "“”").startswith("kutip:person:") and len(qcode("person", "“”")) > 13


def test_kutip_errors_are_raised_with_their_code(kutip_url: str) -> None:
    with pytest.raises(KutipServiceError) as wrong_key:
        KutipAIService(base_url=kutip_url, api_key="not-the-key").analyze(WIDGET_ITEM)
    assert (wrong_key.value.status, wrong_key.value.code) == (401, "unauthorized")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens once the socket is closed
    with pytest.raises(KutipServiceError, match="not reachable") as down:
        KutipAIService(base_url=f"http://127.0.0.1:{closed}", api_key=KEY).analyze(WIDGET_ITEM)
    assert down.value.status is None


def test_nothing_to_do_gives_no_tags_and_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUTIP_URL", raising=False)
    assert KutipAIService().analyze(WIDGET_ITEM) == {}  # not configured: like iMatrics, {}
    nowhere = KutipAIService(base_url="http://127.0.0.1:9")  # would fail if it were called
    assert nowhere.analyze({**WIDGET_ITEM, "body_html": "  "}) == {}
    assert nowhere.analyze({"guid": "x", "language": "id", "headline": "H"}) == {}
    emptied = {**ARCHIVE_ITEM, "body_html": ""}
    assert nowhere.annotate(emptied) == emptied  # nothing read: the item is left as it was


def test_settings_come_from_superdesk_config_then_the_environment(
    kutip_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = types.SimpleNamespace(config={"KUTIP_URL": kutip_url, "KUTIP_API_KEY": KEY})
    assert KutipAIService(app).analyze(WIDGET_ITEM)["person"]
    monkeypatch.setenv("KUTIP_URL", kutip_url)
    monkeypatch.setenv("KUTIP_API_KEY", KEY)
    monkeypatch.setenv("KUTIP_TIMEOUT", "5")
    from_env = KutipAIService(types.SimpleNamespace(config={}))
    assert from_env.timeout == 5.0 and from_env.analyze(WIDGET_ITEM)["organisation"]


def _superdesk_stand_in() -> dict[str, Any]:
    """superdesk.text_checkers.ai.base's registry (each instance of a subclass is registered
    under its name by the metaclass) and the proxy error of superdesk.errors."""
    import abc

    registered: dict[str, Any] = {}

    class AIServiceRegisterer(abc.ABCMeta):
        def __call__(cls, *args: Any, **kwargs: Any) -> Any:
            instance = super().__call__(*args, **kwargs)
            return registered.setdefault(instance.name, instance)

    class AIServiceBase(metaclass=AIServiceRegisterer):
        def __init__(self, app: Any) -> None:
            self.config = app.config

        @property
        @abc.abstractmethod
        def name(self) -> str: ...

        @abc.abstractmethod
        def analyze(self, item: Any) -> dict[str, Any]: ...

    class SuperdeskApiError(Exception):
        @classmethod
        def proxyError(cls, message: str) -> SuperdeskApiError:  # noqa: N802 (Superdesk's name)
            return cls(502, message)

    modules = {
        "superdesk": types.ModuleType("superdesk"),
        "superdesk.errors": types.ModuleType("superdesk.errors"),
        "superdesk.text_checkers": types.ModuleType("superdesk.text_checkers"),
        "superdesk.text_checkers.ai": types.ModuleType("superdesk.text_checkers.ai"),
        "superdesk.text_checkers.ai.base": types.ModuleType("superdesk.text_checkers.ai.base"),
    }
    modules["superdesk.errors"].SuperdeskApiError = SuperdeskApiError  # type: ignore[attr-defined]
    base = modules["superdesk.text_checkers.ai.base"]
    base.AIServiceBase = AIServiceBase  # type: ignore[attr-defined]
    base.registered_ai_services = registered  # type: ignore[attr-defined]
    return modules


def test_init_app_registers_kutip_as_a_superdesk_ai_service(
    kutip_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "superdesk" not in sys.modules  # the plugin imports none of Superdesk by itself
    modules = _superdesk_stand_in()
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    app = types.SimpleNamespace(config={"KUTIP_URL": kutip_url, "KUTIP_API_KEY": KEY})
    service = init_app(app)
    registered = modules["superdesk.text_checkers.ai.base"].registered_ai_services
    assert registered["kutip"] is service and service.label.startswith("kutip")
    assert service.analyze(WIDGET_ITEM)["person"][0]["name"] == "Budi Santoso"
    broken = init_app(types.SimpleNamespace(config={"KUTIP_URL": kutip_url}))  # no key
    assert broken is service  # Superdesk keeps the first instance registered under a name
    registered.clear()
    keyless = init_app(types.SimpleNamespace(config={"KUTIP_URL": kutip_url}))
    with pytest.raises(modules["superdesk.errors"].SuperdeskApiError) as error:
        keyless.analyze(WIDGET_ITEM)
    assert error.value.args[0] == 502 and "401" in error.value.args[1]


def test_utf16_offsets_match_the_encoding() -> None:
    text = "a😀b🇮🇩c\U0001f5f3\ufe0fd"
    offsets = offset_table(text, "utf16")
    for i in range(len(text) + 1):
        assert offsets[i] == len(text[:i].encode("utf-16-le")) // 2
