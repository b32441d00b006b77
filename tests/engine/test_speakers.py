"""Speakers across the article: short names, clitics, pronouns, offices, descriptions, bodies."""

from __future__ import annotations

import pytest

from kutip.engine import Engine
from tests.engine.helpers import check_offsets, only, speakers


def _by(engine: Engine, text: str) -> list[tuple[str, str | None]]:
    result = engine.extract(text)
    check_offsets(text, result)
    return speakers(result)


def test_short_name_joins_the_full_name(engine: Engine) -> None:
    text = (
        "Kepala Unit Reserse Kriminal Kepolisian Sektor Tamansari Ajun Komisaris Roland "
        "Manurung memimpin penyelidikan.\n\n“Pelaku sudah kami tangkap,” kata Roland."
    )
    assert _by(engine, text) == [("Pelaku sudah kami tangkap,", "Roland Manurung")]
    quote = engine.extract(text).quotes[0]
    assert quote.speaker is not None
    assert quote.speaker.role == "Kepala Unit Reserse Kriminal"
    assert quote.speaker.affiliation == "Kepolisian Sektor Tamansari"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "Roland"


@pytest.mark.parametrize("cue", ["ujarnya", "katanya", "tuturnya"])
def test_clitic_goes_back_to_the_last_speaker(engine: Engine, cue: str) -> None:
    text = (
        "Wali Kota Malang Sutiaji mengatakan, protes itu wajar.\n\n"
        f"“Saya menyayangkan coretan di fasilitas umum,” {cue}."
    )
    quotes = engine.extract(text).quotes
    direct = [q for q in quotes if q.type == "direct"]
    assert direct[0].speaker is not None and direct[0].speaker.name == "Sutiaji"
    assert direct[0].speaker.resolved_by == "clitic"


def test_pronoun_after_a_cue(engine: Engine) -> None:
    text = (
        "Ketua KPK Firli Bahuri hadir di Bandung.\n\n“Yang ada setiap hari itu keramat,” ucap dia."
    )
    quote = engine.extract(text).quotes[-1]
    assert quote.speaker is not None and quote.speaker.name == "Firli Bahuri"
    assert quote.speaker.resolved_by == "pronoun"


def test_office_alone_is_the_person_holding_it(engine: Engine) -> None:
    text = (
        "Presiden Joko Widodo membuka rapat terbatas di Istana Merdeka.\n\n"
        "“Semuanya harus jalan minggu ini,” kata Presiden."
    )
    assert _by(engine, text)[-1] == ("Semuanya harus jalan minggu ini,", "Joko Widodo")


def test_short_office_form_is_the_same_office(engine: Engine) -> None:
    text = (
        "Menteri Sosial Juliari Batubara meninjau gudang bansos.\n\n"
        "“Penyaluran tidak boleh terlambat,” kata Mensos."
    )
    assert _by(engine, text)[-1] == ("Penyaluran tidak boleh terlambat,", "Juliari Batubara")


def test_alias_joins_the_full_name(engine: Engine) -> None:
    text = "Presiden Joko Widodo tiba di Bandung.\n\n“Kita harus bekerja lebih cepat,” kata Jokowi."
    result = engine.extract(text)
    assert speakers(result)[-1] == ("Kita harus bekerja lebih cepat,", "Joko Widodo")
    assert len(result.speakers) == 1


def test_description_with_a_demonstrative_points_back(engine: Engine) -> None:
    text = (
        "Politikus PDI-P Efendi Simbolon menanggapi laporan itu di Gedung DPR.\n\n"
        "“Ini seperti emak-emak yang sedang arisan,” kata politikus PDI-P itu."
    )
    assert _by(engine, text)[-1][1] == "Efendi Simbolon"


def test_unnamed_speaker_is_the_identifying_phrase(engine: Engine) -> None:
    text = "“Airnya naik sejak subuh,” kata seorang warga."
    assert _by(engine, text) == [("Airnya naik sejak subuh,", "seorang warga")]


@pytest.mark.parametrize("body", ["KPK", "BMKG", "Kremlin"])
def test_organisations_speak(engine: Engine, body: str) -> None:
    text = f"{body} menyatakan, pemeriksaan saksi akan dilanjutkan pekan depan."
    assert _by(engine, text) == [("pemeriksaan saksi akan dilanjutkan pekan depan", body)]


def test_speakers_list_has_every_mention_and_quote(engine: Engine) -> None:
    text = (
        "Wali Kota Malang Sutiaji mengaku tak mempermasalahkan tulisan itu.\n\n"
        "“Sudah sering saya di-bully,” kata Sutiaji."
    )
    result = engine.extract(text)
    (entity,) = result.speakers
    assert entity.name == "Sutiaji" and entity.role == "Wali Kota"
    assert entity.affiliation == "Malang"
    assert entity.quotes == tuple(q.id for q in result.quotes)
    for mention in entity.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_requests_and_mental_states_are_not_speech(engine: Engine) -> None:
    text = (
        "Sutiaji meminta agar protes disampaikan melalui ruang yang semestinya. "
        "Ia merasa protes itu wajar saja bagi kepala daerah."
    )
    assert engine.extract(text).quotes == ()


def test_sentence_with_a_direct_quote_is_not_also_indirect(engine: Engine) -> None:
    text = "Stoltenberg mengatakan: “Tidak ada ancaman militer terhadap sekutu mana pun.”"
    result = engine.extract(text)
    assert [q.type for q in result.quotes] == ["direct"]


def test_extraction_is_deterministic(engine: Engine) -> None:
    text = (
        "Presiden Joko Widodo membuka rapat.\n\n“Semuanya harus jalan,” kata Presiden. "
        "Menurut dia, bantuan harus segera disalurkan kepada warga."
    )
    assert engine.extract(text) == engine.extract(text)


@pytest.mark.parametrize("how", ["akrab", "karib", "biasa", "sering"])
def test_the_name_a_description_gives(engine: Engine, how: str) -> None:
    text = f"“Ini kekalahan kami yang pertama,” kata pria yang {how} disapa Djanur itu."
    assert _by(engine, text) == [("Ini kekalahan kami yang pertama,", "Djanur")]


def test_the_article_s_own_nickname_joins_the_full_name(engine: Engine) -> None:
    text = (
        "Djajang Nurjaman, yang akrab disapa Djanur, menyoroti kinerja wasit Liga 1.\n\n"
        "“Ini kekalahan kami yang pertama,” kata pria yang akrab disapa Djanur itu."
    )
    assert _by(engine, text)[-1] == ("Ini kekalahan kami yang pertama,", "Djajang Nurjaman")


def test_a_plural_description_speaks_as_itself(engine: Engine) -> None:
    text = "Beberapa pedagang menilai harga cabai di pasaran sudah tidak normal."
    assert _by(engine, text) == [("harga cabai di pasaran sudah tidak normal", "Beberapa pedagang")]


def test_an_age_and_a_place_in_apposition_leave_the_name_the_speaker(engine: Engine) -> None:
    # `Name (43), warga Place, mengatakan`: the age and the apposition stand between the name
    # and its verb; the place in the apposition is nobody a later clitic can point to.
    text = (
        "Banjir merendam puluhan rumah di Cibadak.\n\n"
        "Darsih (43), warga Cibadak, mengatakan, air datang tengah malam.\n\n"
        "“Kami mengungsi ke rumah kerabat,” ujarnya."
    )
    assert _by(engine, text)[-1] == ("Kami mengungsi ke rumah kerabat,", "Darsih")


def test_a_speaker_with_an_age_before_the_verb(engine: Engine) -> None:
    text = "Manek (60), penjual air, menuturkan, pengambilan air dari mata air makan waktu."
    quote = engine.extract(text).quotes[0]
    assert quote.type == "indirect"
    assert quote.speaker is not None and quote.speaker.name == "Manek"
    assert text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize("verb", ["mengemukakan", "menekankan"])
def test_a_name_in_apposition_at_a_verb_of_saying_is_the_subject(engine: Engine, verb: str) -> None:
    # `Office, Name, verb`: the name the office is given is who speaks next with `-nya`.
    text = (
        f"Ekonom Bank Contoh, Budi Santoso, {verb}, daya beli masyarakat menurun.\n\n"
        "“Konsumsi rumah tangga belum pulih,” ujarnya."
    )
    assert _by(engine, text)[-1] == ("Konsumsi rumah tangga belum pulih,", "Budi Santoso")


def test_a_long_office_with_confixed_nouns_keeps_its_holder(engine: Engine) -> None:
    # `dan Pengolahan`: a connector before a ke-/pe-...-an noun stays inside the office, and an
    # office of fifteen words still reaches the name after it.
    text = (
        "Menurut Kepala Seksi Pasca Panen dan Pengolahan Hasil Pertanian Dinas Ketahanan Pangan "
        "Kelautan dan Pertanian Provinsi Contoh Sri Wahyuni, jumlah gang hijau bertambah.\n\n"
        "“Ini potensi yang luar biasa,” ujarnya."
    )
    assert _by(engine, text)[-1] == ("Ini potensi yang luar biasa,", "Sri Wahyuni")


def test_a_clitic_with_no_person_before_it_goes_on_with_the_last_quote(engine: Engine) -> None:
    # No one is named between the two quotes: `katanya` keeps the speaker the article is quoting.
    text = (
        "“Sepeda jadi pilihan yang menarik,” kata Budi Santoso.\n\n"
        "“Bisa olahraga sekaligus bekerja,” katanya.\n\n"
        "Pandemi tidak mengubah kebiasaan bersepeda ke kantor.\n\n"
        "Rute yang dilalui makin jauh karena transportasi umum dihindari.\n\n"
        "“Sekarang saya hindari kereta,” katanya."
    )
    quote = engine.extract(text).quotes[-1]
    assert quote.speaker is not None and quote.speaker.name == "Budi Santoso"
    assert quote.speaker.resolved_by == "clitic"
    assert text[quote.start : quote.end] == quote.text


def test_the_subject_of_a_reported_clause_is_not_the_next_speaker(engine: Engine) -> None:
    text = (
        "“Kami siap,” kata Menteri Budi Santoso.\n\n"
        "Terkait bantuan, ia juga mengatakan, Presiden Joko Widodo memerintahkan agar bansos "
        "cepat didistribusikan.\n\n"
        "“Bagi penerima, syaratnya dipermudah,” ujarnya."
    )
    assert _by(engine, text)[-1] == ("Bagi penerima, syaratnya dipermudah,", "Budi Santoso")


@pytest.mark.parametrize("attribution", ["kata BPBD Banten", "demikian laporan BPBD Banten"])
def test_a_body_at_a_reporting_word_speaks_for_itself(engine: Engine, attribution: str) -> None:
    # Capitalised words alone after the cue name a body, not a description pointing back to
    # the person quoted before.
    text = (
        f"“Kami panik,” kata Amir, warga Kadulawang.\n\n“Tidak berpotensi tsunami,” {attribution}."
    )
    assert _by(engine, text)[-1] == ("Tidak berpotensi tsunami,", "BPBD Banten")


def test_an_office_from_a_party_keeps_its_holder(engine: Engine) -> None:
    # `dari Fraksi ...`: a connector before an institution stays inside the mention.
    text = (
        "Wakil Ketua Komisi II DPR dari Fraksi Partai Contoh Budi Santoso mengatakan, "
        "pembahasan akan dilanjutkan.\n\n“Kami tunggu draf dari pemerintah,” ujarnya."
    )
    assert _by(engine, text)[-1] == ("Kami tunggu draf dari pemerintah,", "Budi Santoso")


def test_a_clause_after_a_subordinate_verb_is_not_reported(engine: Engine) -> None:
    # `Usai menjelaskan, Budi ...`: the comma after the verb closes an adverbial clause; Budi
    # is the subject of the sentence, not of something reported.
    text = (
        "Menteri Ani Lestari meninjau gudang beras.\n\n"
        "Usai menjelaskan, Budi Santoso memastikan stok aman.\n\n"
        "“Tidak perlu panik,” katanya."
    )
    assert _by(engine, text) == [("Tidak perlu panik,", "Budi Santoso")]


def test_a_venue_after_dari_is_not_the_speaker_s_body(engine: Engine) -> None:
    text = "“Kami siap,” kata Ketua Umum Partai Contoh Budi Santoso dari Istana Merdeka."
    quote = engine.extract(text).quotes[0]
    assert quote.speaker is not None and quote.speaker.name == "Budi Santoso"
    assert "Istana" not in (quote.speaker.affiliation or "")
    assert text[quote.start : quote.end] == quote.text


def test_a_subordinate_verb_is_skipped_for_the_reporting_one(engine: Engine) -> None:
    text = (
        "Saat menyampaikan arahannya, Presiden Joko Widodo mengatakan, hubungan pusat dan "
        "daerah harus diperkuat."
    )
    quote = only(engine.extract(text))
    assert quote.speaker is not None and quote.speaker.name == "Joko Widodo"
    assert quote.text == "hubungan pusat dan daerah harus diperkuat"
    assert text[quote.start : quote.end] == quote.text


def test_a_capitalised_reporting_word_mid_sentence_stands_before_the_name(engine: Engine) -> None:
    text = (
        "Adapun pelajar yang dikirim tersebut Disebutkan Kepala Sekolah MAN Bulungan Masran "
        "ialah siswa kelas XI.\n\n"
        "“Ada 142 pelajar yang mengikuti kegiatan ini,” ungkapnya."
    )
    result = engine.extract(text)
    check_offsets(text, result)
    direct = [q for q in result.quotes if q.type == "direct"]
    speaker = direct[0].speaker
    assert speaker is not None and speaker.name is not None and "Masran" in speaker.name.split()
