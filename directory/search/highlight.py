"""Where a query matched a listing, for the result card: field labels, a marked name, a snippet.

Computed from the listing itself with the same tokeniser as the index, whichever backend found
it, so residents see the same explanation from both. Text is escaped piece by piece and only
our own ``<mark>`` elements are added, so nothing a group typed can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import japanese
from .documents import BODY_GROUPS, FIELD_LABELS, ListingText, listing_text
from .query import SearchQuery

SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 90

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchMatch:
    """How one listing matched: labels of the fields, the name and summary with marks, and a
    marked snippet of the first other text that matched (description, place …)."""

    fields: tuple[str, ...]
    name_html: SafeString
    summary_html: SafeString
    snippet: SafeString | None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(FIELD_LABELS[name] for name in self.fields)

    @property
    def fields_display(self) -> str:
        return "・".join(self.labels)


def spans_in(text: str, query: SearchQuery) -> list[Span]:
    """Where the query's units (short and long), its kanji words inside longer runs of kanji,
    and the readings of its kana words occur in ``text``."""
    forms = query.forms()
    readings = query.readings()
    tokens = japanese.analyse(text)
    spans = [(t.start, t.end) for t in tokens if t.form in forms]
    long_forms = query.long_forms()
    if long_forms:
        spans += [(t.start, t.end) for t in japanese.analyse_long(text) if t.form in long_forms]
    for kanji in query.kanji():
        spans += japanese.find_all(text, kanji)
    if readings and tokens:
        # A reading starts at a word and may run over the next ones: 「しょくどう」 marks 「食堂」.
        joined = ""
        owners: list[int] = []
        starts: dict[int, int] = {}  # position in ``joined`` → token starting there
        for index, token in enumerate(tokens):
            reading = token.reading
            if reading:  # tokens read as nothing (「b」, digits) start no reading
                starts[len(joined)] = index
            joined += reading
            owners += [index] * len(reading)
        for reading in readings:
            for start, first in starts.items():
                if joined.startswith(reading, start):
                    last = owners[start + len(reading) - 1]
                    spans.append((tokens[first].start, tokens[last].end))
    return merge(spans)


def merge(spans: list[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def mark(text: str, spans: list[Span]) -> SafeString:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    parts = []
    position = 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(text: str, spans: list[Span]) -> SafeString:
    """About SNIPPET_LENGTH characters of ``text`` around its first match, marked."""
    if len(text) <= SNIPPET_LENGTH:
        return mark(text, spans)
    start = max(0, spans[0][0] - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    start = max(0, min(start, end - SNIPPET_LENGTH))
    inside = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    body = mark(text[start:end], inside)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))


def explain(resource, query: SearchQuery, text: ListingText | None = None) -> SearchMatch:
    text = text or listing_text(resource)
    fields: list[str] = []
    name_spans = spans_in(text.name, query)
    if name_spans:
        fields.append("name")
    keys = text.name_reading_keys()
    # Said only when the name itself did not match: 「名称・よみがな」 for one word reads oddly.
    if not name_spans and any(key.startswith(r) for r in query.readings() for key in keys):
        fields.append("reading")
    if any(spans_in(tag, query) for tag in text.tags):
        fields.append("tags")
    summary_spans = spans_in(resource.summary, query)
    first_snippet = None
    for group in BODY_GROUPS:
        for part in text.group(group):
            # The card shows the summary itself (marked), so it never doubles as the snippet.
            is_summary = group == "summary" and part == resource.summary
            spans = summary_spans if is_summary else spans_in(part, query)
            if spans:
                if group not in fields:
                    fields.append(group)
                if first_snippet is None and not is_summary:
                    first_snippet = snippet(part, spans)
    return SearchMatch(
        fields=tuple(fields),
        name_html=mark(text.name, name_spans),
        summary_html=mark(resource.summary, summary_spans),
        snippet=first_snippet,
    )
