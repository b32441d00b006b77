"""Offsets in code points, UTF-16 code units and UTF-8 bytes: every offset of an answer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kutip.engine import Engine
from kutip.formats.html import html_to_text
from kutip.formats.offsets import (
    OFFSET_UNITS,
    OffsetUnit,
    convert_answer,
    offset_table,
    unit_length,
)
from kutip.formats.present import present_result

ARTICLE = "🎉 Warga 🇮🇩.\n\n“Kami siap 😀,” kata Budi Santoso.\n\nIa menambahkan, “Semua aman.”"
ENCODING = {"utf16": "utf-16-le", "utf8": "utf-8"}
WIDTH = {"utf16": 2, "utf8": 1}


def sliced(text: str, unit: str, start: int, end: int) -> str:
    """``text[start:end]`` with offsets in ``unit``, the way a client in that unit slices."""
    if unit == "codepoint":
        return text[start:end]
    raw = text.encode(ENCODING[unit])
    return raw[start * WIDTH[unit] : end * WIDTH[unit]].decode(ENCODING[unit])


def spans(answer: dict[str, Any]) -> list[tuple[int, int, str]]:
    out = []
    for quote in answer["quotes"]:
        out.append((quote["start"], quote["end"], quote["text"]))
        if quote["speaker"] and quote["speaker"]["mention"]:
            mention = quote["speaker"]["mention"]
            out.append((mention["start"], mention["end"], mention["text"]))
        if quote["cue"]:
            out.append((quote["cue"]["start"], quote["cue"]["end"], quote["cue"]["word"]))
    for speaker in answer["speakers"]:
        out.extend((m["start"], m["end"], m["text"]) for m in speaker["mentions"])
    return out


@pytest.mark.parametrize("unit", OFFSET_UNITS)
def test_every_offset_of_an_answer_is_converted(engine: Engine, unit: str) -> None:
    answer = engine.extract(ARTICLE).to_dict()
    found = spans(answer)
    assert len(found) >= 6
    converted = convert_answer(answer, ARTICLE, unit)  # type: ignore[arg-type]
    assert len(spans(converted)) == len(found)
    for start, end, text in spans(converted):
        assert sliced(ARTICLE, unit, start, end) == text
    if unit != "codepoint":
        assert spans(converted) != found  # the emoji before every span moved it
    assert answer == engine.extract(ARTICLE).to_dict()  # the engine's answer is not touched


@pytest.mark.parametrize("unit", ["utf16", "utf8"])
def test_html_offsets_index_the_html_in_the_same_unit(engine: Engine, unit: str) -> None:
    source = "<p>😀 &ldquo;Kami siap 🎉,&rdquo; kata Budi.</p>"
    markup = html_to_text(source)
    answer = present_result(engine.extract(markup.text).to_dict(), text=markup.text, markup=markup)
    (quote,) = answer["quotes"]
    converted = convert_answer(answer, markup.text, unit, source)  # type: ignore[arg-type]
    (moved,) = converted["quotes"]
    assert sliced(source, unit, moved["html_start"], moved["html_end"]) == "Kami siap 🎉,"
    assert sliced(markup.text, unit, moved["start"], moved["end"]) == quote["text"]


def test_warning_offsets_are_converted(engine: Engine) -> None:
    text = "😀😀 Ia berkata, “tanpa penutup"
    answer = engine.extract(text).to_dict()
    (warning,) = answer["warnings"]
    at = text.index("“")
    assert f"at offset {at}" in warning
    (moved,) = convert_answer(answer, text, "utf16")["warnings"]
    assert f"at offset {at + 2}" in moved


@given(st.text(max_size=60))
def test_tables_agree_with_the_encoders(text: str) -> None:
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no lone surrogates
    units: tuple[OffsetUnit, ...] = ("utf16", "utf8")
    for unit in units:
        table = offset_table(text, unit)
        size = len(text.encode(ENCODING[unit])) // WIDTH[unit]
        assert len(table) == len(text) + 1
        assert table[-1] == unit_length(text, unit) == size
        for i in range(len(text) + 1):
            assert table[i] == len(text[:i].encode(ENCODING[unit])) // WIDTH[unit]
    assert list(offset_table(text, "codepoint")) == list(range(len(text) + 1))
