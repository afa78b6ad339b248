"""The words that exist, for 「もしかして」: the long units of the listings' names, their tags,
the areas and regions, and the synonym list — each with its reading and how many listings use it.

Built from the search documents of public listings (their ``terms`` column) — never from drafts —
and kept in the cache until the index or the synonym list changes, so only the first search that
finds nothing after a change pays for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from directory.models import Area, Region, Resource

from . import japanese
from .models import ResourceSearchDocument, SearchSynonym
from .query import split_terms

CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Entry:
    text: str
    reading: str
    listings: int


def terms_field(name: str, tags) -> str:
    """The ``terms`` column of a document: the long units of the name as written (normalised)
    and the whole tags, between 「|」."""
    units = [japanese.normalise(name[t.start : t.end]) for t in japanese.analyse_long(name)]
    terms = [unit for unit in units if len(unit) >= 2 or japanese.is_kanji_word(unit)]
    terms += [japanese.normalise(tag) for tag in tags]
    return "|" + "".join(f"{term}|" for term in dict.fromkeys(terms)) + "|"


def vocabulary() -> list[Entry]:
    """Every word, most used first."""
    documents = ResourceSearchDocument.objects.aggregate(n=Count("pk"), at=Max("indexed_at"))
    synonyms = SearchSynonym.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    key = "search-vocabulary:" + ":".join(
        str(value) for value in (*documents.values(), *synonyms.values())
    )
    entries = cache.get(key)
    if entries is None:
        entries = build()
        cache.set(key, entries, CACHE_SECONDS)
    return entries


def build() -> list[Entry]:
    used: Counter[str] = Counter()
    listed = ResourceSearchDocument.objects.filter(resource__in=Resource.objects.listed())
    for terms in listed.values_list("terms", flat=True).iterator():
        used.update(term for term in terms.split("|") if term)
    places = [
        *Area.objects.values_list("name", flat=True),
        *Region.objects.values_list("name", flat=True),
    ]
    for name in places:
        used[japanese.normalise(name)] += 0
    for row in SearchSynonym.objects.values_list("terms", flat=True):
        for term in split_terms(row):
            used[term] += 0
    entries = [
        Entry(text=text, reading=japanese.reading_of(text), listings=n) for text, n in used.items()
    ]
    entries.sort(key=lambda e: (-e.listings, e.text))
    return entries
