"""The sloppy-typography helper (tests/typography.py): each kind retypes the marks it should,
the gold offsets follow, and a quote's content never changes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kutip.evaluation import load_jsonl
from tests.conftest import SHARED
from tests.typography import KINDS, plan, retype, retype_article

TEXT = (
    "“Kami sudah siap,” ujarnya. Menurut dia, persiapan sudah matang.\n\n"
    '“Kami akan terus bekerja,” kata Budi. Ia menyebut "Semua aman." Dia pulang.\n\n'
    "Budi menyebut langkah itu “tidak masuk akal” bagi warga."
)


def _quote(piece: str, kind: str = "direct") -> dict[str, Any]:
    start = TEXT.index(piece)
    return {"start": start, "end": start + len(piece), "text": piece, "type": kind}


QUOTES = [
    _quote("Kami sudah siap,"),
    _quote("persiapan sudah matang", "indirect"),
    _quote("Kami akan terus bekerja,"),
    _quote("Semua aman."),
    # Marks inside a mixed quote are its content: never retyped.
    _quote("langkah itu “tidak masuk akal” bagi warga", "mixed"),
]


def _check(text: str, quotes: list[dict[str, Any]]) -> None:
    for quote in quotes:
        assert text[quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.parametrize(
    ("kind", "first_paragraph", "second_paragraph", "marks"),
    [
        (
            "glued",
            "“Kami sudah siap,”ujarnya.",
            '“Kami akan terus bekerja,”kata Budi. Ia menyebut "Semua aman."Dia pulang.',
            3,
        ),
        (
            "straight",
            '"Kami sudah siap," ujarnya.',
            '"Kami akan terus bekerja," kata Budi. Ia menyebut "Semua aman." Dia pulang.',
            4,  # the straight pair stays as it is
        ),
        (
            "spaced",
            "“ Kami sudah siap, ” ujarnya.",
            '“ Kami akan terus bekerja, ” kata Budi. Ia menyebut " Semua aman. " Dia pulang.',
            6,
        ),
        (
            "close-opens",
            "”Kami sudah siap,” ujarnya.",
            '”Kami akan terus bekerja,” kata Budi. Ia menyebut ”Semua aman." Dia pulang.',
            3,  # closers stay
        ),
    ],
)
def test_each_kind_retypes_its_marks(
    kind: str, first_paragraph: str, second_paragraph: str, marks: int
) -> None:
    out = retype(TEXT, QUOTES, [kind])
    first, second, third = out.text.split("\n\n")
    assert first.startswith(first_paragraph)
    assert second == second_paragraph
    assert third == "Budi menyebut langkah itu “tidak masuk akal” bagi warga."
    assert out.applied == {kind: marks}
    _check(out.text, out.quotes)
    assert [q["text"] for q in out.quotes] == [q["text"] for q in QUOTES]


def test_offsets_move_with_the_inserted_and_removed_characters() -> None:
    spaced = retype(TEXT, QUOTES, ["spaced"])
    # One space inside the first opening mark, so the first quote starts one later; the
    # indirect quote after the first pair has two spaces before it.
    assert spaced.quotes[0]["start"] == QUOTES[0]["start"] + 1
    assert spaced.quotes[1]["start"] == QUOTES[1]["start"] + 2
    glued = retype(TEXT, QUOTES, ["glued"])
    assert glued.quotes[0]["start"] == QUOTES[0]["start"]
    assert glued.quotes[1]["start"] == QUOTES[1]["start"] - 1
    assert glued.quotes[4]["start"] == QUOTES[4]["start"] - 3


def test_all_kinds_draw_per_mark_deterministically() -> None:
    outs = [retype(TEXT, QUOTES, KINDS, seed=seed) for seed in range(8)]
    assert retype(TEXT, QUOTES, KINDS, seed=3) == outs[3]
    assert len({out.text for out in outs}) > 1
    drawn: set[str] = set()
    for out in outs:
        _check(out.text, out.quotes)
        # With every kind allowed and rate 1, each of the six marks outside the mixed quote
        # is retyped (each fits spaced at least).
        assert sum(out.applied.values()) == 6
        drawn |= set(out.applied)
    assert drawn == set(KINDS)


def test_rate_leaves_some_marks_as_they_were() -> None:
    assert retype(TEXT, QUOTES, KINDS, rate=0.0).text == TEXT
    counts = {sum(retype(TEXT, QUOTES, KINDS, seed=s, rate=0.5).applied.values()) for s in range(8)}
    assert max(counts) > 0 and min(counts) < 6


def test_ignore_spans_are_protected_and_remapped() -> None:
    text = "“Satu,” kata A. “Dua,” kata B."
    quotes = [{"start": 1, "end": 6, "text": "Satu,", "type": "direct"}]
    ignore = [{"start": 17, "end": 21}]
    assert text[17:21] == "Dua,"
    out = retype(text, quotes, ["spaced"], ignore_spans=ignore)
    assert out.text == "“ Satu, ” kata A. “ Dua, ” kata B."
    assert out.ignore_spans == [{"start": 20, "end": 24}]
    assert out.text[20:24] == "Dua,"


def test_retype_article_keeps_the_other_fields() -> None:
    article = {"id": "x-1", "source": "s", "text": TEXT, "quotes": QUOTES, "annotated": ["direct"]}
    new, applied = retype_article(article, ["straight"])
    assert new["id"] == "x-1" and new["source"] == "s" and new["annotated"] == ["direct"]
    assert "ignore_spans" not in new
    assert applied == {"straight": 4}
    _check(new["text"], new["quotes"])
    # The article's id is the default seed.
    assert retype_article(article)[0] == retype_article(article, seed="x-1")[0]
    assert article["text"] == TEXT  # the input is not changed


def test_apostrophes_and_single_marks_are_left_alone() -> None:
    text = "“Ma’ruf bilang ‘siap’,” kata Jum'at."
    quotes = [{"start": 1, "end": 22, "text": "Ma’ruf bilang ‘siap’,", "type": "direct"}]
    out = retype(text, quotes, ["straight"])
    assert out.text == '"Ma’ruf bilang ‘siap’," kata Jum\'at.'


def test_an_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        plan("no marks here", [], ["curly"])


_OPEN = ("“", "”", '"', "“ ", "")  # "" : a quote carried over from the paragraph before
_CLOSE = ("”", '"', " ”", "“")
_AFTER = (" ujarnya.", "ujarnya.", " kata Budi.", ".\n\n", " Dia pulang. ", "")


@st.composite
def _articles(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Texts of quotes in any mark style and spacing, with exact gold offsets."""
    text, quotes = "", []
    for _ in range(draw(st.integers(1, 5))):
        text += draw(st.sampled_from(("", "Menurut dia, ", "Ia berkata ", "\n\n")))
        text += draw(st.sampled_from(_OPEN))
        content = draw(st.sampled_from(("Kami siap,", "Ini “kata” saja.", "Ya", "A ”b” c,")))
        quotes.append({"start": len(text), "end": len(text) + len(content), "text": content})
        text += content + draw(st.sampled_from(_CLOSE)) + draw(st.sampled_from(_AFTER))
    return text, quotes


def _without_marks_and_spaces(text: str) -> str:
    return "".join(ch for ch in text if ch not in '“”"' and not ch.isspace())


@settings(max_examples=200, deadline=None)
@given(
    _articles(),
    st.lists(st.sampled_from(KINDS), min_size=1, unique=True),
    st.integers(0, 10),
    st.sampled_from((0.5, 1.0)),
)
def test_only_marks_and_spaces_change(
    article: tuple[str, list[dict[str, Any]]], kinds: list[str], seed: int, rate: float
) -> None:
    text, quotes = article
    out = retype(text, quotes, kinds, seed, rate)  # asserts every quote's content
    _check(out.text, out.quotes)
    assert set(out.applied) <= set(kinds)
    assert _without_marks_and_spaces(out.text) == _without_marks_and_spaces(text)
    # Marks are retyped, never added or dropped.
    count = sum(text.count(m) for m in '“”"')
    assert sum(out.text.count(m) for m in '“”"') == count


@pytest.mark.accuracy
@pytest.mark.parametrize("name", ["pfsa-dev.jsonl", "hand-dev.jsonl", "long-dev.jsonl"])
def test_the_dev_files_retype_with_exact_gold(name: str) -> None:
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the dev gold files live in ../shared/eval")
    gold = load_jsonl(path)
    for kind in KINDS:
        total = 0
        for article in gold.values():
            # retype asserts every gold quote's content at its new offsets.
            new, applied = retype_article(article, [kind])
            total += applied[kind]
            assert len(new["quotes"]) == len(article["quotes"])
            spans = zip(
                article.get("ignore_spans") or [], new.get("ignore_spans") or [], strict=True
            )
            for old, moved in spans:
                before = article["text"][old["start"] : old["end"]]
                assert new["text"][moved["start"] : moved["end"]] == before
        assert total > 0, f"{kind} retyped no mark in {name}"
