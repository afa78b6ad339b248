"""What the Elasticsearch index holds: its analysis, its mapping, and one listing as a document.

Text is normalised in Python exactly as for the database backend (NFKC, lower case), then
analysed by kuromoji (search mode, base forms, ``cjk_width``, ``lowercase``), with a
``kuromoji_readingform`` reading sub-field on the name, the tags and the body. Queries on those
fields go through the editable synonym list as a ``synonym_graph`` filter, read from the database
when an index is created (an edit reaches the filter at the next ``search_index --rebuild``; the
query itself carries the synonyms at once, as on the database backend).

Beside them, the same keys as the database backend's documents: Sudachi's short and long units
(whitespace analyser), the reading keys as keywords (prefix for the name and tags, whole for the
body), and the runs of kanji cut into bigrams, so both backends agree on こども / 子ども / 子供,
一人暮らし / 独り暮らし, 「しょくどう」 and 囲碁 inside 囲碁盤.
"""

from __future__ import annotations

from collections.abc import Iterable

from elasticsearch import dsl

from directory.models import LocationPrivacy, Resource

from . import japanese
from .database import document_fields
from .documents import listing_text
from .models import SearchSynonym
from .query import split_terms

JA_FILTERS = [
    "kuromoji_baseform",
    "kuromoji_part_of_speech",
    "cjk_width",
    "ja_stop",
    "kuromoji_stemmer",
    "lowercase",
]
ja_tokenizer = dsl.tokenizer("ja_search_tokenizer", "kuromoji_tokenizer", mode="search")
# Queries are cut in normal mode: a synonym filter must not be fed the graph of search mode.
ja_query_tokenizer = dsl.tokenizer("ja_query_tokenizer", "kuromoji_tokenizer", mode="normal")
ja_text = dsl.analyzer("ja_text", tokenizer=ja_tokenizer, filter=JA_FILTERS)
ja_reading = dsl.analyzer(
    "ja_reading",
    tokenizer=ja_tokenizer,
    filter=[
        "cjk_width",
        dsl.token_filter("ja_katakana_reading", "kuromoji_readingform", use_romaji=False),
        "lowercase",
    ],
)
kanji_bigrams = dsl.analyzer(
    "kanji_bigrams",
    tokenizer=dsl.tokenizer(
        "kanji_bigram_tokenizer", "ngram", min_gram=2, max_gram=2, token_chars=["letter"]
    ),
)
QUERY_ANALYZER = "ja_query"


def ja_query_analyzer(synonyms: list[str]):
    """The query analyzer: ``ja_text`` in normal mode, then the synonym list."""
    return dsl.analyzer(
        QUERY_ANALYZER,
        tokenizer=ja_query_tokenizer,
        filter=[
            *JA_FILTERS,
            dsl.token_filter("ja_synonyms", "synonym_graph", synonyms=synonyms, lenient=True),
        ],
    )


def ja_field(**kwargs) -> dsl.Text:
    return dsl.Text(
        analyzer=ja_text,
        search_analyzer=QUERY_ANALYZER,
        fields={"reading": dsl.Text(analyzer=ja_reading)},
        **kwargs,
    )


class ResourceDocument(dsl.Document):
    """One public listing in Elasticsearch."""

    name = ja_field()
    name_kana = dsl.Keyword()
    tags = ja_field(multi=True)
    body = ja_field(multi=True)
    name_tokens = dsl.Text(analyzer="whitespace")
    tag_tokens = dsl.Text(analyzer="whitespace")
    body_tokens = dsl.Text(analyzer="whitespace")
    name_words = dsl.Text(analyzer="whitespace")
    all_words = dsl.Text(analyzer="whitespace", multi=True)  # name, tags, body
    name_readings = dsl.Keyword(multi=True)  # matched by prefix
    tag_readings = dsl.Keyword(multi=True)  # matched by prefix
    body_readings = dsl.Keyword(multi=True)  # matched whole
    kanji = dsl.Text(analyzer=kanji_bigrams)
    kind = dsl.Keyword()
    status = dsl.Keyword()
    area = dsl.Keyword()
    region = dsl.Keyword()
    categories = dsl.Keyword(multi=True)
    audiences = dsl.Keyword(multi=True)
    location = dsl.GeoPoint()
    updated_at = dsl.Date()


def synonym_rules(rows: Iterable[str]) -> list[str]:
    """The synonym list in the filter's format: 「フードパントリー, 食料配布, food bank」."""
    rules = []
    for row in rows:
        terms = list(dict.fromkeys(split_terms(row)))
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def index_definition(name: str, synonyms: list[str] | None = None) -> dsl.Index:
    """Settings (analysis) and mappings of a concrete index called ``name``; the synonym rules
    are read from the database unless given."""
    if synonyms is None:
        synonyms = synonym_rules(SearchSynonym.objects.values_list("terms", flat=True))
    index = dsl.Index(name)
    index.settings(number_of_shards=1)
    index.analyzer(ja_query_analyzer(synonyms))
    index.document(ResourceDocument)
    return index


def document_for(resource: Resource) -> dict | None:
    """The indexed form of a listing, or None when it must not be in the index."""
    if not resource.live or resource.location_privacy == LocationPrivacy.HIDDEN:
        return None
    text = listing_text(resource)
    fields = document_fields(text)
    point = resource.public_point
    return {
        "name": japanese.normalise(text.name),
        "name_kana": resource.name_kana,
        "tags": [japanese.normalise(tag) for tag in text.tags],
        "body": [japanese.normalise(part) for part in text.body()],
        "name_tokens": fields["name_tokens"].strip(),
        "tag_tokens": fields["tag_tokens"].strip(),
        "body_tokens": fields["all_tokens"].split("|")[2].strip(),
        "name_words": fields["name_words"].strip(),
        "all_words": [part.strip() for part in fields["all_words"].split("|")],
        "name_readings": fields["name_readings"].split(),
        "tag_readings": fields["tag_readings"].split(),
        "body_readings": fields["body_readings"].split(),
        "kanji": fields["kanji"].strip(),
        "kind": resource.kind,
        "status": resource.status,
        "area": resource.area.slug,
        "region": resource.area.region.slug,
        "categories": [c.slug for c in resource.categories.all()],
        "audiences": [a.slug for a in resource.audiences.all()],
        "location": {"lat": point[0], "lon": point[1]} if point else None,
        "updated_at": resource.updated_at,
    }
