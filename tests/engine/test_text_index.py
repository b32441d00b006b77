"""TextIndex word lookups: whole words in any case, offsets into the untouched text."""

from __future__ import annotations

from kutip.engine.text import PhraseSet, TextIndex


def _words_at(text: str, offsets: list[int]) -> list[str]:
    return [text[at:].split()[0].strip(",.") for at in offsets]


def test_positions_of_finds_whole_words_in_any_case() -> None:
    text = "Katanya begitu. Ia mengatakan, kata-kata itu katanya’ benar; KATA dia."
    index = TextIndex(text)
    found = index.positions_of(frozenset({"katanya", "kata"}))
    assert _words_at(text, found) == ["Katanya", "katanya’", "KATA"]
    assert found == sorted(found)
    # `kata-kata` is one word, not `kata`; `mengatakan` holds `kata` but is another word.
    assert text.index("kata-kata") not in found


def test_positions_of_keeps_offsets_when_lower_casing_changes_length() -> None:
    # `İ` lower-cases to two code points: offsets must still index the text as sent.
    text = "İstanbul dikunjungi. Menurut İrfan, kata Budi, semua baik."
    index = TextIndex(text)
    found = index.positions_of(frozenset({"kata", "menurut"}))
    assert [text[at : at + 7].lower() for at in found] == ["menurut", "kata bu"]
    assert text[found[1] : found[1] + 4] == "kata"


def test_positions_of_a_word_joined_to_the_one_before_is_not_a_word_start() -> None:
    text = "x’kata dan 'kata' dan -kata"
    found = TextIndex(text).positions_of(frozenset({"kata"}))
    # `x’kata` is one word; a quotation mark or a hyphen with nothing before it is not.
    assert found == [text.index("'kata") + 1, text.index("-kata") + 1]


def test_phrases_at_needs_white_space_around_the_phrase() -> None:
    text = "Menurut  pengakuan X, menurut pengakuan Y, (kata Z) dan kata W."
    phrases = PhraseSet(frozenset({"menurut pengakuan", "kata"}))
    spans = TextIndex(text).phrases_at(phrases)
    assert [text[a:b] for a, b in spans] == ["menurut pengakuan", "kata"]
    assert spans[1][0] == text.index("kata W")


def test_words_between_reads_whole_words_that_start_inside() -> None:
    text = "Wali Kota Malang Sutiaji mengatakannya’ kemarin."
    index = TextIndex(text)
    start = text.index("ota Malang")  # inside `Kota`: that word began before
    end = text.index("mengatakannya") + 3  # inside the last word: read whole
    assert index.words_between(start, end) == ["malang", "sutiaji", "mengatakannya"]
    assert index.words_between(0, len(text)) == [
        "wali",
        "kota",
        "malang",
        "sutiaji",
        "mengatakannya",
        "kemarin",
    ]


def test_vocabulary_is_every_distinct_word_as_written() -> None:
    index = TextIndex("Kata dia, kata mereka: Kata.")
    assert index.vocabulary() == frozenset({"Kata", "dia", "kata", "mereka"})
