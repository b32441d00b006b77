"""Offsets for JavaScript clients, checked by a real JavaScript engine: the page's Chromium.

JavaScript strings are UTF-16: after an emoji (two code units), code point offsets slice the
wrong text. With ``offset_unit: utf16`` every offset in the answer is one JavaScript can use as
it is, and with ``utf8`` one that indexes the bytes of TextEncoder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Emoji before, inside and after the quotes, and before the speaker's name.
ARTICLE = (
    "🎉🎉 Warga bersorak di Medan 🇮🇩.\n\n"
    "“Kami siap menghadapi pemilu 😀,” kata Budi Santoso.\n\n"
    "Ia menambahkan, “Semua aman 👍.”"
)

# Runs in the page: asks kutip (same origin) and slices what it says in each unit.
SLICE = """async ([article, unit, how]) => {
  const url = how === 'query' ? '/v1/extract?offset_unit=' + unit : '/v1/extract';
  const init = how === 'query'
    ? {method: 'POST', headers: {'Content-Type': 'text/plain; charset=utf-8'}, body: article}
    : {method: 'POST', headers: {'Content-Type': 'application/json'},
       body: JSON.stringify({text: article, offset_unit: unit})};
  const answer = await (await fetch(url, init)).json();
  const bytes = new TextEncoder().encode(article);
  const slice = (start, end) => unit === 'utf8'
    ? new TextDecoder().decode(bytes.slice(start, end))
    : unit === 'utf16' ? article.slice(start, end)
    : Array.from(article).slice(start, end).join('');
  const spans = [];
  for (const q of answer.quotes) {
    spans.push([slice(q.start, q.end), q.text]);
    if (q.speaker && q.speaker.mention) {
      spans.push([slice(q.speaker.mention.start, q.speaker.mention.end), q.speaker.mention.text]);
    }
    if (q.cue) spans.push([slice(q.cue.start, q.cue.end), q.cue.word]);
  }
  for (const s of answer.speakers) {
    for (const m of s.mentions) spans.push([slice(m.start, m.end), m.text]);
  }
  const naive = answer.quotes.map(q => article.slice(q.start, q.end));
  return {unit: answer.offset_unit, spans, naive, quotes: answer.quotes.map(q => q.text)};
}"""


def slices(page: Page, unit: str, how: str = "json") -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(SLICE, [ARTICLE, unit, how])
    return result


@pytest.mark.parametrize("how", ["json", "query"])
def test_utf16_offsets_slice_javascript_strings(page: Page, how: str) -> None:
    result = slices(page, "utf16", how)
    assert result["unit"] == "utf16"
    assert result["quotes"] == ["Kami siap menghadapi pemilu 😀,", "Semua aman 👍."]
    assert len(result["spans"]) >= 5  # quotes, the speaker's mentions, the cue
    for sliced, expected in result["spans"]:
        assert sliced == expected
    assert result["naive"] == result["quotes"]  # JavaScript's own slice, nothing converted


def test_code_point_offsets_are_wrong_in_javascript_after_an_emoji(page: Page) -> None:
    result = slices(page, "codepoint")
    assert result["unit"] == "codepoint"
    for sliced, expected in result["spans"]:  # right when sliced by code points (Array.from)
        assert sliced == expected
    assert all(n != q for n, q in zip(result["naive"], result["quotes"], strict=True))


def test_utf8_offsets_slice_the_bytes(page: Page) -> None:
    result = slices(page, "utf8")
    assert result["unit"] == "utf8" and result["spans"]
    for sliced, expected in result["spans"]:
        assert sliced == expected
