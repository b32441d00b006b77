"""Indirect speech as regional and government copy writes it (issue 12): passive reports that
point back, reporting words that open the sentence, and verbs of saying that report nothing."""

from __future__ import annotations

import pytest

from kutip.engine import Engine
from tests.engine.helpers import check_offsets, speakers


def _indirect(engine: Engine, text: str) -> list[tuple[str, str | None]]:
    result = engine.extract(text)
    check_offsets(text, result)
    return [
        (t, s)
        for (t, s), q in zip(speakers(result), result.quotes, strict=True)
        if q.type == "indirect"
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Dikatakan Romi kenduri besar ini akan menjadi momentum kebangkitan budaya.",
            "kenduri besar ini akan menjadi momentum kebangkitan budaya",
        ),
        (
            "Diutarakan Romi, sinergi dengan pemerintah pusat bisa berjalan dengan baik.",
            "sinergi dengan pemerintah pusat bisa berjalan dengan baik",
        ),
        (
            "Lanjut Romi, pembakaran tersebut dipicu oleh calon yang tidak puas.",
            "pembakaran tersebut dipicu oleh calon yang tidak puas",
        ),
    ],
)
def test_a_reporting_word_opening_the_sentence(engine: Engine, text: str, content: str) -> None:
    assert _indirect(engine, text) == [(content, "Romi")]


def test_a_clitic_opening_the_sentence_points_back(engine: Engine) -> None:
    text = (
        "Bupati Sleman Kustini Sri Purnomo meninjau lokasi banjir.\n\n"
        "Dijelaskannya, sejumlah bantuan sudah disalurkan kepada warga.\n\n"
        "Lanjutnya, apabila air surut, warga bisa kembali ke rumah masing-masing."
    )
    assert _indirect(engine, text) == [
        ("sejumlah bantuan sudah disalurkan kepada warga", "Kustini Sri Purnomo"),
        ("apabila air surut, warga bisa kembali ke rumah masing-masing", "Kustini Sri Purnomo"),
    ]


def test_a_passive_report_opening_a_paragraph_points_to_the_one_before(engine: Engine) -> None:
    text = (
        "Seorang warga dikabarkan tewas setelah digigit anjing rabies. Keluarga korban mengakui "
        "tidak melaporkan kejadian itu ke puskesmas.\n\n"
        "Hal itu dibenarkan oleh, Kepala Dinas Kesehatan Rahmi Indrasuri."
    )
    found = _indirect(engine, text)
    assert (
        "Seorang warga dikabarkan tewas setelah digigit anjing rabies",
        "Rahmi Indrasuri",
    ) in found
    # The sentence that carries a statement of its own keeps it.
    assert any(t == "tidak melaporkan kejadian itu ke puskesmas" for t, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Joko Widodo menyampaikan apresiasi dan penghargaan kepada BPK atas opini itu.",
        "Wakil Bupati Bagus Santoso menyampaikan dukungannya terhadap kehadiran Pertashop di desa.",
        "Wali Kota Mahyeldi tidak merinci apa pemicu pedagang berkata yang tidak pantas kepadanya.",
        "Putin menepis tuduhan Inggris dan menyebutnya tak berdasar sama sekali.",
    ],
)
def test_a_verb_of_saying_with_an_act_as_object_reports_nothing(engine: Engine, text: str) -> None:
    assert _indirect(engine, text) == []


def test_bahwa_after_the_object_opens_the_statement(engine: Engine) -> None:
    text = "Bobby juga menepis tudingan bahwa dirinya berperan dalam penetapan wilayah itu."
    assert _indirect(engine, text) == [("dirinya berperan dalam penetapan wilayah itu", "Bobby")]


def test_an_unlisted_reporting_verb_after_a_quote(engine: Engine) -> None:
    text = "“Luar biasa, terima kasih atas dukungannya,” puji Mujahir. “Kita lanjut,” sesal Ujang."
    result = engine.extract(text)
    check_offsets(text, result)
    assert speakers(result) == [
        ("Luar biasa, terima kasih atas dukungannya,", "Mujahir"),
        ("Kita lanjut,", "Ujang"),
    ]


def test_people_beside_the_subject_do_not_speak_for_it(engine: Engine) -> None:
    text = (
        "Wakil Bupati Madina Atika Azmi Nasution menjenguk korban kebakaran.\n\n"
        "Wabup Atika yang hadir bersama Kepala BPBD Mukhsin Nasution dan Kepala Dinas PUPR "
        "Elpi Yanti Harahap menyampaikan, dia mengetahui adanya kebakaran itu pukul 04.00 WIB.\n\n"
        "“Musibah ini tidak disangka-sangka,” kata dia."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    assert {q.speaker.name if q.speaker else None for q in result.quotes} == {"Atika Azmi Nasution"}


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # an act noun opens a statement when it is not the verb's bare object
        (
            "Kapolres Budi Santoso mengatakan, laporan warga sudah ditindaklanjuti petugas.",
            "laporan warga sudah ditindaklanjuti petugas",
        ),
        (
            "Menurut Budi, dukungan warga terhadap program itu sangat besar.",
            "dukungan warga terhadap program itu sangat besar",
        ),
        (
            "Kapolres Budi Santoso mengatakan, yang terpenting saat ini adalah keselamatan warga.",
            "yang terpenting saat ini adalah keselamatan warga",
        ),
    ],
)
def test_an_act_noun_after_a_comma_or_a_speaker_opens_a_statement(
    engine: Engine, text: str, content: str
) -> None:
    assert [t for t, _ in _indirect(engine, text)] == [content]


@pytest.mark.parametrize(
    "text",
    [
        "Jelas Indonesia, sebagai negara besar, harus bersatu menghadapi krisis ini.",
        "Budi hadir di pasar.\n\nCeritanya, pasar itu dulu terbakar habis tahun lalu.",
        "Budi hadir di pasar.\n\nKatanya, harga cabai akan naik lagi pekan depan.",
        "Terungkap Budi Santoso adalah otak pembunuhan itu menurut berkas perkara.",
        "Dipastikan Persib Bandung akan menjuarai liga musim ini setelah menang lagi.",
    ],
)
def test_discourse_markers_and_outcomes_open_no_report(engine: Engine, text: str) -> None:
    assert _indirect(engine, text) == []


def test_a_passive_report_restating_the_speaker_takes_nothing_older(engine: Engine) -> None:
    text = (
        "Polisi tiba di lokasi pukul 10 pagi. Kapolres Budi Santoso mengatakan pelaku sudah "
        "ditangkap. Hal itu disampaikan Kapolres di Mapolres."
    )
    assert all(not t.startswith("Polisi tiba") for t, _ in _indirect(engine, text))


def test_companions_end_at_the_first_other_word(engine: Engine) -> None:
    text = (
        "Gubernur Budi Santoso bersama Wagub Ani Lestari meninjau lokasi banjir, sementara "
        "Kapolda Irjen Andi Wijaya mengatakan situasi sudah aman."
    )
    assert _indirect(engine, text) == [("situasi sudah aman", "Andi Wijaya")]


@pytest.mark.parametrize(
    "text",
    [
        "Mereka menggelar gerakan “Selamatkan KPK,” termasuk Ketua KPK Firli Bahuri.",
        "Warga menamai kawasan itu “kampung mati,” dengan Bupati Romi sebagai saksinya.",
        "Jalan itu disebut “jalan maut,” nantinya.",
    ],
)
def test_function_words_after_a_quote_are_not_its_verb(engine: Engine, text: str) -> None:
    result = engine.extract(text)
    check_offsets(text, result)
    assert all(not q.rule.startswith("quote-verb-") for q in result.quotes)
