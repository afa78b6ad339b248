"""What every search backend returns: the matches as a queryset, with facets and explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Count, QuerySet

from directory.geo import Point
from directory.models import Resource

from . import highlight
from .query import SearchQuery

Facets = dict[str, list[tuple[str, int]]]


class SearchUnavailable(Exception):
    """The backend could not answer (unreachable, timed out, or answered with an error)."""


@dataclass(frozen=True)
class Correction:
    """What was searched instead of a query that found nothing: its words by their sound
    (``by_sound``: 子ども食道 → こどもしょくどう) or a slip of a character corrected."""

    typed: str
    searched: str
    by_sound: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A 「もしかして」 query and how many listings it finds."""

    text: str
    count: int


@dataclass
class SearchResults:
    """What a search found.

    ``queryset`` is the caller's queryset narrowed to the matches and ordered best first (nearest
    first when searching near a point); each row carries ``search_rank``. ``facets`` holds counts
    by area, kind and category when the backend computed them with the search (Elasticsearch);
    ``facet_counts()`` returns them, computing them from the database otherwise.
    ``correction`` and ``suggestions`` are set by ``corrections.corrected_search`` when the query
    as typed found nothing.
    """

    query: SearchQuery
    queryset: QuerySet
    backend: str
    fell_back: bool = False
    facets: Facets | None = None
    distances_km: dict[int, float] = field(default_factory=dict)
    correction: Correction | None = None
    suggestions: list[Suggestion] = field(default_factory=list)

    def ids(self) -> list[int]:
        """Primary keys of the matches, best first."""
        return list(self.queryset.values_list("pk", flat=True))

    def facet_counts(self) -> Facets:
        if self.facets is None:
            self.facets = database_facets(self.queryset)
        return self.facets

    def explain(self, resources) -> None:
        """Attach ``search_match`` (which fields matched, highlighted name and snippet) to each
        listing about to be shown; a no-op for an empty query."""
        if self.query.is_empty:
            return
        for resource in resources:
            resource.search_match = highlight.explain(resource, self.query)


class SearchBackend(Protocol):
    name: str

    def search(
        self, queryset: QuerySet, query: SearchQuery, *, near: Point | None = None
    ) -> SearchResults: ...


def database_facets(queryset: QuerySet) -> Facets:
    """Counts of ``queryset``'s listings by area, kind and category (slugs), largest first."""
    base = Resource.objects.filter(pk__in=queryset.order_by().values("pk"))

    def counts(path: str) -> list[tuple[str, int]]:
        rows = (
            base.exclude(**{f"{path}__isnull": True})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", path)
        )
        return [(row[path], row["n"]) for row in rows]

    return {
        "area": counts("area__slug"),
        "kind": counts("kind"),
        "category": counts("categories__slug"),
    }
