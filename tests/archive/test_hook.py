"""The Superdesk hook, the whole flow on a fresh database: a signed push is stored, found by
speaker and by a word of a quote, and still there after a restart; a wrong signature stores
nothing; a picture is 2xx and recorded as skipped."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from flask.testing import FlaskClient

from kutip.api.archive_state import EXTENSION
from tests.api.helpers import assert_problem
from tests.archive.conftest import SECRET, make_archive_app
from tests.archive.helpers import TEXT, ninjs_picture, ninjs_text, signed

GUID = "urn:newsml:superdesk.example:2024-03-01:abc"


def test_a_signed_push_is_stored_found_and_survives_a_restart(db_url: str) -> None:
    app = make_archive_app(db_url)
    client = app.test_client()
    body, headers = signed(SECRET, ninjs_text(GUID, 1, TEXT))
    response = client.post("/v1/hooks/superdesk", data=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {"id": GUID, "version": "1", "outcome": "stored", "reason": None}

    by_speaker = client.get("/v1/quotes", query_string={"speaker": "Joko Widodo"}).get_json()
    assert [q["text"] for q in by_speaker["quotes"]] == [
        "Semua aman.",
        "Kami siap menghadapi pemilu,",
    ]
    assert by_speaker["quotes"][0]["article"]["id"] == GUID
    assert by_speaker["quotes"][0]["article"]["outlet"] == "Kantor Berita"
    by_word = client.get("/v1/quotes", query_string={"q": "pemilu"}).get_json()["quotes"]
    assert [q["text"] for q in by_word] == ["Kami siap menghadapi pemilu,"]
    stored = client.get(f"/v1/articles/{GUID}").get_json()
    for quote in stored["quotes"]:
        assert stored["text"][quote["start"] : quote["end"]] == quote["text"]
        assert quote["html_start"] is not None  # it came as HTML: offsets into it too

    again = client.post("/v1/hooks/superdesk", data=body, headers=headers)
    assert again.status_code == 200 and again.get_json()["outcome"] == "unchanged"
    app.extensions[EXTENSION].db.dispose()

    restarted = make_archive_app(db_url, archive_upgrade=False).test_client()
    found = restarted.get("/v1/quotes", query_string={"q": "pemilu", "speaker": "joko widodo"})
    assert [q["text"] for q in found.get_json()["quotes"]] == ["Kami siap menghadapi pemilu,"]


@pytest.mark.parametrize(
    "header",
    [None, "", "sha1=" + "0" * 40, "sha256=abc", "deadbeef"],
    ids=["missing", "empty", "wrong digest", "other scheme", "no scheme"],
)
def test_a_missing_or_wrong_signature_is_401_and_stores_nothing(
    archive_client: FlaskClient, header: str | None
) -> None:
    body, headers = signed(SECRET, ninjs_text(GUID, 1, TEXT))
    if header is None:
        del headers["x-superdesk-signature"]
    else:
        headers["x-superdesk-signature"] = header
    response = archive_client.post("/v1/hooks/superdesk", data=body, headers=headers)
    assert_problem(response, 401, "invalid_signature")
    assert_problem(archive_client.get(f"/v1/articles/{GUID}"), 404, "article_not_found")
    assert archive_client.get("/v1/quotes").get_json()["quotes"] == []


def test_a_signature_of_another_body_is_refused(archive_client: FlaskClient) -> None:
    body, headers = signed(SECRET, ninjs_text(GUID, 1, TEXT))
    tampered = body.replace(b"pemilu", b"pilkada")
    response = archive_client.post("/v1/hooks/superdesk", data=tampered, headers=headers)
    assert_problem(response, 401, "invalid_signature")


def test_the_signature_is_hmac_sha1_of_the_raw_body(archive_client: FlaskClient) -> None:
    # Computed here by hand, as Superdesk does, not with kutip's own helper.
    body = json.dumps(ninjs_text(GUID, 1, TEXT), indent=2).encode()
    digest = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    headers = {"Content-Type": "application/json", "x-superdesk-signature": f"sha1={digest}"}
    assert archive_client.post("/v1/hooks/superdesk", data=body, headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (ninjs_picture("urn:pic:1"), "a picture item has no text body"),
        (
            {"guid": "urn:comp:1", "type": "composite", "version": "1"},
            "a composite item has no text body",
        ),
        (
            ninjs_text("urn:en:1", 1, "“We are ready,” said John.", language="en"),
            "language 'en' is not Indonesian",
        ),
        (
            {"guid": "urn:empty:1", "type": "text", "version": "1", "body_html": " "},
            "the item has no text body",
        ),
    ],
    ids=["picture", "composite", "english", "empty body"],
)
def test_an_item_without_indonesian_text_is_2xx_and_recorded_as_skipped(
    archive_client: FlaskClient, item: dict[str, str], reason: str
) -> None:
    body, headers = signed(SECRET, item)
    response = archive_client.post("/v1/hooks/superdesk", data=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["outcome"] == "skipped"
    assert response.get_json()["reason"] == reason
    stored = archive_client.get(f"/v1/articles/{item['guid']}").get_json()
    assert (stored["status"], stored["skip_reason"], stored["quotes"]) == ("skipped", reason, [])
    metrics = archive_client.get("/metrics").get_data(as_text=True)
    assert 'kutip_archive_ingest_total{outcome="skipped",source="superdesk"} 1.0' in metrics


def test_a_hook_without_a_secret_is_503(db_url: str) -> None:
    client = make_archive_app(db_url, superdesk_secret=None).test_client()
    body, headers = signed(SECRET, ninjs_text(GUID, 1, TEXT))
    assert_problem(
        client.post("/v1/hooks/superdesk", data=body, headers=headers), 503, "hook_not_configured"
    )


def test_a_signed_item_without_an_id_is_422(archive_client: FlaskClient) -> None:
    body, headers = signed(SECRET, {"type": "text", "body_html": "<p>Teks.</p>"})
    response = archive_client.post("/v1/hooks/superdesk", data=body, headers=headers)
    assert_problem(response, 422, "validation_error")
