"""``kutip archive import``: JSON lines, ninjs files, a WordPress site's REST API (recorded pages
served from a local server), per-line errors and a summary."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from urllib.parse import quote as percent_encode

import pytest
from flask.testing import FlaskClient

from kutip.cli import main
from tests.archive.conftest import make_archive_app
from tests.archive.helpers import NEWER, TEXT, ninjs_picture, ninjs_text

DATA = Path(__file__).with_name("data")
PAGES = {1: DATA / "wp-posts-1.json", 2: DATA / "wp-posts-2.json"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _client(db_url: str) -> FlaskClient:
    return make_archive_app(db_url, archive_upgrade=False).test_client()


def test_json_lines_with_bad_lines_import_the_rest(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps(
            {"id": "g-1", "text": TEXT, "source": "Kompas", "annotated": ["direct"], "quotes": []}
        ),
        "{not json",
        json.dumps({"id": "g-2"}),  # no text
        "",
        json.dumps(ninjs_text("urn:n:1", 1, NEWER)),
        json.dumps(ninjs_picture("urn:p:1")),
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "archive", "import", "--database", db_url, str(source))
    assert code == 1  # some lines failed
    assert f"{source}:2: not JSON" in err
    assert f"{source}:3: " in err and "text" in err
    assert "kutip archive import: 5 in" in out
    assert "2 errors" in out and "1 skipped" in out and "2 stored" in out
    client = _client(db_url)
    assert client.get("/v1/articles/g-1").get_json()["outlet"] == "Kompas"
    assert client.get("/v1/articles/urn:p:1").get_json()["status"] == "skipped"
    code, out, _ = _run(capsys, "archive", "import", "--database", db_url, str(source))
    assert "3 unchanged" in out  # again: nothing new (the picture neither)


def test_a_ninjs_file_and_a_list_of_them(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(ninjs_text("urn:n:1", 1, TEXT), indent=2), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([ninjs_text("urn:n:2", 1, TEXT), ninjs_text("urn:n:1", 2, NEWER)]))
    code, out, err = _run(capsys, "archive", "import", "--database", db_url, str(one), str(many))
    assert code == 0, err
    assert "3 stored" in out
    quotes = _client(db_url).get("/v1/quotes", query_string={"article": "urn:n:1"}).get_json()
    assert [q["text"] for q in quotes["quotes"]] == ["Tunggu dulu.", "Kami belum siap,"]


class _WordPress(BaseHTTPRequestHandler):
    """wp-json/wp/v2/posts as WordPress answers it: pages, X-WP-TotalPages, 400 past the end."""

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path != "/wp-json/wp/v2/posts":
            self.send_error(404)
            return
        page = int(parse_qs(url.query).get("page", ["1"])[0])
        if page not in PAGES:
            body = json.dumps({"code": "rest_post_invalid_page_number", "data": {"status": 400}})
            self._send(400, body.encode())
            return
        self._send(200, PAGES[page].read_bytes(), {"X-WP-Total": "3", "X-WP-TotalPages": "2"})

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def wordpress() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WordPress)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_wordpress_site_page_by_page(
    db_url: str, wordpress: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "archive", "import", "--database", db_url, "--wordpress", wordpress
    )
    assert code == 0, err
    assert "3 in" in out and "2 stored" in out and "1 skipped" in out  # the gallery has no text
    client = _client(db_url)
    # An id with a '?' goes into the path percent-encoded, as any client library does it.
    article = client.get(
        "/v1/articles/" + percent_encode("https://berita.example.id/?p=101")
    ).get_json()
    assert article["headline"] == "Bupati: “Jalan desa rampung Juni”"
    assert article["version"] == "2024-03-04T05:30:00Z"  # modified_gmt
    assert article["published_at"] == "2024-03-04T03:00:00+00:00"  # date_gmt
    assert article["url"] == "https://berita.example.id/2024/03/berita-101/"
    assert article["outlet"] == "127.0.0.1:" + wordpress.rsplit(":", 1)[1]
    quote = article["quotes"][0]
    assert quote["text"] == "Jalan desa ini rampung bulan Juni,"
    assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    assert quote["html_start"] is not None
    found = client.get("/v1/quotes", query_string={"q": "pos pengamanan"}).get_json()["quotes"]
    assert [q["article"]["id"] for q in found] == ["https://berita.example.id/?p=103"]


def test_import_without_input_or_with_a_bad_site_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    assert _run(capsys, "archive", "import", "--database", url)[0] == 2
    code, _, err = _run(
        capsys, "archive", "import", "--database", url, "--wordpress", "berita.example.id"
    )
    assert code == 1 and "https://" in err
    code, _, err = _run(capsys, "archive", "upgrade", "--database", "mysql://x/y")
    assert code == 2 and "postgresql+psycopg" in err
