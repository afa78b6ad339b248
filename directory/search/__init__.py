"""Japanese-aware search over listings, behind one interface with two backends (docs/search.md).

The site calls ``search_resources(queryset, query)``; indexing follows ``Resource.save()`` and
``delete()`` through ``services``; ``manage.py search_index --rebuild`` recreates the indexes.
"""

from .backends import SearchResults, SearchUnavailable, get_backend, search_resources
from .highlight import SearchMatch
from .query import SearchQuery, parse_query

__all__ = [
    "SearchMatch",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "get_backend",
    "parse_query",
    "search_resources",
]
