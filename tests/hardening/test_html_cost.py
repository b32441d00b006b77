"""Reading HTML costs time linear in its length, whatever the shape, and counts against the
document's time budget (issue 17, defect 1).

html.parser before CPython's fix for CVE-2025-6069 (and this machine's 3.11.7 is before it)
took 8.5 s on 32 KiB of ``'<a '`` and over 60 s on 96 KiB. CPU time of this process, best of
a few runs: linear growth gives a ratio of 4 for 4 times the input, quadratic 16; the tests
accept anything under 8, and an absolute bound far above the measured values (~0.02 s).
"""

from __future__ import annotations

import time

import pytest
from flask.testing import FlaskClient

from kutip.engine import DocumentTooComplexError
from kutip.engine.budget import budget, remaining
from kutip.formats.html import html_to_text
from tests.api.helpers import assert_problem

KIB = 1024
# Each opens a construct html.parser's unfixed close() rescanned to the end of the input from.
SHAPES = ["<a ", "<a", "</", "<?", "<!", "<!--", "<![", "&#", "&#;", '<a x="', "<a/", "</a "]
LINEAR_BOUND = 8.0


def cpu_seconds(source: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        html_to_text(source)
        best = min(best, time.process_time() - started)
    return best


def shaped(shape: str, size: int) -> str:
    return shape * (size // len(shape))


@pytest.mark.parametrize("shape", SHAPES)
def test_html_reading_is_linear_in_every_hostile_shape(shape: str) -> None:
    small = cpu_seconds(shaped(shape, 24 * KIB))
    large = cpu_seconds(shaped(shape, 96 * KIB), runs=1)
    assert large < 2.0, f"{shape!r} * 96 KiB took {large:.2f} s"
    # Below a few milliseconds the ratio is noise; above, it must not look quadratic.
    if large > 0.05:
        assert large / max(small, 1e-4) < LINEAR_BOUND, (shape, small, large)


def test_an_unterminated_construct_at_the_end_is_ended_as_html5_does() -> None:
    assert html_to_text("<p>Kata Budi.</p><a href='x").text == "Kata Budi."  # a tag: dropped
    assert html_to_text("<p>Kata Budi.<!-- tak ditutup").text == "Kata Budi."  # a comment
    assert html_to_text("<p>5 < 6 &amp; 7 &am").text == "5 < 6 & 7 &am"  # text stays text
    assert html_to_text("<p>a &#; b</p><p>c</p>").text == "a &#; b\n\nc"  # the rest is parsed


def test_a_bad_marked_section_is_a_bogus_comment_not_a_crash() -> None:
    # _markupbase raised AssertionError on '<![' without a name: a 500 for the caller.
    assert html_to_text("<p>a</p><![<![ x ]><p>b</p>").text == "a\n\nb"
    assert html_to_text(shaped("<![", 32 * KIB)).text == ""


def test_offsets_still_index_the_source_after_a_neutralised_reference() -> None:
    source = "<p>x &#; “Kami siap,” kata Budi.</p>"
    markup = html_to_text(source)
    start = markup.text.index("“")
    span = markup.source_span(start, len(markup.text))
    assert span is not None
    assert source[span[0] : span[1]] == "“Kami siap,” kata Budi."
    assert markup.text[:5] == "x &#;"


def test_html_reading_runs_inside_the_document_budget() -> None:
    with budget(1e-9), pytest.raises(DocumentTooComplexError):
        html_to_text("<p>" + "kata " * 4000 + "</p>")


def test_a_nested_budget_keeps_the_earlier_deadline() -> None:
    with budget(0.5):
        with budget(60.0):
            left = remaining()
            assert left is not None and left <= 0.5
        with budget(None):
            assert remaining() is not None


@pytest.mark.parametrize("shape", ["<a ", "</", "<?"])
def test_hostile_html_at_32_kib_is_answered_at_once(client: FlaskClient, shape: str) -> None:
    """Sent as text/html or as the ``html`` field: the answer (a 422: no text in it) comes in
    well under a second, where it took 8.5 s before."""
    source = shaped(shape, 32 * KIB)
    started = time.monotonic()
    plain = client.post("/v1/extract", data=source, content_type="text/html", buffered=True)
    field = client.post("/v1/extract", json={"html": source}, buffered=True)
    elapsed = time.monotonic() - started
    assert_problem(plain, 422, "validation_error")
    assert_problem(field, 422, "validation_error")
    assert elapsed < 3.0, elapsed


def test_html_over_the_budget_is_a_422_document_too_complex(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = client.application.extensions["kutip"].engine
    monkeypatch.setattr(engine, "budget_seconds", 1e-9)
    html = "<p>" + "“Kami siap,” kata Budi. " * 500 + "</p>"
    response = client.post("/v1/extract", data=html, content_type="text/html", buffered=True)
    assert_problem(response, 422, "document_too_complex")
    batch = client.post("/v1/extract/batch", json={"documents": [{"id": "a", "html": html}]})
    [item] = batch.get_json()["results"]
    assert item["error"]["code"] == "document_too_complex"
