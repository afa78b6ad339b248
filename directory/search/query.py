"""A resident's query, read once and shared by both backends and by the highlighter.

A query is a list of words (split at spaces). A word matches a listing when its reading is found
in the listing's readings (kana words only: 「こどもしょくどう」) or when every term of the word is
found. A term is one token of the word, or a run of tokens that is a term in the editable synonym
list, in which case any of the synonyms will do (「フードパントリー」 → 食料配布 …).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import japanese

# A hostile or pasted query can hold dozens of tokens; the first ones carry the meaning.
MAX_TERMS = 16
MIN_READING_LENGTH = 2


@dataclass(frozen=True)
class Alternative:
    """One way of writing a term: its tokens (matched as a run) and its normalised text."""

    tokens: tuple[str, ...]
    text: str


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
    reading: str = ""  # katakana, for kana-only words


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

    def forms(self) -> frozenset[str]:
        """Every token any term could match, for highlighting."""
        return frozenset(
            token
            for word in self.words
            for term in word.terms
            for alternative in term.alternatives
            for token in alternative.tokens
        )

    def readings(self) -> tuple[str, ...]:
        return tuple(word.reading for word in self.words if word.reading)


@dataclass(frozen=True)
class SynonymGroup:
    alternatives: tuple[Alternative, ...]


def synonym_groups(texts: Iterable[str]) -> list[SynonymGroup]:
    """Turn rows of the synonym list (「子ども食堂 こども食堂 子供食堂」) into groups of alternatives."""
    groups = []
    for text in texts:
        alternatives: dict[tuple[str, ...], Alternative] = {}
        for term in split_terms(text):
            tokens = japanese.token_forms(term)
            if tokens and tokens not in alternatives:
                alternatives[tokens] = Alternative(tokens, japanese.normalise(term))
        if len(alternatives) > 1:
            groups.append(SynonymGroup(tuple(alternatives.values())))
    return groups


def split_terms(text: str) -> list[str]:
    """Terms of a synonym row, separated by spaces, commas or 「、」 (one per line also works)."""
    for separator in (",", "、", "，", "\n"):
        text = text.replace(separator, " ")
    return [term for term in japanese.normalise(text).split() if term]


def parse_query(raw: str, groups: Iterable[SynonymGroup] = ()) -> SearchQuery:
    """Read a resident's query: normalise, tokenise, expand synonyms (longest run first)."""
    text = japanese.clean_query(raw)
    by_tokens: dict[tuple[str, ...], SynonymGroup] = {}
    for group in groups:
        for alternative in group.alternatives:
            by_tokens.setdefault(alternative.tokens, group)
    longest = max((len(tokens) for tokens in by_tokens), default=0)

    words = []
    budget = MAX_TERMS
    for word_text in text.split():
        if budget <= 0:
            break
        tokens = japanese.analyse(word_text)
        terms = []
        i = 0
        while i < len(tokens) and len(terms) < budget:
            for size in range(min(longest, len(tokens) - i), 0, -1):
                run = tuple(token.form for token in tokens[i : i + size])
                group = by_tokens.get(run)
                if group is not None:
                    terms.append(Term(group.alternatives))
                    i += size
                    break
            else:
                token = tokens[i]
                terms.append(
                    Term((Alternative((token.form,), word_text[token.start : token.end]),))
                )
                i += 1
        reading = ""
        if japanese.is_kana_word(word_text):
            reading = japanese.reading_key(word_text)
            if len(reading) < MIN_READING_LENGTH:
                reading = ""
            elif japanese.has_hiragana(word_text) and not (
                len(tokens) == 1 and tokens[0].end - tokens[0].start >= 2
            ):
                # Sudachi cuts runs of hiragana it does not know badly (「いご」 → 居る + 御,
                # 「しょくどう」 → 食 + どう), so unless the word is one dictionary word
                # (「しょうぎ」 → 将棋) it is matched by its reading alone.
                terms = []
        budget -= len(terms)
        if terms or reading:
            words.append(Word(word_text, tuple(terms), reading))
    return SearchQuery(raw=raw or "", text=text, words=tuple(words))
