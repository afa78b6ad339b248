"""The embedded search backend: token documents and an inverted index in the database, no server.

Each listing has a ``ResourceSearchDocument`` row holding, per field group (name, tags, body),
Sudachi's short units, its long units, the reading keys, and the runs of kanji, each field space
separated with a space at both ends. A query alternative matches when a field contains
`` 子供 食堂 `` (a whole run of units, spaces included) or a run of kanji contains 「囲碁」; a
reading matches when a name or tag key starts with it, or a body key equals it. Each of these
tests is answered by the inverted index (``postings.py``), which gives exactly the listings a
substring test on the column would, by index lookups whose cost does not grow with the number of
listings. Query text only travels as SQL parameters: ``%``, ``_``, ``\\`` or quotes in a query
are only characters, and lower-cased tokens make SQLite and PostgreSQL agree.

Every word must match (AND), each in any field. The rank adds, per word, the weight of the best
field group it matched — name 8 > tags 3 > summary 2 > anywhere else 1 — plus 1 when it is a whole
word of the name (「将棋」 in 囲碁・将棋クラブ, not in 詰将棋の会) and 2 when it is a whole tag
(「子育て」 is the category 子育て; 子育て中の方 only contains it), and 2 when a word of several
terms is found as written rather than scattered (「池上駅」 in 池上駅から, not in 池上線 … 駅).
Ties go to the shorter name, so
子ども食堂ひまわり comes before 子ども食堂ひまわり 調理・配膳ボランティア募集.

The caller's queryset is narrowed to the listings each word matches (``id IN (…)`` over the
postings) and ranked by which sets of postings hold it. Writes live in ``services.py``; this
module reads, and builds document rows.
"""

from __future__ import annotations

import functools
import operator

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from directory.geo import Point, approximate_distance_sql
from directory.models import LocationPrivacy

from . import japanese, postings
from .documents import ListingText, key_field, token_field
from .postings import Found
from .query import Alternative, SearchQuery, Term, Word
from .results import SearchResults
from .vocabulary import terms_field

NAME_WEIGHT = 8
TAG_WEIGHT = 3
SUMMARY_WEIGHT = 2
BODY_WEIGHT = 1
WHOLE_NAME_WORD_BONUS = 1
WHOLE_TAG_BONUS = 2
PHRASE_BONUS = 2


def token_fields(text: ListingText) -> dict[str, str]:
    """Short units of the name, of the tags, and of everything else (Elasticsearch uses them
    too)."""
    return {
        "name_tokens": token_field([text.name]),
        "tag_tokens": token_field(text.tags),
        "body_tokens": token_field(text.body()),
    }


def document_fields(text: ListingText) -> dict[str, str]:
    """The column values of a listing's ``ResourceSearchDocument``. ``all_tokens`` and
    ``all_words`` join the name, tag and body fields with 「|」, which no unit contains, so a run
    never spans two fields; one test on them filters, and the rank looks at the short name and
    tag fields only for matches."""
    tokens = token_fields(text)
    tags = [japanese.normalise(tag) for tag in text.tags]
    long = japanese.long_forms
    name_words = token_field([text.name], long)
    texts = (text.name, *text.tags, *text.body())
    return {
        "name_tokens": tokens["name_tokens"],
        "tag_tokens": tokens["tag_tokens"],
        "summary_tokens": token_field(text.summary),
        "all_tokens": "|".join(tokens.values()),
        "tag_names": "|" + "".join(f"{tag}|{japanese.reading_of(tag)}|" for tag in tags),
        "name_words": name_words,
        "all_words": "|".join(
            [name_words, token_field(text.tags, long), token_field(text.body(), long)]
        ),
        "name_readings": key_field(text.name_reading_keys()),
        "tag_readings": key_field(text.tag_reading_keys()),
        "summary_readings": key_field(text.summary_reading_keys()),
        "body_readings": key_field(text.body_reading_keys()),
        "kanji": key_field(run for t in texts for run in japanese.kanji_runs(t)),
        "terms": terms_field(text.name, text.tags),
    }


def _contains(field: str, needle: str) -> Found:
    """Listings whose document column ``field`` contains ``needle`` (literally)."""
    return postings.contains(field, needle)


_any = postings.union
_all = postings.intersect


def run(units: tuple[str, ...]) -> str:
    return f" {' '.join(units)} "


def alternative_in(
    alternative: Alternative, tokens: str, words: str | None, kanji: str | None
) -> Found | None:
    """The alternative is in these fields: its short units as a run, its long units as a run,
    or (all kanji) inside a run of kanji."""
    return _any(
        [
            _contains(tokens, run(alternative.tokens)),
            _contains(words, run(alternative.words)) if alternative.words and words else None,
            _contains(kanji, alternative.kanji) if alternative.kanji and kanji else None,
        ]
    )


def term_in(
    term: Term, field: str, words: str | None = "all_words", kanji: str | None = None
) -> Found | None:
    """The term (any of its alternatives) is in the token ``field`` (or its long units in
    ``words``, or inside a run of kanji in ``kanji``)."""
    return _any(alternative_in(a, field, words, kanji) for a in term.alternatives)


def reading_in(reading: str, *, body: bool = True) -> Found | None:
    """A name or tag reading key starts with ``reading``, or (``body``) a body key equals it."""
    return _any(
        [
            _contains("name_readings", f" {reading}"),
            _contains("tag_readings", f" {reading}"),
            _contains("body_readings", f" {reading} ") if body else None,
        ]
    )


def word_matches(word: Word) -> Found | None:
    """A word matches when all of its terms do, when it is found whole, or by a reading."""
    whole = word.whole
    return _any(
        [
            _all(term_in(t, "all_tokens", kanji="kanji") for t in word.terms),
            alternative_in(whole, "all_tokens", "all_words", "kanji") if whole else None,
            *(reading_in(r) for r in word.readings),
        ]
    )


def in_name(word: Word) -> Found | None:
    whole = word.whole
    return _any(
        [
            _all(term_in(t, "name_tokens", "name_words") for t in word.terms),
            _contains("name_words", run(whole.words)) if whole and whole.words else None,
            *(_contains("name_readings", f" {r}") for r in word.readings),
        ]
    )


def in_tags(word: Word) -> Found | None:
    return _any(
        [
            _all(term_in(t, "tag_tokens", None) for t in word.terms),
            *(_contains("tag_readings", f" {r}") for r in word.readings),
        ]
    )


def in_summary(word: Word) -> Found | None:
    return _any(
        [
            _all(term_in(t, "summary_tokens", None) for t in word.terms),
            *(_contains("summary_readings", f" {r} ") for r in word.readings),
        ]
    )


def whole_tag(word: Word) -> Found | None:
    """The word (or a synonym of it, or its reading) is the whole of a tag: 「子育て」 names the
    category 子育て, while 子育て中の方 only contains it."""
    names = [a.text for a in word.alternatives] + list(word.readings)
    return _any(_contains("tag_names", f"|{name}|") for name in names)


def as_phrase(word: Word) -> Found | None:
    """A word of several terms found as written, its terms side by side (「池上駅」 in
    「池上駅から」, not 池上線 … 駅; 「地域食堂」, 「囲碁盤」 inside 囲碁盤で)."""
    if word.whole is None:
        return None
    return alternative_in(word.whole, "all_tokens", "all_words", "kanji")


def whole_name_word(word: Word) -> Found | None:
    """The word is a whole long unit of the name (or a run of them)."""
    if len(word.terms) == 1:
        units = [a.words or a.tokens for a in word.terms[0].alternatives]
    elif word.terms:
        units = [tuple(t for term in word.terms for t in term.alternatives[0].tokens)]
    else:
        return None
    return _any(_contains("name_words", run(u)) for u in units)


def _when(condition: Found | None, weight: int) -> list[When]:
    return [] if condition is None else [When(condition.member(), then=Value(weight))]


def _bonus(condition: Found | None, weight: int) -> list[Case]:
    if condition is None:
        return []
    return [
        Case(
            When(condition.member(), then=Value(weight)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ]


def rank_expression(query: SearchQuery):
    parts = []
    for word in query.words:
        parts.append(
            Case(
                *_when(in_name(word), NAME_WEIGHT),
                *_when(in_tags(word), TAG_WEIGHT),
                *_when(in_summary(word), SUMMARY_WEIGHT),
                default=Value(BODY_WEIGHT),
                output_field=IntegerField(),
            )
        )
        parts += _bonus(whole_name_word(word), WHOLE_NAME_WORD_BONUS)
        parts += _bonus(whole_tag(word), WHOLE_TAG_BONUS)
        parts += _bonus(as_phrase(word), PHRASE_BONUS)
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
            results = queryset
            for word in query.words:
                results = results.filter(word_matches(word).q())
            results = results.annotate(search_rank=rank_expression(query))
            results = results.order_by(
                "-search_rank", Length("name").asc(), "name_kana", "name", "pk"
            )
        if near is not None:
            ordering = ["-search_rank"] if "search_rank" in results.query.annotations else []
            results = results.annotate(search_distance=distance_expression(near)).order_by(
                F("search_distance").asc(nulls_last=True), *ordering, "name_kana", "pk"
            )
        return SearchResults(query=query, queryset=results, backend=self.name)
