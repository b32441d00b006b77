"""kutip as a Superdesk AI service: the editor's auto-tagging widget gets the article's speakers
as ``person`` tags and their affiliations as ``organisation`` tags; the quotes themselves become
annotations of the item, with the UTF-16 offsets Superdesk's editor (draft.js) counts in.

Superdesk's text-analysis integrations are in-process plugins (``superdesk.text_checkers.ai``):
a subclass of ``AIServiceBase`` whose ``analyze(item)`` returns the tags grouped by type. This
module imports nothing of Superdesk until :func:`init_app` runs inside Superdesk, so it can be
installed (``pip install kutip``) and tested without it. Settings, read from Superdesk's config
and else from the environment: ``KUTIP_URL`` (the kutip server), ``KUTIP_API_KEY`` (sent as
``X-API-Key``), ``KUTIP_TIMEOUT`` (seconds, 30 by default).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from kutip.formats.offsets import offset_table
from kutip.integrations.client import KutipClient, KutipServiceError
from kutip.integrations.utf16 import paragraph_starts

__all__ = ["Analysis", "KutipAIService", "KutipServiceError", "init_app", "qcode"]

SOURCE = "kutip"
ANNOTATION_TYPE = "quote"
log = logging.getLogger("kutip.integrations.superdesk")
_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
# What the widget sends of an item (superdesk.text_checkers.ai.AIResource); kutip reads the
# body_html only, so that every offset indexes the body the editor shows.
_ITEM_FIELDS = ("guid", "language", "headline", "body_html")


def qcode(kind: str, name: str) -> str:
    """A qcode that stays the same in every article naming the same ``name``.

    The canonical name folded (case, accents, punctuation and spacing): ``Budi Santoso`` and
    ``BUDI  SANTOSO`` give ``kutip:person:budi-santoso``. A name with no letter or digit at all
    gets a digest instead, still stable.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    slug = _NOT_ALNUM.sub("-", bare).strip("-")
    if not slug:
        slug = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{SOURCE}:{kind}:{slug}"


@dataclass(frozen=True)
class Analysis:
    """What kutip found in one item: Superdesk tags by group, and the quotes as annotations."""

    tags: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] | None = None  # kutip's own answer, for callers that want more


class KutipAIService:
    """The Superdesk AI service ``kutip`` (see the module's docstring for its settings)."""

    name = "kutip"
    label = "kutip: quotes and who said them"

    def __init__(
        self,
        app: Any = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.config: Mapping[str, Any] = getattr(app, "config", None) or {}
        self.base_url = base_url or self._setting("KUTIP_URL")
        self.api_key = api_key or self._setting("KUTIP_API_KEY")
        self.timeout = timeout or float(self._setting("KUTIP_TIMEOUT") or 30)

    def _setting(self, name: str) -> str | None:
        value = self.config.get(name) or os.environ.get(name)
        return str(value) if value else None

    # -- Superdesk's interface ---------------------------------------------------------------
    def analyze(
        self, item: Mapping[str, Any], tags: Mapping[str, Any] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """Tags for the auto-tagging widget: ``{"person": [...], "organisation": [...]}``.

        ``tags`` (the item's current tags, which newer Superdesk versions pass) do not change
        what kutip finds: the article's own words decide.
        """
        return self.analysis(item).tags

    def data_operation(
        self, verb: str, operation: str, name: str | None, data: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Superdesk's ``ai_data_op`` (search, create, delete tags): kutip keeps no vocabulary
        of its own, so there is nothing to search or change."""
        return {}

    # -- kutip's own -------------------------------------------------------------------------
    def analysis(self, item: Mapping[str, Any]) -> Analysis:
        """Tags and quote annotations for ``item``, from one call to kutip."""
        if not self.base_url:
            log.warning(
                "kutip is not configured (KUTIP_URL): item %r not analysed", item.get("guid")
            )
            return Analysis()
        body = item.get("body_html")
        if not isinstance(body, str) or not body.strip():
            log.warning("item %r has no body_html: nothing for kutip to read", item.get("guid"))
            return Analysis()
        sent = {name: item[name] for name in _ITEM_FIELDS if item.get(name) is not None}
        try:
            answer = self._client().extract({"item": sent}, {"include_text": "true"})
        except KutipServiceError as exc:
            self._fail(exc)
            raise
        unit = answer.get("offset_unit", "codepoint")
        if unit != "codepoint":  # never asked for: an answer this plugin cannot read
            self._fail(KutipServiceError(f"kutip answered with offsets in {unit!r}"))
        return Analysis(_tags(answer), _annotations(answer, body, item), answer)

    def annotate(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``item`` whose ``annotations`` hold kutip's quotes (those of an earlier
        run replaced, the editors' own kept and never renumbered)."""
        analysis = self.analysis(item)
        if analysis.answer is None:  # nothing was read (not configured, no body): as it was
            return copy.deepcopy(dict(item))
        found = analysis.annotations
        kept = [a for a in item.get("annotations") or [] if not _is_ours(a)]
        first = max((a.get("id", 0) for a in kept if isinstance(a.get("id"), int)), default=0)
        for n, annotation in enumerate(found, first + 1):
            annotation["id"] = n
        out = copy.deepcopy(dict(item))
        out["annotations"] = [*copy.deepcopy(kept), *found]
        return out

    def _client(self) -> KutipClient:
        assert self.base_url is not None
        return KutipClient(self.base_url, self.api_key, self.timeout)

    def _fail(self, error: KutipServiceError) -> None:
        """Raise ``error``; inside Superdesk, as the proxy error its API answers with."""
        raise error


def _is_ours(annotation: Any) -> bool:
    return isinstance(annotation, Mapping) and isinstance(annotation.get(SOURCE), Mapping)


def _description(role: str | None, affiliation: str | None) -> dict[str, str]:
    text = ", ".join(part for part in (role, affiliation) if part)
    return {"description": text} if text else {}


def _tag(kind: str, name: str, aliases: set[str], **extra: str) -> dict[str, Any]:
    code = qcode(kind, name)
    return {
        "name": name,
        "qcode": code,
        "source": SOURCE,
        "altids": {SOURCE: code},
        "aliases": sorted(aliases - {name}),
        **extra,
    }


def _tags(answer: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Speakers as ``person`` tags (in the order kutip lists them), affiliations as
    ``organisation`` tags; one tag per qcode."""
    people: dict[str, dict[str, Any]] = {}
    organisations: dict[str, dict[str, Any]] = {}

    def add(name: str | None, role: str | None, affiliation: str | None, aliases: set[str]) -> None:
        if name:
            tag = _tag("person", name, aliases, **_description(role, affiliation))
            known = people.setdefault(tag["qcode"], tag)
            known["aliases"] = sorted(set(known["aliases"]) | set(tag["aliases"]))
        if affiliation:
            org = _tag("organisation", affiliation, set())
            organisations.setdefault(org["qcode"], org)

    for speaker in answer.get("speakers", []):
        mentions = {m["text"] for m in speaker.get("mentions", [])}
        add(speaker["name"], speaker.get("role"), speaker.get("affiliation"), mentions)
    for quote in answer.get("quotes", []):  # speakers kutip named but could not merge
        who = quote.get("speaker") or {}
        mention = {who["mention"]["text"]} if who.get("mention") else set()
        add(who.get("name"), who.get("role"), who.get("affiliation"), mention)
    groups = {"person": list(people.values()), "organisation": list(organisations.values())}
    return {kind: tags for kind, tags in groups.items() if tags}


def _annotations(
    answer: Mapping[str, Any], html: str, item: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One annotation per quote. Offsets are UTF-16 code units: ``start``/``end`` into the
    body's text (paragraphs separated by a blank line), ``paragraph``/``paragraph_start`` and
    ``end_paragraph``/``paragraph_end`` by paragraph (the editor's blocks), ``html_start``/
    ``html_end`` into body_html as it was sent."""
    text = answer.get("text")
    if not isinstance(text, str):
        raise KutipServiceError("kutip's answer has no text for the offsets to index")
    # The plugin keeps code points on the wire (the paragraphs below are found in code points)
    # and converts with the server's own tables.
    in_text, in_html = offset_table(text, "utf16"), offset_table(html, "utf16")
    starts = paragraph_starts(text)
    out = []
    for n, quote in enumerate(answer.get("quotes", []), 1):
        start, end = quote["start"], quote["end"]
        first, last = starts.index_of(start), starts.index_of(max(start, end - 1))
        who = quote.get("speaker") or {}
        name = who.get("name")
        position: dict[str, Any] = {
            "quote_id": quote["id"],
            "quote_type": quote["type"],
            "text": quote["text"],
            "speaker": {"name": name, "qcode": qcode("person", name)} if name else None,
            "confidence": quote["confidence"],
            "rule": quote["rule"],
            "offset_unit": "utf16",
            "start": in_text[start],
            "end": in_text[end],
            "paragraph": first,
            "paragraph_start": in_text[start] - in_text[starts[first]],
            "end_paragraph": last,
            "paragraph_end": in_text[end] - in_text[starts[last]],
            "prefix": quote.get("prefix"),
            "suffix": quote.get("suffix"),
        }
        if quote.get("html_start") is not None and quote.get("html_end") is not None:
            position.update(
                html_start=in_html[quote["html_start"]], html_end=in_html[quote["html_end"]]
            )
        note = f"{quote['type'].capitalize()} quote: {name or 'speaker unknown'}"
        out.append(
            {
                "id": n,
                "type": ANNOTATION_TYPE,
                "body": _draft_text(note, f"{item.get('guid') or 'item'}-{quote['id']}"),
                SOURCE: position,
            }
        )
    return out


def _draft_text(note: str, key: str) -> dict[str, Any]:
    """``note`` as draft.js raw content, the form Superdesk keeps an annotation's body in."""
    block_key = hashlib.sha256(key.encode("utf-8")).hexdigest()[:5]
    block = {
        "key": block_key,
        "text": note,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
        "data": {},
    }
    return {"blocks": [block], "entityMap": {}}


def init_app(app: Any) -> KutipAIService:
    """Superdesk's hook for a module in INSTALLED_APPS: register ``kutip`` as an AI service.

    AIServiceBase registers each instance of its subclasses by ``name`` (its metaclass does),
    so an instance of a subclass is all registration takes; errors become the proxy error
    Superdesk's API answers an unreachable vendor with.
    """
    # Superdesk ships no type hints (and is not installed where kutip is type-checked).
    from superdesk.errors import SuperdeskApiError  # type: ignore[import-not-found]
    from superdesk.text_checkers.ai.base import AIServiceBase  # type: ignore[import-not-found]

    class SuperdeskKutip(KutipAIService, AIServiceBase):  # type: ignore[misc]
        def _fail(self, error: KutipServiceError) -> None:
            raise SuperdeskApiError.proxyError(str(error)) from error

    return SuperdeskKutip(app)
