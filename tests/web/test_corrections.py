"""Item 5: corrections in the page (speaker, type, drop, a missed quote by selection or by its
words) and the corrected result as JSON, CSV (UTF-8 with BOM) and a gold line that `kutip eval`
scores."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import download, extract

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

KUTIP = Path(sys.executable).with_name("kutip")

# Selects `phrase` in the article as a reader would, from the text nodes the reader sees (chips
# and screen reader notes left out): independent of selection.js, which reads it back.
SELECT = """phrase => {
  const nodes = [];
  const walker = document.createTreeWalker(
    document.getElementById('article-view'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.parentElement.closest('[data-extra]')) nodes.push(walker.currentNode);
  }
  const text = nodes.map(n => n.data).join('');
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error('not shown: ' + phrase);
  const point = offset => {
    for (const node of nodes) {
      if (offset <= node.data.length) return [node, offset];
      offset -= node.data.length;
    }
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + phrase.length));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def kutip_eval(gold: Path) -> dict[str, Any]:
    run = subprocess.run(
        [str(KUTIP), "eval", str(gold), "--json"], capture_output=True, text=True, check=True
    )
    figures: dict[str, Any] = json.loads(run.stdout)
    return figures


def open_quote(page: Page, quote_id: str) -> None:
    page.click(f'button[data-chip-for="{quote_id}"]')
    assert page.locator("#details").is_visible()


def test_corrections_change_the_csv_and_the_gold_line(
    page: Page, seed_text: str, tmp_path: Path
) -> None:
    body = extract(page, seed_text)
    quotes = {q["id"]: q for q in body["quotes"]}
    assert list(quotes) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    biden = next(s for s in body["speakers"] if s["name"] == "Joe Biden")

    # Uncorrected, the gold line is the engine's own answer: everything scores 1.
    before = download(page, "#export-gold", tmp_path)
    assert before.name.endswith(".gold.jsonl")
    figures = kutip_eval(before)
    assert figures["gold_quotes"] == figures["pred_quotes"] == 6
    assert figures["end_to_end"]["f1"] == 1.0 and figures["attribution"] == 1.0

    # q3 is Biden's (a person of the article), q4 is direct, q1 is no quote.
    open_quote(page, "q3")
    page.select_option("#details-speaker", biden["id"])
    page.click("#details-apply")
    assert page.locator("#details-status").inner_text() == "Koreksi disimpan."
    page.keyboard.press("Escape")
    assert page.locator('mark[data-quote-id="q3"]').first.get_attribute("data-speaker") == (
        "Joe Biden"
    )
    open_quote(page, "q4")
    page.select_option("#details-type", "direct")
    page.click("#details-apply")
    page.keyboard.press("Escape")
    open_quote(page, "q1")
    page.click("#details-drop")
    assert page.locator("#details").is_hidden()
    assert page.locator('mark[data-quote-id="q1"]').count() == 0

    # A missed one by selecting it; its speaker typed (an existing name joins that person).
    missed = "Komentar Stoltenberg muncul di tengah meningkatnya permintaan bantuan senjata"
    page.evaluate(SELECT, missed)
    page.click("#add-button")
    assert page.locator("#details").is_visible()  # the new quote's details, to name its speaker
    assert page.locator("#details-quote").inner_text() == missed
    page.select_option("#details-speaker", "__other__")
    page.fill("#details-name", "jens stoltenberg")
    page.click("#details-apply")
    page.keyboard.press("Escape")
    # Another by typing its words (the keyboard way); nobody named.
    typed = "Para pemimpin Barat juga menyerukan bantuan yang lebih besar."
    page.click("#add-button")
    page.fill("#add-words", typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert page.locator("#summary").inner_text().endswith("6 koreksi")

    # CSV: BOM, a header in the page's language, one row per quote, the corrections in it.
    raw = download(page, "#export-csv", tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:6] == ["No", "Narasumber", "Jabatan", "Afiliasi", "Jenis", "Kutipan"]
    table = {row[5]: row for row in rows[1:]}
    assert len(table) == 7
    assert quotes["q1"]["text"] not in table
    assert table[quotes["q3"]["text"]][1] == "Joe Biden"
    assert table[quotes["q3"]["text"]][11] == "speaker"
    assert table[quotes["q4"]["text"]][4] == "langsung"
    assert table[missed][1] == "Jens Stoltenberg" and table[missed][11] == "added speaker"
    assert table[typed][1] == "" and table[typed][4] == "tidak langsung"

    # The gold line: FORMAT.md's fields, offsets into its text, the corrections in it.
    gold_file = download(page, "#export-gold", tmp_path / "after")
    (line,) = gold_file.read_text(encoding="utf-8").splitlines()
    gold = json.loads(line)
    assert gold["text"] == seed_text and gold["annotated"] == ["direct", "indirect"]
    for quote in gold["quotes"]:
        assert gold["text"][quote["start"] : quote["end"]] == quote["text"]
        assert set(quote) >= {"start", "end", "text", "type", "speaker", "cue"}
    by_text = {q["text"]: q for q in gold["quotes"]}
    assert by_text[quotes["q3"]["text"]]["speaker"] == "Joe Biden"
    assert by_text[quotes["q4"]["text"]]["type"] == "direct"
    assert by_text[missed]["speaker"] == "Jens Stoltenberg" and by_text[missed]["cue"] is None

    # Scored by `kutip eval`: 5 of the engine's 6 quotes match the 7 of the gold, 4 of those
    # 5 with the right speaker (q3 is Biden's now).
    figures = kutip_eval(gold_file)
    assert (figures["gold_quotes"], figures["pred_quotes"]) == (7, 6)
    assert figures["quote"]["p"] == pytest.approx(5 / 6, abs=1e-3)
    assert figures["quote"]["r"] == pytest.approx(5 / 7, abs=1e-3)
    assert figures["attribution"] == pytest.approx(4 / 5, abs=1e-3)
    assert figures["end_to_end"]["p"] == pytest.approx(4 / 6, abs=1e-3)

    # JSON: the service's shape, corrected.
    exported = json.loads(download(page, "#export-json", tmp_path).read_text(encoding="utf-8"))
    assert exported["corrections"] == 6
    assert [q["id"] for q in exported["quotes"]].count("q1") == 0
    q3 = next(q for q in exported["quotes"] if q["id"] == "q3")
    assert q3["speaker"]["entity"] == biden["id"] and q3["corrected"] == ["speaker"]
    assert "q3" in next(s for s in exported["speakers"] if s["id"] == biden["id"])["quotes"]

    # Undo: back to the service's answer.
    page.click("#reset-button")
    assert page.locator("#quote-table tbody tr").count() == 6


def test_a_selection_across_a_mark_and_its_chip_reads_back_as_offsets(
    page: Page, seed_text: str
) -> None:
    extract(page, seed_text)
    phrase = "tempo tinggi,” katanya kepada"
    page.evaluate(SELECT, phrase)
    offsets = page.evaluate(
        "() => window.kutipSelection.offsets(document.getElementById('article-view'), "
        "window.document.getElementById('article-input').value)"
    )
    start = seed_text.index(phrase)
    assert offsets == [start, start + len(phrase)]


def test_a_selection_that_is_already_a_quote_is_refused(page: Page) -> None:
    extract(page, "“Kami siap menghadapi banjir,” kata Budi Santoso.")
    page.evaluate(SELECT, "Kami siap menghadapi banjir,")
    page.click("#add-button")
    assert page.locator("#add-status").inner_text() == "Teks itu sudah menjadi kutipan."
    assert page.locator("#details").is_hidden()
    page.click("#add-button")  # no selection now: the words are asked for
    page.fill("#add-words", "tidak ada di artikel")
    page.click("#add-find")
    assert page.locator("#add-status").inner_text() == (
        "Kata-kata itu tidak ditemukan di luar kutipan yang sudah ada."
    )
