"""HTML to plain text, with a map from plain-text offsets back to the original HTML string.

The markup is read with the standard library's ``html.parser`` (a maintained, forgiving HTML
tokenizer that reports where each token starts), never with regular expressions. Every character
of the plain text remembers the stretch of the HTML source it came from, so a span of the plain
text that lies inside one run of text (no tag, comment or dropped element in between) maps back to
exact offsets in the original HTML string.

Rules for the plain text:

* block elements (``p``, ``div``, ``blockquote``, ``li``, headings, ...) and ``br`` end a
  paragraph; paragraphs are separated by one blank line;
* ``script``, ``style``, ``figure``, ``figcaption``, ``noscript`` (and other non-text elements)
  are dropped with everything inside them;
* character references are decoded (``&amp;`` -> ``&``, ``&ldquo;`` -> ``“``);
* white space collapses as a browser would: runs of spaces, tabs and line breaks become one space,
  none at the start or end of a paragraph (a no-break space is kept as it is).

Reading is linear in the length of the HTML on every interpreter. ``html.parser`` before the
CPython security releases 3.9.24, 3.10.19, 3.11.14, 3.12.12 and 3.13.6 (CVE-2025-6069,
python/cpython#135462) rescans the rest of the input from every unterminated ``<a``, ``</`` or
``<?`` when it is closed, and any version rescans a construct left open over many ``feed``
calls (python/cpython#153030): 32 KiB of ``'<a '`` took 8.5 s. So ``close()`` is never called:
the input is fed in pieces at least as long as what the parser still holds (each rescan is paid
for by new input, so the total stays linear), and what is left open at the end of the input is
ended here as HTML5 does (a tag is dropped, a comment or declaration closed; ``<`` and an
unfinished reference are text). The deadline of the document's time budget
(kutip.engine.budget) is checked between pieces, so HTML reading counts against it too.
"""

from __future__ import annotations

import html as html_lib
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from kutip.engine.budget import remaining

__all__ = ["HtmlText", "html_to_text"]

PARAGRAPH_BREAK = "\n\n"

_BLOCK = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt "
    "fieldset footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never article text. The first group also separates paragraphs.
_DROP_BLOCK = frozenset(
    "figure figcaption noscript template head title iframe video audio canvas object "
    "textarea select".split()
)
_DROP = _DROP_BLOCK | frozenset("script style svg math button".split())
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
_COLLAPSIBLE = frozenset(" \t\n\r\f")
# Text content (not markup) split into runs of white space and runs of anything else.
_TOKENS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_SYNTHETIC = -1
# How much of the HTML is handed to the parser at once, at least (see the module docstring).
_PIECE = 8192
# A '&#' that does not open a numeric reference html.parser can read. Such a '&#' makes the
# parser stop early and scan for a ';' (quadratic over many of them), so the copy it reads has
# '~' in the '&' (same length, no meaning there): the text itself is always read from the
# source, by offset. The pattern is html.parser's own ``charref``, negated.
_BAD_CHARREF = re.compile(r"&(?=#)(?!#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")


@dataclass(frozen=True, eq=False)
class HtmlText:
    """The plain text of an HTML string and, per character, where it came from in the HTML."""

    html: str
    text: str
    _starts: array[int]
    _ends: array[int]
    _runs: array[int]

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in ``html`` of the plain-text span ``text[start:end]``.

        None when the span is empty, out of range, or crosses markup (a tag, a comment, a dropped
        element or a paragraph break), i.e. when it does not lie within one run of text.
        """
        if not 0 <= start < end <= len(self.text):
            return None
        run = self._runs[start]
        if run == _SYNTHETIC or self._runs[end - 1] != run:
            return None
        return self._starts[start], self._ends[end - 1]

    def source_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in ``html`` from the first to the last character of ``text[start:end]``.

        Unlike :meth:`source_span`, the range may hold inline markup (``<em>``, ``<a>``, a
        comment, a dropped element): ``html[a:b]`` is then the quote's source with its tags.
        None when the span is empty, out of range, or crosses a paragraph break (a block
        boundary), where a slice of the HTML would cut elements apart.
        """
        if not 0 <= start < end <= len(self.text):
            return None
        if self._runs[start] == _SYNTHETIC or _SYNTHETIC in self._runs[start:end]:
            return None
        return self._starts[start], self._ends[end - 1]

    def runs(self) -> list[tuple[int, int]]:
        """The plain-text spans of every run of text, in order (paragraph breaks excluded)."""
        spans: list[tuple[int, int]] = []
        begin = 0
        for i in range(1, len(self._runs) + 1):
            if i == len(self._runs) or self._runs[i] != self._runs[begin]:
                if self._runs[begin] != _SYNTHETIC:
                    spans.append((begin, i))
                begin = i
        return spans

    def source_offset(self, position: int, *, closing: bool) -> int:
        """Where a tag opening (or closing, just after) the character at ``position`` goes."""
        return self._ends[position - 1] if closing else self._starts[position]


class _Extractor(HTMLParser):
    """One pass over the HTML: text events are appended, tags only open and close paragraphs."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        self.line_starts.extend(i + 1 for i, c in enumerate(source) if c == "\n")
        self.chars: list[str] = []
        self.starts: array[int] = array("q")
        self.ends: array[int] = array("q")
        self.runs: array[int] = array("q")
        self.run = 0
        self.open: list[str] = []
        self.open_count: Counter[str] = Counter()
        self.dropping = 0
        self.pending_break = False
        self.trailing_space = False

    # -- positions ---------------------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- tags ----------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK or tag in _DROP_BLOCK:
            self._break()
        if tag in _VOID:
            return
        self.open.append(tag)
        self.open_count[tag] += 1
        self.dropping += tag in _DROP

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK or tag in _DROP_BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK or tag in _DROP_BLOCK:
            self._break()
        if not self.open_count[tag]:
            return  # a stray end tag closes nothing
        while self.open:
            name = self.open.pop()
            self.open_count[name] -= 1
            self.dropping -= name in _DROP
            if name == tag:
                break

    # -- text ----------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        at = self._here()
        data = self.source[at : at + len(data)]  # the source's characters, never the copy's
        for token in _TOKENS.finditer(data):
            start, end = at + token.start(), at + token.end()
            if token.group()[0] in _COLLAPSIBLE:
                self._space(start, end)
            else:  # every character of the source stands for itself
                self._word(token.group(), range(start, end), range(start + 1, end + 1))

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, raw: str) -> None:
        if self.dropping:
            return
        start = self._here()
        end = start + len(raw)
        if self.source.startswith(";", end):
            end += 1
        for char in html_lib.unescape(self.source[start:end]):
            if char in _COLLAPSIBLE:
                self._space(start, end)
            else:  # each decoded character stands for the whole reference
                self._word(char, (start,), (end,))

    def _space(self, start: int, end: int) -> None:
        """White space: one space at most between words, none at a paragraph's edges."""
        if self.pending_break or not self.chars:
            return
        if self.trailing_space:
            if self.ends[-1] == start:  # more white space of the same run
                self.ends[-1] = end
            return
        self._append(" ", (start,), (end,))
        self.trailing_space = True

    def _word(self, chars: str, starts: Iterable[int], ends: Iterable[int]) -> None:
        if self.pending_break:
            self._emit_break()
        self.trailing_space = False
        self._append(chars, starts, ends)

    def _append(self, chars: str, starts: Iterable[int], ends: Iterable[int]) -> None:
        first = len(self.starts)
        self.starts.extend(starts)
        contiguous = (
            first > 0 and self.runs[-1] != _SYNTHETIC and self.ends[-1] == self.starts[first]
        )
        if not contiguous:
            self.run += 1
        self.ends.extend(ends)
        self.runs.extend([self.run] * len(chars))
        self.chars.append(chars)

    def _break(self) -> None:
        if self.chars:
            self.pending_break = True

    def _strip_trailing_space(self) -> None:
        if self.trailing_space:
            self.chars.pop()  # the single " " appended by _space
            self.starts.pop()
            self.ends.pop()
            self.runs.pop()
            self.trailing_space = False

    def _emit_break(self) -> None:
        self._strip_trailing_space()
        self.chars.append(PARAGRAPH_BREAK)
        for _ in PARAGRAPH_BREAK:
            self.starts.append(_SYNTHETIC)
            self.ends.append(_SYNTHETIC)
            self.runs.append(_SYNTHETIC)
        self.pending_break = False

    # -- reading -------------------------------------------------------------------------------
    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # '<![' not followed by a name makes _markupbase raise AssertionError (a 500 for the
        # caller), having moved the position first; HTML5 reads it as a bogus comment, up to
        # the next '>'.
        position = self.lineno, self.offset
        try:
            found: int = super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position
            found = self.parse_bogus_comment(i)
        return found

    def read(self) -> None:
        """Feed the whole source in growing pieces, then end what is left open."""
        fed_copy = _BAD_CHARREF.sub("~", self.source)
        at = 0
        while at < len(fed_copy):
            remaining()  # raises DocumentTooComplexError once the document's budget is spent
            size = max(_PIECE, len(self.rawdata))
            self.feed(fed_copy[at : at + size])
            at += size
        self._end_of_input()

    def _end_of_input(self) -> None:
        """What the parser still holds is a construct the input ended in (never rescanned)."""
        rest = self.rawdata
        if not rest:
            return
        if self.cdata_elem or rest in ("<", "</") or not rest.startswith("<"):
            # an unclosed script or style (dropped), a lone '<', an unfinished '&name': text
            self.handle_data(rest)
        # else an unterminated tag, comment, declaration or processing instruction: dropped
        self.rawdata = ""

    def finish(self) -> HtmlText:
        self._strip_trailing_space()
        text = "".join(self.chars)
        return HtmlText(self.source, text, self.starts, self.ends, self.runs)


def html_to_text(source: str) -> HtmlText:
    """Parse ``source`` (a fragment or a whole document) into plain text with an offset map."""
    if not isinstance(source, str):
        raise TypeError("html must be a str")
    extractor = _Extractor(source)
    extractor.read()
    return extractor.finish()
