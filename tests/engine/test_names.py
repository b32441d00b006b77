"""Splitting a mention into title, role, affiliation and name."""

from __future__ import annotations

import pytest

from kutip.engine import Engine
from kutip.engine.people.mentions import Vocabulary
from kutip.engine.people.names import MentionParser


@pytest.fixture(scope="module")
def parser(engine: Engine) -> MentionParser:
    return MentionParser(engine.rulebook.lexicon)


@pytest.mark.parametrize(
    ("mention", "name", "role", "affiliation"),
    [
        (
            "Kepala Unit Reserse Kriminal Kepolisian Sektor Tamansari Ajun Komisaris "
            "Roland Manurung",
            "Roland Manurung",
            "Kepala Unit Reserse Kriminal",
            "Kepolisian Sektor Tamansari",
        ),
        ("Presiden Joe Biden", "Joe Biden", "Presiden", None),
        (
            "Sekretaris Jenderal NATO Jens Stoltenberg",
            "Jens Stoltenberg",
            "Sekretaris Jenderal",
            "NATO",
        ),
        (
            "Menteri Keuangan Sri Mulyani Indrawati",
            "Sri Mulyani Indrawati",
            "Menteri Keuangan",
            None,
        ),
        ("Kanselir Jerman Olaf Scholz", "Olaf Scholz", "Kanselir", "Jerman"),
        ("Wali Kota Malang Sutiaji", "Sutiaji", "Wali Kota", "Malang"),
        ("Gubernur Jawa Barat Ridwan Kamil", "Ridwan Kamil", "Gubernur", "Jawa Barat"),
        ("Ketua KPK Firli Bahuri", "Firli Bahuri", "Ketua", "KPK"),
        ("Prof. Dr. H. Ahmad, S.H.", "Ahmad", None, None),
        ("Kepala Dusun Nglahar, Kecamatan Moyudan, Wahyu Wibowo", "Wahyu Wibowo", "Kepala", None),
    ],
)
def test_mention_parts(
    parser: MentionParser, mention: str, name: str, role: str | None, affiliation: str | None
) -> None:
    parts = parser.parse(mention)
    assert parts.kind == "name"
    assert parts.name == name
    assert parts.role == role
    if affiliation is not None or role is None:
        assert parts.affiliation == affiliation


def test_title_is_kept_apart(parser: MentionParser) -> None:
    parts = parser.parse("Ajun Komisaris Besar Sandi Sultan")
    assert (parts.name, parts.title) == ("Sandi Sultan", "Ajun Komisaris Besar")


@pytest.mark.parametrize(
    ("mention", "kind"),
    [("dia", "pronoun"), ("Presiden", "role"), ("politikus PDIP itu", "description")],
)
def test_mention_kinds(parser: MentionParser, mention: str, kind: str) -> None:
    assert parser.parse(mention).kind == kind


def test_article_vocabulary_decides_where_a_name_starts(parser: MentionParser) -> None:
    # `Sutiaji` used alone elsewhere in the article: the office's place is one word.
    vocab = Vocabulary(names=frozenset({"Sutiaji"}))
    assert parser.parse("Wali Kota Sutiaji", vocab).name == "Sutiaji"
    # A capitalised word the article also writes in lower case is no name.
    common = Vocabulary(common=frozenset({"praktis"}))
    assert parser.parse("Praktis", common).kind != "name"


@pytest.mark.parametrize(
    "mention", ["warga Cibadak", "pengamat wilayah Mappi Raya", "penduduk Cikaso Hilir"]
)
def test_capitals_after_a_place_noun_are_a_place(parser: MentionParser, mention: str) -> None:
    assert parser.parse(mention).kind != "name"


def test_a_name_the_article_uses_survives_a_place_noun(parser: MentionParser) -> None:
    # One word after the place: no name, unless the article names someone so at a cue.
    assert parser.parse("warga Cibadak Sarkim").kind != "name"
    spoken = Vocabulary(names=frozenset({"Sarkim"}), spoken=frozenset({"Sarkim"}))
    assert parser.parse("warga Cibadak Sarkim", spoken).name == "Sarkim"


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("politikus asal Sumatera Barat Andre Rosiade", "Andre Rosiade"),
        ("pengusaha asal Cibadak Budi Santoso", "Budi Santoso"),
        ("Warga Cibadak Budi Santoso", "Budi Santoso"),
    ],
)
def test_two_words_after_a_place_are_a_name(parser: MentionParser, mention: str, name: str) -> None:
    assert parser.parse(mention).name == name


def test_a_place_the_article_makes_a_subject_is_still_a_place(parser: MentionParser) -> None:
    # `Manado menerapkan jam malam` makes `Manado` a subject, not a name: only a word named at
    # a reporting word (`kata Vicky`) may pull a place into the name.
    vocab = Vocabulary(names=frozenset({"Lolayan"}), spoken=frozenset())
    assert parser.parse("Kapolres Lolayan Caroll Senduk", vocab).name == "Caroll Senduk"
    assert parser.parse("Kepala Polres Lolayan Caroll Senduk", vocab).name == "Caroll Senduk"
    spoken = Vocabulary(names=frozenset({"Lolayan"}), spoken=frozenset({"Lolayan"}))
    assert parser.parse("Kapolres Lolayan Caroll Senduk", spoken).name == "Lolayan Caroll Senduk"


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Kepala Dinas Kesehatan Jatim Budi Santoso", "Budi Santoso"),
        ("Ketua KPU Sulsel Andi Baso", "Andi Baso"),
        ("Direktur Walhi Jambi Rahmat Hidayat", "Rahmat Hidayat"),
        ("Sejarawan Yogyakarta Heri Santoso", "Heri Santoso"),
        ("Bupati Lombok Barat Agus Salim", "Agus Salim"),
        ("Ketua Bawaslu Lampung Selatan Rahmat Hidayat", "Rahmat Hidayat"),
        ("Direktur Pemasaran Pertamina Budi Santoso", "Budi Santoso"),
        ("Ketua DPD Gerindra Sumatera Barat Andi Baso", "Andi Baso"),
        ("Peneliti Justice Reform Institute Budi Santoso", "Budi Santoso"),
        ("Kepala Biro Humas Kemenperin Budi Santoso", "Budi Santoso"),
        ("Rektor Unair Budi Santoso", "Budi Santoso"),
    ],
)
def test_a_place_or_an_organisation_before_a_name_is_not_part_of_it(
    parser: MentionParser, mention: str, name: str
) -> None:
    assert parser.parse(mention).name == name


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Deputi Bidang Kemiskinan Sri Wahyuni", "Sri Wahyuni"),
        ("Direktur Utama PT Bank Contoh Tbk Budi Santoso", "Budi Santoso"),
    ],
)
def test_confixed_nouns_and_tbk_are_never_name_words(
    parser: MentionParser, mention: str, name: str
) -> None:
    assert parser.parse(mention).name == name


@pytest.mark.parametrize(
    ("mention", "name", "role"),
    [
        ("Reynaldi dari PT Contoh Jaya", "Reynaldi", None),
        (
            "Wakil Ketua Komisi II DPR dari Fraksi Partai Contoh Budi Santoso",
            "Budi Santoso",
            "Wakil Ketua",
        ),
    ],
)
def test_the_body_after_dari_is_the_affiliation(
    parser: MentionParser, mention: str, name: str, role: str | None
) -> None:
    parts = parser.parse(mention)
    assert (parts.kind, parts.name, parts.role) == ("name", name, role)
    assert parts.affiliation is not None and "Contoh" in parts.affiliation


@pytest.mark.parametrize("word", ["Tujuannya", "Rekannya", "Pihaknya", "Perkebunan"])
def test_nouns_that_open_a_sentence_are_no_name(parser: MentionParser, word: str) -> None:
    assert parser.parse(word).kind != "name"


@pytest.mark.parametrize("name", ["Pebriawan Santoso", "Saranya Wong", "Kurniawan Hadi"])
def test_given_names_that_look_like_noun_forms_stay_names(parser: MentionParser, name: str) -> None:
    assert parser.parse(name).name == name
