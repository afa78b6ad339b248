"""The embedded search backend: token documents in the database, no server.

Each published listing has a ``ResourceSearchDocument`` row holding Sudachi tokens per field
group, each field with a space at both ends. A query term matches a field when the field
contains `` 子供 食堂 `` (the term's tokens as a whole run, spaces included): a plain substring
test, ``instr()`` on SQLite and ``strpos()`` on PostgreSQL (Django's ``StrIndex``). No pattern
language is involved, so ``%``, ``_``, ``\\`` or quotes in a query are only characters, and
lower-cased tokens make both databases agree. Every term must match (AND), in any field (OR);
the rank adds, per term, the weight of the best field it matched: name 8 > reading 4 >
categories and audiences 2 > everything else 1.

The matching documents are found first (one scan of the narrow document table), then the
caller's queryset is narrowed to them by primary key: much cheaper than joining every listing.
Writes live in ``services.py``; this module reads, and builds document rows.
"""

from __future__ import annotations

import functools
import operator

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from directory.geo import Point, approximate_distance_sql
from directory.models import LocationPrivacy

from .documents import ListingText, token_field
from .models import ResourceSearchDocument
from .query import SearchQuery, Term, Word
from .results import SearchResults

WEIGHTS = {"name_tokens": 8, "reading": 4, "tag_tokens": 2, "all_tokens": 1}
# Checked in this order for the rank; ``all_tokens`` alone decides whether a term matches.
RANKED_FIELDS = ("name_tokens", "tag_tokens", "all_tokens")


def token_fields(text: ListingText) -> dict[str, str]:
    """Tokens of the name, of the categories and audiences, and of everything else."""
    return {
        "name_tokens": token_field([text.name]),
        "tag_tokens": token_field(text.tags),
        "body_tokens": token_field(text.body()),
    }


def document_fields(text: ListingText) -> dict[str, str]:
    """The column values of a listing's ``ResourceSearchDocument``. ``all_tokens`` joins the
    three token fields with 「|」, which no token contains, so a run never spans two fields; one
    LIKE on it filters, and the rank looks at the short name and tag fields only for matches."""
    tokens = token_fields(text)
    return {
        "name_tokens": tokens["name_tokens"],
        "tag_tokens": tokens["tag_tokens"],
        "all_tokens": "|".join(tokens.values()),
        "reading": f" {text.readings()} ",
    }


def _contains(field: str, needle: str) -> Q:
    """``field`` of the search document contains ``needle`` (literally)."""
    return Q(GreaterThan(StrIndex(field, Value(needle)), 0))


def term_in(term: Term, field: str) -> Q:
    """The term (any of its alternatives, as a whole run of tokens) is in ``field``."""
    return functools.reduce(
        operator.or_,
        (_contains(field, f" {' '.join(alt.tokens)} ") for alt in term.alternatives),
    )


def reading_matches(reading: str) -> Q:
    """Some reading key starts with ``reading`` (keys are stored space separated)."""
    return _contains("reading", f" {reading}")


def term_matches(term: Term) -> Q:
    return term_in(term, "all_tokens")


def word_matches(word: Word) -> Q:
    """A word matches by its reading (kana words) or when all of its terms match."""
    condition = None
    if word.terms:
        condition = functools.reduce(operator.and_, (term_matches(t) for t in word.terms))
    if word.reading:
        by_reading = reading_matches(word.reading)
        condition = by_reading if condition is None else (by_reading | condition)
    return condition


def rank_expression(query: SearchQuery):
    parts = []
    for word in query.words:
        for term in word.terms:
            parts.append(
                Case(
                    *(When(term_in(term, f), then=Value(WEIGHTS[f])) for f in RANKED_FIELDS),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        if word.reading:
            parts.append(
                Case(
                    When(reading_matches(word.reading), then=Value(WEIGHTS["reading"])),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
    return functools.reduce(operator.add, parts)


def distance_expression(near: Point):
    """Orders listings by distance from ``near`` (see ``approximate_distance_sql``).
    Approximate listings count from their area office; listings with no point sort last."""
    approximate = Q(location_privacy=LocationPrivacy.APPROXIMATE)
    lat = Case(
        When(approximate, then=F("area__office_latitude")),
        default=F("latitude"),
    )
    lng = Case(
        When(approximate, then=F("area__office_longitude")),
        default=F("longitude"),
    )
    return approximate_distance_sql(lat, lng, near)


class DatabaseBackend:
    name = "database"

    def search(
        self, queryset: QuerySet, query: SearchQuery, *, near: Point | None = None
    ) -> SearchResults:
        if query.is_empty:
            results = queryset
        elif not query.has_words:
            results = queryset.none()
        else:
            documents = ResourceSearchDocument.objects.filter(
                functools.reduce(operator.and_, (word_matches(w) for w in query.words))
            )
            rank = (
                ResourceSearchDocument.objects.filter(resource_id=OuterRef("pk"))
                .annotate(rank=rank_expression(query))
                .values("rank")[:1]
            )
            results = queryset.filter(pk__in=documents.values("resource_id")).annotate(
                search_rank=Subquery(rank, output_field=IntegerField())
            )
            results = results.order_by("-search_rank", "name_kana", "name", "pk")
        if near is not None:
            ordering = ["-search_rank"] if "search_rank" in results.query.annotations else []
            results = results.annotate(search_distance=distance_expression(near)).order_by(
                F("search_distance").asc(nulls_last=True), *ordering, "name_kana", "pk"
            )
        return SearchResults(query=query, queryset=results, backend=self.name)
