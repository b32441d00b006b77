"""Newsroom formats: HTML and ninjs in, highlighted HTML out (pure Python, no Flask)."""

from kutip.formats.document import Document, add_html_offsets
from kutip.formats.highlight import highlight_html, render_document, render_text
from kutip.formats.html import HtmlText, html_to_text
from kutip.formats.ninjs import (
    is_newsroom_document,
    newsroom_body,
    ninjs_document,
    superdesk_document,
)
from kutip.formats.present import present_result

__all__ = [
    "Document",
    "HtmlText",
    "add_html_offsets",
    "highlight_html",
    "html_to_text",
    "is_newsroom_document",
    "newsroom_body",
    "ninjs_document",
    "present_result",
    "render_document",
    "render_text",
    "superdesk_document",
]
