"""When a search finds nothing: 「もしかして」.

``corrected_search`` is the search of the public pages: when the query as typed finds nothing, it
tries, in this order,

1. the sound of its words: a kanji slip of the input method is usually a word that reads the same
   (子ども食道 → こどもしょくどう finds 子ども食堂, 花段 → かだん finds 花壇);
2. the closest words that exist: each word that finds nothing on its own is compared, by spelling
   and by reading, with the words of the listings' names, tags, areas and the synonym list; a
   slip of one character (サロソ, ボランティヤ, 囲碁将旗, 料里) is searched instead at once, and the
   closest few, and the query without the words that find nothing, become 「もしかして」 links.

The results say what was searched instead (``SearchResults.correction``) and offer the others
(``SearchResults.suggestions``), so the page can tell the resident; a query that finds something
as typed is never changed. The open-data API uses ``search_resources`` and gets the query as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import QuerySet

from directory.geo import Point

from . import japanese
from .backends import search_resources
from .query import SearchQuery, Word
from .results import Correction, SearchResults, Suggestion
from .vocabulary import Entry, vocabulary

# A word of up to this many characters may be one character off; longer ones two.
SHORT_WORD = 6
SUGGESTIONS = 3


def corrected_search(
    queryset: QuerySet, raw: str | SearchQuery, *, near: Point | None = None
) -> SearchResults:
    """``search_resources``, and when it finds nothing, the same query read by its sound, or
    with a slip of a character corrected; with 「もしかして」 suggestions when nothing helps."""
    results = search_resources(queryset, raw, near=near)
    query = results.query
    if query.is_empty or not query.has_words or results.queryset.exists():
        return results

    by_sound = read_aloud(query)
    if by_sound is not None:
        again = search_resources(queryset, by_sound, near=near)
        if again.queryset.exists():
            again.correction = Correction(typed=query.text, searched=by_sound.text, by_sound=True)
            return again

    suggestions, confident = suggest(query, queryset)
    if confident:
        again = search_resources(queryset, suggestions[0].text, near=near)
        again.correction = Correction(typed=query.text, searched=suggestions[0].text)
        again.suggestions = suggestions[1:]
        return again
    results.suggestions = suggestions
    return results


def read_aloud(query: SearchQuery) -> SearchQuery | None:
    """The query with each word not written in kana also matched by its reading (「子ども食道」
    also as こどもしょくどう), or None when no word has a reading to add."""
    words = []
    changed = False
    for word in query.words:
        reading = japanese.reading_of(word.text) if not word.readings else ""
        if len(reading) >= 2 and not word.text.isascii():
            word = replace(word, readings=(reading,))
            changed = True
        words.append(word)
    if not changed:
        return None
    text = " ".join(japanese.to_hiragana(w.readings[0]) if w.readings else w.text for w in words)
    return SearchQuery(raw=query.raw, text=text, words=tuple(words))


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    distance: int


def suggest(query: SearchQuery, queryset: QuerySet) -> tuple[list[Suggestion], bool]:
    """「もしかして」 for a query that found nothing: queries that find something, best first, and
    whether the first is a slip of one character to search at once."""
    failing = [word for word in query.words if not finds_something(word, queryset)]
    if not failing:
        return [], False  # each word finds something, only not together
    candidates = {word.text: closest(word) for word in failing}
    texts: list[tuple[str, int]] = []
    for rank in range(SUGGESTIONS):
        chosen = []
        worst = 0
        for word in query.words:
            options = candidates.get(word.text)
            if options is None:
                chosen.append(word.text)
            elif options:
                pick = options[min(rank, len(options) - 1)]
                chosen.append(pick.entry.text)
                worst = max(worst, pick.distance)
            else:
                chosen = []
                break
        if chosen:
            texts.append((" ".join(chosen), worst))
    kept = [word.text for word in query.words if word not in failing]
    if kept:
        texts.append((" ".join(kept), SHORT_WORD))  # without the words that find nothing
    suggestions: list[Suggestion] = []
    distances = []
    for text, distance in dict.fromkeys(texts):
        if any(s.text == text for s in suggestions) or text == query.text:
            continue
        count = search_resources(queryset, text).queryset.count()
        if count:
            suggestions.append(Suggestion(text=text, count=count))
            distances.append(distance)
    confident = bool(suggestions) and distances[0] <= 1
    return suggestions[:SUGGESTIONS], confident


def finds_something(word: Word, queryset: QuerySet) -> bool:
    alone = SearchQuery(raw=word.text, text=word.text, words=(word,))
    return search_resources(queryset, alone).queryset.exists()


def closest(word: Word) -> list[Candidate]:
    """The words of the vocabulary one or two characters (or sounds) away from ``word``, the
    nearest and most common first."""
    text = japanese.normalise(word.text)
    reading = word.readings[0] if word.readings else japanese.reading_of(text)
    allowed = 1 if max(len(text), len(reading)) <= SHORT_WORD else 2
    found = []
    for entry in vocabulary():
        if entry.text == text:
            continue
        distance = min(
            bounded_distance(text, entry.text, allowed),
            bounded_distance(reading, entry.reading, allowed) if reading else allowed + 1,
        )
        if distance <= allowed:
            found.append(Candidate(entry, distance))
    found.sort(key=lambda c: (c.distance, -c.entry.listings, len(c.entry.text)))
    return found[:SUGGESTIONS]


def bounded_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit or not a or not b:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
