"""The Elasticsearch backend, for scale-out: written with the DSL shipped in the client.

The index holds public listings only (hidden ones never; approximate ones with their area
office as the point) under an alias, ``settings.SEARCH_ELASTICSEARCH_INDEX``; a rebuild loads a
fresh index and moves the alias, so search keeps answering while it runs. What the index holds
and how it analyses Japanese is in ``elastic_mapping.py``; the query mirrors the database
backend's rules (every word must match; a word by all of its terms, whole, or by a reading) and
its weights (name > tags > the rest).

Needs the ``analysis-kuromoji`` plugin on the cluster (managed services ship it).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, IntegerField, QuerySet, Value, When
from elasticsearch import Elasticsearch, NotFoundError, dsl
from elasticsearch.helpers import bulk

from directory.geo import Point
from directory.models import Resource

from .documents import indexable
from .elastic_mapping import document_for, index_definition
from .query import Alternative, SearchQuery, Term, Word
from .results import SearchResults, SearchUnavailable

logger = logging.getLogger("directory.search")

# Field boosts mirror the database backend: name 8 > tags 3 > the rest 1.
TOKEN_FIELDS = ["name_tokens^8", "tag_tokens^3", "body_tokens"]
TEXT_FIELDS = ["name^8", "name.reading^3", "tags^3", "tags.reading", "body"]
READING_FIELDS = ["name.reading^8", "tags.reading^3", "body.reading"]
FACETS = {"area": "area", "kind": "kind", "category": "categories"}


def alias_name() -> str:
    return settings.SEARCH_ELASTICSEARCH_INDEX


@functools.lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)


def get_client() -> Elasticsearch:
    """The client for ``ELASTICSEARCH_URL``; short timeouts, because a resident is waiting."""
    if not settings.ELASTICSEARCH_URL:
        raise ImproperlyConfigured("ELASTICSEARCH_URL is not set.")
    return _client(settings.ELASTICSEARCH_URL, settings.SEARCH_ELASTICSEARCH_TIMEOUT)


# --- documents -------------------------------------------------------------------------------


def _actions(resources: Iterable[Resource], index: str, ids: Iterable[int] = ()):
    seen = set()
    for resource in resources:
        seen.add(resource.pk)
        document = document_for(resource)
        if document is None:
            yield {"_op_type": "delete", "_index": index, "_id": str(resource.pk)}
        else:
            yield {"_op_type": "index", "_index": index, "_id": str(resource.pk), **document}
    for pk in ids:
        if pk not in seen:
            yield {"_op_type": "delete", "_index": index, "_id": str(pk)}


def ensure_index(client: Elasticsearch) -> None:
    """Create an empty index behind the alias if there is none yet (before the first rebuild)."""
    alias = alias_name()
    if client.indices.exists(index=alias):
        return
    name = f"{alias}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"
    index_definition(name).create(using=client)
    client.indices.put_alias(index=name, name=alias)


def index_resources(resource_ids: Iterable[int], *, client: Elasticsearch | None = None) -> None:
    """Bring these listings up to date in the index: add, replace or delete each one."""
    client = client or get_client()
    resource_ids = list(resource_ids)
    ensure_index(client)
    resources = indexable().filter(pk__in=resource_ids)
    bulk(
        client,
        _actions(resources, alias_name(), resource_ids),
        raise_on_error=False,
        refresh="wait_for",
    )


def remove_resources(resource_ids: Iterable[int], *, client: Elasticsearch | None = None) -> None:
    client = client or get_client()
    bulk(
        client,
        _actions([], alias_name(), resource_ids),
        raise_on_error=False,
        refresh="wait_for",
    )


def index_resources_quietly(resource_ids: Iterable[int]) -> None:
    """``index_resources`` for save hooks: an editor's save never fails because of the index."""
    try:
        index_resources(resource_ids)
    except Exception as error:  # an editor's save must not fail
        logger.warning("Elasticsearch: could not index listings %s (%s)", resource_ids, error)


def remove_resources_quietly(resource_ids: Iterable[int]) -> None:
    try:
        remove_resources(resource_ids)
    except Exception as error:
        logger.warning("Elasticsearch: could not remove listings %s (%s)", resource_ids, error)


def rebuild(
    *,
    client: Elasticsearch | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 500,
) -> int:
    """Load every public listing into a new index, then point the alias at it and drop the old
    index; returns how many listings were indexed."""
    client = (client or get_client()).options(request_timeout=120)
    alias = alias_name()
    name = f"{alias}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"
    index_definition(name).create(using=client)
    public = indexable(Resource.objects.public()).order_by("pk")
    ids = list(public.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = public.filter(pk__in=ids[start : start + batch_size])
        bulk(client, _actions(batch, name))
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    client.indices.refresh(index=name)

    old: list[str] = []
    if client.indices.exists_alias(name=alias):
        old = list(client.indices.get_alias(name=alias).keys())
    elif client.indices.exists(index=alias):
        client.indices.delete(index=alias)  # a plain index in the alias's place
    client.indices.update_aliases(
        actions=[{"remove": {"index": o, "alias": alias}} for o in old]
        + [{"add": {"index": name, "alias": alias}}]
    )
    for index in old:
        client.indices.delete(index=index)
    return len(ids)


def count(*, client: Elasticsearch | None = None) -> int | None:
    """Documents in the index, or None when there is no index yet."""
    client = client or get_client()
    try:
        return client.count(index=alias_name())["count"]
    except NotFoundError:
        return None


# --- searching -------------------------------------------------------------------------------


def alternative_query(alternative: Alternative) -> dsl.Query:
    """One way of writing a term, found as short units, as kuromoji text, as long units, or
    (all kanji) inside a run of kanji."""
    should = [
        dsl.Q(
            "multi_match",
            query=" ".join(alternative.tokens),
            type="phrase",
            fields=TOKEN_FIELDS,
        ),
        dsl.Q("multi_match", query=alternative.text, type="phrase", fields=TEXT_FIELDS),
    ]
    if alternative.words:
        should.append(
            dsl.Q(
                "multi_match",
                query=" ".join(alternative.words),
                type="phrase",
                fields=["name_words^8", "all_words"],
            )
        )
    if alternative.kanji:
        # Its bigrams side by side; each one also as a term, which keeps servers whose phrase
        # query is loose (osmem) honest.
        kanji = alternative.kanji
        bigrams = [dsl.Q("term", kanji=kanji[i : i + 2]) for i in range(len(kanji) - 1)]
        should.append(dsl.Q("bool", must=[dsl.Q("match_phrase", kanji=kanji), *bigrams]))
    return dsl.Q("bool", should=should, minimum_should_match=1)


def term_query(term: Term) -> dsl.Query:
    return dsl.Q(
        "bool",
        should=[alternative_query(a) for a in term.alternatives],
        minimum_should_match=1,
    )


def reading_query(reading: str) -> dsl.Query:
    """A name or tag reading key starting with ``reading``, a body key equal to it, or the
    kuromoji reading of a field holding it."""
    return dsl.Q(
        "bool",
        should=[
            dsl.Q("prefix", name_readings={"value": reading, "boost": 8}),
            dsl.Q("prefix", tag_readings={"value": reading, "boost": 3}),
            dsl.Q("term", body_readings={"value": reading}),
            dsl.Q("multi_match", query=reading, type="phrase", fields=READING_FIELDS),
        ],
        minimum_should_match=1,
    )


def word_query(word: Word) -> dsl.Query:
    options = []
    if word.terms:
        options.append(dsl.Q("bool", must=[term_query(term) for term in word.terms]))
    if word.whole is not None:
        options.append(alternative_query(word.whole))
    options += [reading_query(reading) for reading in word.readings]
    if len(options) == 1:
        return options[0]
    return dsl.Q("bool", should=options, minimum_should_match=1)


def build_search(query: SearchQuery, *, near: Point | None = None, size: int | None = None):
    """The search request for ``query``: every word must match; facets by area, kind and
    category; best first, or nearest first when ``near`` is given."""
    search = dsl.Search(index=alias_name()).query(
        dsl.Q("bool", must=[word_query(word) for word in query.words])
    )
    search = search.source(False).extra(
        size=size or settings.SEARCH_ELASTICSEARCH_MAX_HITS, track_total_hits=True
    )
    if near is not None:
        search = search.sort(
            {
                "_geo_distance": {
                    "location": {"lat": near[0], "lon": near[1]},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                }
            },
            "_score",
        ).extra(track_scores=True)
    else:
        search = search.sort("_score", {"name_kana": {"order": "asc"}})
    for facet, field in FACETS.items():
        search.aggs.bucket(facet, "terms", field=field, size=100)
    return search


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(
        self, queryset: QuerySet, query: SearchQuery, *, near: Point | None = None
    ) -> SearchResults:
        if not query.has_words:
            return SearchResults(query=query, queryset=queryset.none(), backend=self.name)
        try:
            response = build_search(query, near=near).using(get_client()).execute()
            hits = [
                (int(hit.meta.id), list(getattr(hit.meta, "sort", []) or [])) for hit in response
            ]
            facets = {
                facet: [(b.key, b.doc_count) for b in response.aggregations[facet].buckets]
                for facet in FACETS
            }
        except Exception as error:  # whatever went wrong, the database answers
            raise SearchUnavailable(f"{type(error).__name__}: {error}") from error

        ids = [pk for pk, _ in hits]
        if not ids:
            return SearchResults(
                query=query, queryset=queryset.none(), backend=self.name, facets=facets
            )
        rank = Case(
            *(When(pk=pk, then=Value(len(ids) - i)) for i, pk in enumerate(ids)),
            default=Value(0),
            output_field=IntegerField(),
        )
        results = (
            queryset.filter(pk__in=ids)
            .annotate(search_rank=rank)
            .order_by("-search_rank", "name_kana", "pk")
        )
        distances = {}
        if near is not None:
            distances = {pk: float(sort[0]) for pk, sort in hits if sort and sort[0] is not None}
        return SearchResults(
            query=query,
            queryset=results,
            backend=self.name,
            facets=facets,
            distances_km=distances,
        )
