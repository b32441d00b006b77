"""HTML to plain text: paragraphs, dropped elements, entities, white space and the offset map."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kutip.formats.html import html_to_text


def spans_of(source: str) -> list[tuple[str, str]]:
    """(plain text, HTML source) for every run of text."""
    markup = html_to_text(source)
    pairs = []
    for start, end in markup.runs():
        span = markup.source_span(start, end)
        assert span is not None
        pairs.append((markup.text[start:end], source[span[0] : span[1]]))
    return pairs


def test_paragraph_elements_become_blank_line_separated_paragraphs() -> None:
    source = (
        "<h1>Judul</h1><p>Satu</p><div>Dua<br>Tiga</div>"
        "<blockquote>Empat</blockquote><ul><li>Lima</li><li>Enam</li></ul>"
    )
    assert html_to_text(source).text == "Judul\n\nSatu\n\nDua\n\nTiga\n\nEmpat\n\nLima\n\nEnam"


def test_scripts_styles_figures_and_comments_are_dropped() -> None:
    source = (
        "<style>p { color: red }</style><p>Awal<script>var s = '<p>x</p>';</script> akhir</p>"
        "<figure><img src=a.jpg><figcaption>Keterangan foto</figcaption></figure>"
        "<noscript>Aktifkan JavaScript</noscript><p>Lanjut<!-- catatan --> lagi</p>"
    )
    assert html_to_text(source).text == "Awal akhir\n\nLanjut lagi"


def test_entities_are_decoded() -> None:
    source = "<p>A &amp; B &ldquo;kutip&rdquo; &#8216;x&#x2019; &lt;tag&gt; &nosuch; &amp</p>"
    assert html_to_text(source).text == "A & B “kutip” ‘x’ <tag> &nosuch; &"


def test_white_space_collapses_like_a_browser() -> None:
    source = "<p>\n   Satu   dua\t\ttiga\n</p>\n\n<p>  empat&nbsp;lima  </p>"
    assert html_to_text(source).text == "Satu dua tiga\n\nempat\xa0lima"


def test_space_across_inline_tags_is_kept_once() -> None:
    assert html_to_text("<p>kata <b> Budi</b> tadi</p>").text == "kata Budi tadi"
    assert html_to_text("<p>ka<i>ta</i></p>").text == "kata"


def test_unclosed_dropped_element_ends_with_its_parent() -> None:
    source = "<div><p>Satu</p><figure><img src=x></div><p>Dua</p>"
    assert html_to_text(source).text == "Satu\n\nDua"


def test_a_whole_document_keeps_only_the_body_text() -> None:
    source = (
        "<!DOCTYPE html><html><head><title>Judul tab</title><meta charset=utf-8></head>"
        "<body><article><p>Isi berita.</p></article></body></html>"
    )
    assert html_to_text(source).text == "Isi berita."


def test_runs_map_back_to_the_original_source() -> None:
    source = "<p>Ia berkata, &ldquo;Kami <b>siap</b>   bekerja,&rdquo; kata  Budi.</p>"
    assert spans_of(source) == [
        ("Ia berkata, “Kami ", "Ia berkata, &ldquo;Kami "),
        ("siap", "siap"),
        (" bekerja,” kata Budi.", "   bekerja,&rdquo; kata  Budi."),
    ]


def test_a_span_inside_one_run_maps_to_exact_source_offsets() -> None:
    source = "<p>Dia bilang &ldquo;Harga &amp; pasokan aman&rdquo; kemarin.</p>"
    markup = html_to_text(source)
    start = markup.text.index("Harga")
    end = markup.text.index("aman") + len("aman")
    span = markup.source_span(start, end)
    assert span is not None
    assert source[span[0] : span[1]] == "Harga &amp; pasokan aman"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("<p>Kami <b>siap</b> bekerja</p>", "Kami siap"),  # crosses an inline tag
        ("<p>Satu</p><p>Dua</p>", "Satu\n\nDua"),  # crosses a paragraph break
        ("<p>Sa<!-- x -->tu</p>", "Satu"),  # crosses a comment
        ("<p>Sa<script>x</script>tu</p>", "Satu"),  # crosses a dropped element
    ],
)
def test_a_span_crossing_markup_has_no_source_span(source: str, fragment: str) -> None:
    markup = html_to_text(source)
    start = markup.text.index(fragment)
    assert markup.source_span(start, start + len(fragment)) is None


@pytest.mark.parametrize(
    ("source", "fragment", "raw"),
    [
        ("<p>Kami <b>siap</b> bekerja</p>", "Kami siap", "Kami <b>siap"),  # ends at its last char
        (
            "<p>&ldquo;Ya <a href='/x'>benar</a>&rdquo;</p>",
            "Ya benar”",
            "Ya <a href='/x'>benar</a>&rdquo;",
        ),
        ("<p>Sa<!-- x -->tu</p>", "Satu", "Sa<!-- x -->tu"),
        ("<p>Sa<script>x</script>tu</p>", "Satu", "Sa<script>x</script>tu"),
    ],
)
def test_a_source_range_keeps_the_inline_markup_inside(
    source: str, fragment: str, raw: str
) -> None:
    markup = html_to_text(source)
    start = markup.text.index(fragment)
    span = markup.source_range(start, start + len(fragment))
    assert span is not None and source[span[0] : span[1]] == raw


def test_a_source_range_never_crosses_a_paragraph_break() -> None:
    markup = html_to_text("<p>Satu</p><p>Dua</p>")
    assert markup.source_range(0, len(markup.text)) is None
    assert markup.source_range(0, 4) == (3, 7)
    assert markup.source_range(2, 2) is None and markup.source_range(0, 99) is None


def test_empty_and_out_of_range_spans_have_no_source_span() -> None:
    markup = html_to_text("<p>abc</p>")
    assert markup.source_span(1, 1) is None
    assert markup.source_span(2, 9) is None
    assert markup.source_span(-1, 2) is None


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(TypeError):
        html_to_text(b"<p>x</p>")  # type: ignore[arg-type]


_words = st.text(alphabet="abc “”&<>;# \n\t\xa0", min_size=0, max_size=12)
_tags = st.sampled_from(["<p>", "</p>", "<b>", "</b>", "<br>", "<div>", "</div>", "<i>", "</i>"])


@given(st.lists(st.one_of(_words.map(html.escape), _tags), max_size=30))
def test_every_run_maps_to_source_that_decodes_to_it(parts: list[str]) -> None:
    source = "".join(parts)
    markup = html_to_text(source)
    assert not markup.text.startswith((" ", "\n")) and not markup.text.endswith((" ", "\n"))
    for text, raw in spans_of(source):
        decoded = " ".join(html.unescape(raw).replace("\xa0", "\0").split()).replace("\0", "\xa0")
        assert decoded == text.strip(" ")
        assert "<" not in raw and ">" not in raw


@given(st.text(max_size=200))
def test_arbitrary_input_never_crashes(source: str) -> None:
    markup = html_to_text(source)
    for start, end in markup.runs():
        span = markup.source_span(start, end)
        assert span is not None and 0 <= span[0] < span[1] <= len(source)
