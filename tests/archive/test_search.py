"""Search: full text, filters, keyset pages newest first, speakers across articles by alias."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.helpers import assert_problem

ARTICLES = [
    {
        "id": "k-1",
        "outlet": "Kompas",
        "published_at": "2024-01-10T08:00:00Z",
        "text": "“Harga beras harus turun,” kata Presiden Joko Widodo.\n\n"
        "Menurut Jokowi, stok pangan cukup sampai akhir tahun.",
    },
    {
        "id": "t-1",
        "outlet": "Tempo",
        "published_at": "2024-02-10T08:00:00Z",
        "text": "“Kami akan memeriksa harga beras di pasar,” kata Jokowi di Solo.",
    },
    {
        "id": "t-2",
        "outlet": "Tempo",
        "published_at": "2024-03-10T08:00:00Z",
        "text": "“Jalan tol itu selesai tahun depan,” ujar Menteri Basuki Hadimuljono.",
    },
]


@pytest.fixture
def filled(archive_client: FlaskClient) -> FlaskClient:
    for article in ARTICLES:
        assert archive_client.post("/v1/articles", json=article).status_code == 201
    return archive_client


def _texts(client: FlaskClient, **query: Any) -> list[str]:
    response = client.get("/v1/quotes", query_string=query)
    assert response.status_code == 200, response.get_json()
    return [q["text"] for q in response.get_json()["quotes"]]


def test_full_text_finds_every_word_newest_first(filled: FlaskClient) -> None:
    assert _texts(filled, q="harga beras") == [
        "Kami akan memeriksa harga beras di pasar,",
        "Harga beras harus turun,",
    ]
    assert _texts(filled, q="BERAS turun") == ["Harga beras harus turun,"]
    assert _texts(filled, q="gandum") == []
    assert _texts(filled, q='" OR * ()') == []  # no FTS syntax gets through, no error


def test_filters_combine(filled: FlaskClient) -> None:
    assert _texts(filled, outlet="Tempo", q="harga") == [
        "Kami akan memeriksa harga beras di pasar,"
    ]
    assert _texts(filled, type="indirect") == ["stok pangan cukup sampai akhir tahun"]
    assert _texts(filled, article="t-2") == ["Jalan tol itu selesai tahun depan,"]
    since = _texts(filled, since="2024-02-01T00:00:00+07:00", until="2024-03-01T00:00:00Z")
    assert since == ["Kami akan memeriksa harga beras di pasar,"]


def test_one_speaker_across_articles_by_name_and_alias(filled: FlaskClient) -> None:
    """k-1 names him Joko Widodo and Jokowi; t-1 only Jokowi: one speaker, three quotes."""
    by_name = _texts(filled, speaker="Joko Widodo")
    assert by_name == _texts(filled, speaker="jokowi")
    assert len(by_name) == 3
    people = filled.get("/v1/speakers", query_string={"q": "jokowi"}).get_json()["speakers"]
    assert len(people) == 1
    person = people[0]
    assert person["name"] == "Joko Widodo" and person["quotes"] == 3
    assert "Jokowi" in person["aliases"]
    assert "Presiden" in person["roles"]
    page = filled.get(f"/v1/speakers/{person['id']}").get_json()
    assert page["speaker"]["id"] == person["id"]
    assert [q["article"]["id"] for q in page["quotes"]] == ["t-1", "k-1", "k-1"]


def test_pages_follow_each_other_without_gaps_or_repeats(filled: FlaskClient) -> None:
    everything = _texts(filled, limit=100)
    seen: list[str] = []
    cursor = None
    while True:
        query: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = filled.get("/v1/quotes", query_string=query).get_json()
        seen += [q["text"] for q in body["quotes"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(seen) == 4


def test_each_result_has_its_context_and_article(filled: FlaskClient) -> None:
    quote = filled.get("/v1/quotes", query_string={"q": "tol"}).get_json()["quotes"][0]
    assert "ujar Menteri Basuki Hadimuljono" in quote["context"]
    assert quote["article"] == {
        "id": "t-2",
        "headline": None,
        "outlet": "Tempo",
        "published_at": "2024-03-10T08:00:00+00:00",
        "url": None,
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"type": "quoted"}, "type"),
        ({"since": "yesterday"}, "since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_parameters_are_422(
    archive_client: FlaskClient, query: dict[str, str], field: str
) -> None:
    problem = assert_problem(
        archive_client.get("/v1/quotes", query_string=query), 422, "validation_error"
    )
    assert field in problem["errors"]


def test_unknown_things_are_404(archive_client: FlaskClient) -> None:
    assert_problem(archive_client.get("/v1/articles/nope"), 404, "article_not_found")
    assert_problem(archive_client.get("/v1/speakers/12345"), 404, "speaker_not_found")
    assert (
        archive_client.get("/v1/quotes", query_string={"speaker": "Nobody"}).get_json()["quotes"]
        == []
    )


def test_ids_with_slashes_are_articles_and_quotes_paths_are_not(
    archive_client: FlaskClient,
) -> None:
    url_id = "https://example.id/2024/01/berita"
    archive_client.post("/v1/articles", json={**ARTICLES[2], "id": url_id})
    assert archive_client.get(f"/v1/articles/{url_id}").get_json()["id"] == url_id
    assert archive_client.get(f"/v1/articles/{url_id}/quotes").status_code == 405


def test_search_latency_is_measured(filled: FlaskClient) -> None:
    filled.get("/v1/quotes", query_string={"q": "beras"})
    metrics = filled.get("/metrics").get_data(as_text=True)
    assert 'kutip_archive_search_duration_seconds_count{route="/v1/quotes"} 1.0' in metrics
    assert 'kutip_archive_ingest_total{outcome="stored",source="api"} 3.0' in metrics
