"""The one search interface the site uses, and the choice between its two backends.

``search_resources(queryset, query)`` narrows any listing queryset to the listings matching a
resident's query, best match first; the caller's queryset decides what may be found at all
(public pages pass ``Resource.objects.listed()``), so a draft or hidden listing can never appear.
The backend is ``settings.SEARCH_BACKEND``. When Elasticsearch cannot answer, the database
answers instead and a warning is logged; the resident sees results, never an error.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.db.models import Count, QuerySet

from directory.geo import Point

from . import highlight
from .query import SearchQuery, parse_query, synonym_groups

logger = logging.getLogger("directory.search")

Facets = dict[str, list[tuple[str, int]]]


class SearchUnavailable(Exception):
    """The backend could not answer (unreachable, timed out, or answered with an error)."""


@dataclass
class SearchResults:
    """What a search found.

    ``queryset`` is the caller's queryset narrowed to the matches and ordered best first (nearest
    first when searching near a point); each row carries ``search_rank``. ``facets`` holds counts
    by area, kind and category when the backend computed them with the search (Elasticsearch);
    ``facet_counts()`` returns them, computing them from the database otherwise.
    """

    query: SearchQuery
    queryset: QuerySet
    backend: str
    fell_back: bool = False
    facets: Facets | None = None
    distances_km: dict[int, float] = field(default_factory=dict)

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
    from directory.models import Resource

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


def load_synonyms():
    """The editable synonym list, read on every search so that an edit applies at once."""
    from directory.models import SearchSynonym

    return synonym_groups(SearchSynonym.objects.values_list("terms", flat=True))


def build_query(raw: str) -> SearchQuery:
    query = parse_query(raw)
    if query.is_empty:
        return query
    return parse_query(raw, load_synonyms())


# After Elasticsearch fails, public search stays on the database until this monotonic time.
_elasticsearch_down_until = 0.0


def reset_backoff() -> None:
    global _elasticsearch_down_until
    _elasticsearch_down_until = 0.0


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    if name == "elasticsearch":
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    from .database import DatabaseBackend

    return DatabaseBackend()


def search_resources(
    queryset: QuerySet, query: str | SearchQuery, *, near: Point | None = None
) -> SearchResults:
    """Search ``queryset`` for ``query`` with the configured backend; never raises for bad input.

    An empty query returns ``queryset`` unchanged (ordered by distance when ``near`` is given); a
    query with no searchable words (only symbols) matches nothing.
    """
    global _elasticsearch_down_until
    if not isinstance(query, SearchQuery):
        query = build_query(query)
    backend = get_backend()
    if backend.name == "elasticsearch" and not query.is_empty:
        if time.monotonic() >= _elasticsearch_down_until:
            try:
                return backend.search(queryset, query, near=near)
            except SearchUnavailable as error:
                _elasticsearch_down_until = (
                    time.monotonic() + settings.SEARCH_ELASTICSEARCH_RETRY_AFTER
                )
                logger.warning(
                    "Elasticsearch could not answer (%s); searching the database instead "
                    "for the next %.0f s.",
                    error,
                    settings.SEARCH_ELASTICSEARCH_RETRY_AFTER,
                )
        results = get_backend("database").search(queryset, query, near=near)
        results.fell_back = True
        return results
    return get_backend("database").search(queryset, query, near=near)
