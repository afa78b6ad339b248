"""A resident's query, read once and shared by both backends and by the highlighter.

A query is a list of words (split at spaces). A word matches a listing when all of its terms are
found, when the word as a whole is found as Sudachi's long units or inside a run of kanji, or
when one of its readings is (kana words, and romaji: 「しょくどう」, 「shokudo」). A term is one
short unit of the word, or a run of them that is a term in the editable synonym list, in which
case any of the synonyms will do (「フードパントリー」 → 食料配布 …). An alternative is found as a
run of short units, as a run of long units (一人暮らし / 独り暮らし), or — for a word written all in
kanji — inside a run of kanji (囲碁 in 囲碁盤, which Sudachi reads 囲 + 碁盤).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import japanese, romaji

# A hostile or pasted query can hold dozens of tokens; the first ones carry the meaning.
MAX_TERMS = 16
MIN_READING_LENGTH = 2
# Synonyms written with a space (「food bank」) join up to this many words of a query.
LONGEST_PHRASE = 3


@dataclass(frozen=True)
class Alternative:
    """One way of writing a term: its short units (matched as a run), its normalised text, its
    long units when they differ (matched as a run), the text again when it is all kanji
    (matched inside a run of kanji), and how it reads (to find synonyms of a kana word)."""

    tokens: tuple[str, ...]
    text: str
    words: tuple[str, ...] = ()
    kanji: str = ""
    reading: str = ""


def alternative(text: str, tokens: tuple[str, ...] | None = None) -> Alternative | None:
    """``text`` as an alternative, or None when it holds no word (「%%%」)."""
    tokens = japanese.token_forms(text) if tokens is None else tokens
    if not tokens:
        return None
    normal = japanese.normalise(text)
    words = japanese.long_forms(text)
    return Alternative(
        tokens=tokens,
        text=normal,
        words=words if words != tokens else (),
        kanji=normal if japanese.is_kanji_word(normal) else "",
        reading=japanese.reading_of(normal),
    )


@dataclass(frozen=True)
class Term:
    """Must be found in a listing: any one of its alternatives, in any field."""

    alternatives: tuple[Alternative, ...]

    @property
    def text(self) -> str:
        return self.alternatives[0].text


@dataclass(frozen=True)
class Word:
    text: str
    terms: tuple[Term, ...]
    readings: tuple[str, ...] = ()  # katakana, for kana and romaji words
    whole: Alternative | None = None  # the word as written, when it has several terms

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        found = [a for term in self.terms for a in term.alternatives]
        return tuple(found + ([self.whole] if self.whole else []))


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    text: str
    words: tuple[Word, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when the resident typed nothing: every listing the filters allow is shown."""
        return not self.text

    @property
    def has_words(self) -> bool:
        """False for a query of nothing but symbols (「%%%」), which matches no listing."""
        return bool(self.words)

    def alternatives(self) -> tuple[Alternative, ...]:
        return tuple(a for word in self.words for a in word.alternatives)

    def forms(self) -> frozenset[str]:
        """Every short unit any term could match, for highlighting."""
        return frozenset(token for a in self.alternatives() for token in a.tokens)

    def long_forms(self) -> frozenset[str]:
        return frozenset(word for a in self.alternatives() for word in a.words)

    def kanji(self) -> frozenset[str]:
        return frozenset(a.kanji for a in self.alternatives() if a.kanji)

    def readings(self) -> tuple[str, ...]:
        return tuple(reading for word in self.words for reading in word.readings)


@dataclass(frozen=True)
class SynonymGroup:
    alternatives: tuple[Alternative, ...]


def synonym_groups(texts: Iterable[str]) -> list[SynonymGroup]:
    """Turn rows of the synonym list (「子ども食堂 こども食堂 子供食堂」) into groups of alternatives."""
    groups = []
    for text in texts:
        alternatives: dict[tuple[str, ...], Alternative] = {}
        for term in split_terms(text):
            found = alternative(term)
            if found is not None and found.tokens not in alternatives:
                alternatives[found.tokens] = found
        if len(alternatives) > 1:
            groups.append(SynonymGroup(tuple(alternatives.values())))
    return groups


def split_terms(text: str) -> list[str]:
    """Terms of a synonym row. Separated by 「、」 or commas (one per line also works), a term may
    hold spaces (「フードバンク、food bank」); otherwise spaces separate them."""
    normal = japanese.normalise(text)  # 「，」 → 「,」
    separators = ("、", ",", "\n")
    if any(separator in normal for separator in separators):
        for separator in separators:
            normal = normal.replace(separator, "\n")
        return [" ".join(term.split()) for term in normal.split("\n") if term.strip()]
    return normal.split()


def merged(groups: Iterable[SynonymGroup]) -> list[tuple[Alternative, ...]]:
    """Rows that share a word are one group: 「高齢者 お年寄り」 and 「高齢者、elderly」 make
    高齢者 = お年寄り = elderly, as the editors who wrote them meant."""
    owner: dict[tuple[str, ...], int] = {}
    merged_groups: dict[int, dict[Alternative, None]] = {}
    for number, group in enumerate(groups):
        members = dict.fromkeys(group.alternatives)
        for other in {owner[a.tokens] for a in group.alternatives if a.tokens in owner}:
            members.update(merged_groups.pop(other))
        merged_groups[number] = members
        for a in members:
            owner[a.tokens] = number
    return [tuple(members) for members in merged_groups.values()]


class Synonyms:
    """The synonym groups, looked up by a run of short units, by the long units of a whole word,
    by reading (「こうれいしゃ」 → 高齢者) and by a phrase of several words."""

    def __init__(self, groups: Iterable[SynonymGroup]):
        self.by_tokens: dict[tuple[str, ...], tuple[Alternative, ...]] = {}
        self.by_words: dict[tuple[str, ...], tuple[Alternative, ...]] = {}
        self.by_reading: dict[str, tuple[Alternative, ...]] = {}
        phrases = set()
        for alternatives in merged(groups):
            for a in alternatives:
                self.by_tokens[a.tokens] = alternatives
                self.by_words[a.words or a.tokens] = alternatives
                if a.reading:
                    self.by_reading[a.reading] = alternatives
                if " " in a.text:
                    phrases.add(a.text)
        self.phrases = frozenset(phrases)
        self.longest = max((len(tokens) for tokens in self.by_tokens), default=0)


def join_phrases(pieces: list[str], synonyms: Synonyms) -> list[str]:
    """Join words that together are a synonym written with a space: ["food", "bank"] →
    ["food bank"]."""
    joined = []
    i = 0
    while i < len(pieces):
        for size in range(min(LONGEST_PHRASE, len(pieces) - i), 1, -1):
            phrase = " ".join(pieces[i : i + size])
            if phrase in synonyms.phrases:
                joined.append(phrase)
                i += size
                break
        else:
            joined.append(pieces[i])
            i += 1
    return joined


def word_readings(text: str, tokens) -> tuple[tuple[str, ...], bool]:
    """The readings a word may be matched by, and whether it is matched by them alone."""
    if japanese.is_kana_word(text):
        reading = japanese.reading_key(text)
        if len(reading) < MIN_READING_LENGTH:
            return (), False
        # Sudachi cuts runs of hiragana it does not know badly (「いご」 → 居る + 御,
        # 「しょくどう」 → 食 + どう, 「かまた」 → か + 又), so unless the whole word is one
        # dictionary word (「しょうぎ」 → 将棋) it is matched by its reading alone.
        alone = japanese.has_hiragana(text) and not (
            len(tokens) == 1 and (tokens[0].start, tokens[0].end) == (0, len(text))
        )
        return (reading,), alone
    found = [r for r in romaji.readings(text) if len(r) >= MIN_READING_LENGTH]
    return tuple(found), False


def word_terms(text: str, tokens, synonyms: Synonyms, budget: int) -> list[Term]:
    """The terms of one word: the whole word when its long units are a synonym, otherwise its
    short units with synonym runs (longest first)."""
    whole = synonyms.by_words.get(japanese.long_forms(text)) if len(tokens) > 1 else None
    if whole:
        own = alternative(text, tuple(t.form for t in tokens))
        return [Term(tuple(dict.fromkeys((own, *whole))))]
    terms: list[Term] = []
    i = 0
    while i < len(tokens) and len(terms) < budget:
        for size in range(min(synonyms.longest, len(tokens) - i), 0, -1):
            alternatives = synonyms.by_tokens.get(tuple(t.form for t in tokens[i : i + size]))
            if alternatives:
                terms.append(Term(alternatives))
                i += size
                break
        else:
            token = tokens[i]
            terms.append(Term((alternative(text[token.start : token.end], (token.form,)),)))
            i += 1
    return terms


def parse_query(raw: str, groups: Iterable[SynonymGroup] = ()) -> SearchQuery:
    """Read a resident's query: normalise, tokenise, expand synonyms, add readings."""
    text = japanese.clean_query(raw)
    synonyms = Synonyms(groups)
    words = []
    budget = MAX_TERMS
    for piece in join_phrases(text.split(), synonyms):
        if budget <= 0:
            break
        tokens = japanese.analyse(piece)
        if not tokens and japanese.is_function_word(piece):
            continue  # 「お米 もらえる」 asks for お米
        readings, by_reading_alone = word_readings(piece, tokens)
        terms = [] if by_reading_alone else word_terms(piece, tokens, synonyms, budget)
        synonyms_read = [synonyms.by_reading[r] for r in readings if r in synonyms.by_reading]
        if synonyms_read and len(terms) <= 1:  # 「こうれいしゃ」 is 高齢者, お年寄り …
            known = terms[0].alternatives if terms else ()
            terms = [Term(tuple(dict.fromkeys((*known, *synonyms_read[0]))))]
        whole = alternative(piece) if len(terms) > 1 else None
        budget -= len(terms)
        if terms or readings:
            words.append(Word(piece, tuple(terms), readings, whole))
    return SearchQuery(raw=raw or "", text=text, words=tuple(words))
