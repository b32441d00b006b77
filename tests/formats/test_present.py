"""present_result: text, HTML offsets and highlighted HTML added as the caller asks."""

from __future__ import annotations

from typing import Any

from kutip.engine import Engine
from kutip.formats.html import html_to_text
from kutip.formats.present import present_result

from .helpers import check_offsets

SOURCE = (
    "<p>&ldquo;Kami siap,&rdquo; kata Budi Santoso.</p>"
    "<p>&ldquo;Ya <b>benar</b>,&rdquo; ujarnya.</p>"
)


def result_for(engine: Engine, text: str) -> dict[str, Any]:
    result = engine.extract(text).to_dict()
    assert result["quotes"]
    check_offsets(text, result)
    return result


def without_context(body: dict[str, Any]) -> dict[str, Any]:
    quotes = [{k: v for k, v in q.items() if k not in ("prefix", "suffix")} for q in body["quotes"]]
    return {**body, "quotes": quotes}


def test_plain_text_is_left_as_it_is_unless_asked(engine: Engine) -> None:
    text = "“Kami siap,” kata Budi Santoso."
    result = result_for(engine, text)
    assert without_context(present_result(result, text=text)) == result
    assert [text[q["start"] : q["end"]] for q in result["quotes"]] == ["Kami siap,"]
    with_text = present_result(result, text=text, include_text=True)
    assert without_context(with_text) == {**result, "text": text}
    assert "html_start" not in with_text["quotes"][0]


def test_every_quote_has_its_position_and_a_text_quote_selector(engine: Engine) -> None:
    text = (
        "Judul berita\n\nPagi itu hujan. “Kami siap,” kata Budi Santoso. Ia tersenyum.\n\n"
        "Menurut dia, “Semua aman dan terkendali sampai hari pemungutan suara,” ujarnya."
    )
    body = present_result(result_for(engine, text), text=text)
    first, second = body["quotes"]
    assert (first["text"], first["paragraph"], first["sentence"]) == ("Kami siap,", 1, 2)
    assert (first["prefix"], first["suffix"]) == (
        "Judul berita\n\nPagi itu hujan. “",
        "” kata Budi Santoso. Ia tersenyu",  # 32 code points
    )
    assert second["text"].startswith("Semua aman") and second["paragraph"] == 2
    assert second["sentence"] == 4
    for quote in body["quotes"]:
        # The selector re-finds the quote: prefix + exact + suffix occurs once, right here.
        selector = quote["prefix"] + quote["text"] + quote["suffix"]
        assert text.count(selector) == 1
        assert text.index(selector) == quote["start"] - len(quote["prefix"])
        assert len(quote["prefix"]) <= 32 and len(quote["suffix"]) <= 32


def test_html_articles_get_text_and_html_offsets(engine: Engine) -> None:
    markup = html_to_text(SOURCE)
    result = result_for(engine, markup.text)
    body = present_result(result, text=markup.text, markup=markup)
    assert body["text"] == markup.text
    for quote in body["quotes"]:
        assert markup.text[quote["start"] : quote["end"]] == quote["text"]
    first, second = body["quotes"]
    assert SOURCE[first["html_start"] : first["html_end"]] == "Kami siap,"
    # inline markup inside the quote: the HTML range holds the tags too
    assert second["text"] == "Ya benar,"
    assert SOURCE[second["html_start"] : second["html_end"]] == "Ya <b>benar</b>,"
    assert "html_start" not in result["quotes"][0]  # the engine's result is not changed


def test_output_html(engine: Engine) -> None:
    text = "“Kami siap,” kata Budi Santoso."
    plain = present_result(result_for(engine, text), text=text, output="html")
    assert plain["html"].startswith('<article class="kutip-article"><p>“<mark ')
    markup = html_to_text(SOURCE)
    rich = present_result(
        result_for(engine, markup.text), text=markup.text, markup=markup, output="html"
    )
    assert rich["html"].startswith('<p>&ldquo;<mark class="kutip-quote kutip-direct"')
    # the second quote is marked in each of its three runs: "Ya ", "benar" (inside <b>), ","
    assert rich["html"].count("<mark ") == 4
    assert "<b><mark " in rich["html"]
