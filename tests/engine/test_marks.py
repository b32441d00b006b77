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


# Marks as regional outlets type them (issue 12): which mark opens and which closes is read
# from the punctuation before it, the paragraph's balance and the reporting word after it.
@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a closing mark glued to the reporting word
        ("“Semua sudah kami siapkan,”ujar Darmawan.", "Semua sudah kami siapkan,", "Darmawan"),
        ("“Semua sudah kami siapkan.”Kata Darmawan.", "Semua sudah kami siapkan.", "Darmawan"),
        # a straight closing mark with the space on the wrong side
        ('"Belum ada kepastian, "ungkap Darmawan.', "Belum ada kepastian,", "Darmawan"),
        # spaces inside both marks
        (
            '" Kami lakukan dari pintu ke pintu, " tambah Umar.',
            "Kami lakukan dari pintu ke pintu,",
            "Umar",
        ),
        # doubled single marks, and a curly opener closed by doubled singles
        ("‘‘Kami siap menghadapi banjir,’’ kata Sandi.", "Kami siap menghadapi banjir,", "Sandi"),
        ("“Kami siap menghadapi banjir,’’kata Sandi.", "Kami siap menghadapi banjir,", "Sandi"),
        ("‘’Kami siap menghadapi banjir,’’ kata Sandi.", "Kami siap menghadapi banjir,", "Sandi"),
        # curly and straight mixed in one quote, a zero-width space by the mark
        ('“Kami siap menghadapi banjir," kata Sandi.', "Kami siap menghadapi banjir,", "Sandi"),
        (
            "“Kami siap menghadapi banjir,”\u200b kata Sandi.",
            "Kami siap menghadapi banjir,",
            "Sandi",
        ),
    ],
)
def test_sloppy_marks_are_paired(engine: Engine, text: str, content: str, speaker: str) -> None:
    result = engine.extract(text)
    check_offsets(text, result)
    quote = only(result)
    assert quote.text.strip() == content
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert not result.warnings


def test_a_closing_mark_never_typed_ends_before_the_cue(engine: Engine) -> None:
    text = (
        "Kapolsek Kompol Made Winarta mengatakan situasi aman.\n\n"
        "“Kita melakukan pengamanan agar situasi tetap kondusif, katanya.\n\n"
        "Sebelumnya, puluhan rumah dirusak warga."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    direct = [q for q in result.quotes if q.type == "direct"]
    assert [q.text for q in direct] == ["Kita melakukan pengamanan agar situasi tetap kondusif,"]
    assert direct[0].cue is not None and direct[0].cue.word == "katanya"


def test_a_glued_mark_does_not_swallow_the_next_quotes(engine: Engine) -> None:
    text = (
        "“Yang pertama sudah siap,”ujar Darmawan. “Yang kedua menyusul,”katanya.\n\n"
        "“Yang ketiga juga,”tambah Darmawan."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    assert [q.text for q in result.quotes] == [
        "Yang pertama sudah siap,",
        "Yang kedua menyusul,",
        "Yang ketiga juga,",
    ]
    assert all(q.speaker is not None and q.speaker.name == "Darmawan" for q in result.quotes)


def test_a_scare_quote_glued_to_the_next_word_is_closed(engine: Engine) -> None:
    text = "Program “jembatan udara”sesuai aturan terus berjalan.\n\n“Kami siap,” kata Sandi."
    result = engine.extract(text)
    check_offsets(text, result)
    assert only(result).text == "Kami siap,"
    assert not result.warnings


def test_a_quote_ending_at_its_cue_is_not_carried_into_the_next_paragraph(engine: Engine) -> None:
    text = (
        "“Kami siap bertanding, kata pelatih Persib Bojan Hodak.\n\n"
        "“Besok kami berangkat ke Jakarta untuk laga berikutnya,” tambahnya."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    assert [q.text for q in result.quotes] == [
        "Kami siap bertanding,",
        "Besok kami berangkat ke Jakarta untuk laga berikutnya,",
    ]
