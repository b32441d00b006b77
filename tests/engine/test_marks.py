"""Quote spans: every mark style, multi-paragraph quotes, split quotes, stray marks."""

from __future__ import annotations

import pytest

from kutip.engine import Engine
from tests.engine.helpers import check_offsets, only


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“Kami siap menghadapi banjir,” kata Sandi.", "Kami siap menghadapi banjir,"),
        ("”Kami siap menghadapi banjir,” kata Sandi.", "Kami siap menghadapi banjir,"),
        ('"Kami siap menghadapi banjir," kata Sandi.', "Kami siap menghadapi banjir,"),
        ("‘Kami siap menghadapi banjir,’ kata Sandi.", "Kami siap menghadapi banjir,"),
        ("'Kami siap menghadapi banjir,' kata Sandi.", "Kami siap menghadapi banjir,"),
        ("«Kami siap menghadapi banjir,» kata Sandi.", "Kami siap menghadapi banjir,"),
        ("„Kami siap menghadapi banjir,“ kata Sandi.", "Kami siap menghadapi banjir,"),
        ("''Kami siap menghadapi banjir,'' kata Sandi.", "Kami siap menghadapi banjir,"),
    ],
)
def test_every_mark_style(engine: Engine, text: str, content: str) -> None:
    result = engine.extract(text)
    check_offsets(text, result)
    quote = only(result)
    assert quote.text == content
    assert quote.speaker is not None and quote.speaker.name == "Sandi"


def test_quote_over_several_paragraphs_is_one_quote(engine: Engine) -> None:
    text = (
        "“Paragraf pertama dari kutipan panjang ini.\n\n"
        "“Paragraf kedua masih kutipan yang sama,” kata Sandi."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    quote = only(result)
    assert quote.text.startswith("Paragraf pertama") and quote.text.endswith("sama,")
    assert quote.speaker is not None and quote.speaker.name == "Sandi"


def test_split_quote_gives_two_quotes_by_one_speaker(engine: Engine) -> None:
    text = "“Kami siap,” kata Sandi, “dan kami tidak akan mundur.”"
    result = engine.extract(text)
    check_offsets(text, result)
    assert [(q.text, q.speaker.name if q.speaker else None) for q in result.quotes] == [
        ("Kami siap,", "Sandi"),
        ("dan kami tidak akan mundur.", "Sandi"),
    ]
    assert result.quotes[1].rule == "split-quote"


def test_stray_mark_does_not_swallow_the_article(engine: Engine) -> None:
    text = (
        "Harga cabai naik 5 inci” di pasar hari ini.\n\n"
        "Pedagang mengeluh sejak pagi.\n\n"
        "“Kondisi ini sudah tidak normal,” kata Budi."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    quote = only(result)
    assert quote.text == "Kondisi ini sudah tidak normal,"


def test_unclosed_opening_mark_stays_in_its_paragraph(engine: Engine) -> None:
    text = "Ia berkata “tunggu dulu di sana.\n\nHujan turun deras sejak pagi di Bandung."
    result = engine.extract(text)
    check_offsets(text, result)
    assert all("Hujan" not in q.text for q in result.quotes)


def test_apostrophe_inside_a_word_is_not_a_mark(engine: Engine) -> None:
    text = "“Wakil Presiden Ma’ruf Amin hadir,” kata Sandi. Jum'at lalu ia pergi."
    result = engine.extract(text)
    check_offsets(text, result)
    assert only(result).text == "Wakil Presiden Ma’ruf Amin hadir,"


@pytest.mark.parametrize(
    "text",
    [
        "KPK kerap melakukan penahanan hari Jumat sehingga muncul istilah “Jumat keramat”.",
        "Pemerintah meluncurkan program “Makan Bergizi Gratis” pekan lalu.",
        "Menurut warga, ”dokter” Yusuf sudah membuka praktik sejak 1990.",
    ],
)
def test_scare_quotes_names_and_titles_are_not_speech(engine: Engine, text: str) -> None:
    result = engine.extract(text)
    check_offsets(text, result)
    # The sentence may still report speech (`Menurut warga, ...`), but the marked words alone
    # are never a direct or mixed quote.
    assert [q for q in result.quotes if q.type != "indirect"] == []


def test_offsets_count_code_points_after_astral_characters(engine: Engine) -> None:
    text = "😀 Emoji dulu. “Kami siap menghadapi banjir,” kata Sandi."
    result = engine.extract(text)
    check_offsets(text, result)
    assert only(result).start == text.index("Kami")


def test_an_unmatched_mark_is_reported(engine: Engine) -> None:
    text = "Ia berkata “tunggu dulu di sana.\n\nHujan turun. “Kami siap,” kata Sandi."
    result = engine.extract(text)
    assert [q.text for q in result.quotes] == ["Kami siap,"]
    assert result.warnings == (
        f"unmatched quotation mark at offset {text.index('“')}: "
        "the text after it was not read as a quote",
    )
    assert engine.extract("“Kami siap,” kata Sandi.").warnings == ()
