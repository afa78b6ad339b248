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

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When

from directory.geo import Point
from directory.models import Resource

from .database import DatabaseBackend
from .elastic import ElasticsearchBackend
from .models import SearchSynonym
from .query import SearchQuery, parse_query, synonym_groups
from .results import SearchBackend, SearchResults, SearchUnavailable

logger = logging.getLogger("directory.search")


def load_synonyms():
    """The editable synonym list, read on every search so that an edit applies at once."""
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
        return ElasticsearchBackend()
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


def search_resources_for_staff(queryset: QuerySet, query: str | SearchQuery) -> SearchResults:
    """Search ``queryset`` as staff do in the admin: drafts and hidden listings can be found too.

    The database documents cover every listing. Elasticsearch holds public listings only, so when
    it is the backend it answers for those (best first) and the database for the rest, which
    follow; when it cannot answer, the database answers for all.
    """
    if not isinstance(query, SearchQuery):
        query = build_query(query)
    database = get_backend("database")
    if get_backend().name != "elasticsearch" or not query.has_words:
        return database.search(queryset, query)
    public = Resource.objects.public().values("pk")
    found = search_resources(queryset.filter(pk__in=public), query)
    if found.fell_back:
        return database.search(queryset, query)
    ids = found.ids() + database.search(queryset.exclude(pk__in=public), query).ids()
    if not ids:
        return SearchResults(query=query, queryset=queryset.none(), backend=found.backend)
    rank = Case(
        *(When(pk=pk, then=Value(len(ids) - i)) for i, pk in enumerate(ids)),
        output_field=IntegerField(),
    )
    results = queryset.filter(pk__in=ids).annotate(search_rank=rank).order_by("-search_rank")
    return SearchResults(query=query, queryset=results, backend=found.backend)
