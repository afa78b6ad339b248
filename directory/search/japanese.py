"""Japanese text for search: one normalisation and one tokenisation, used at index and query time.

- ``normalise``: NFKC (full-width ASCII → ASCII, half-width katakana → full-width, ｶﾞ → ガ) and lower
  case. It works chunk by chunk (a character with its combining marks), so every position in the
  result maps back to the original text; highlights are placed on the text the resident reads.
- ``analyse``: SudachiPy with sudachidict-core, split mode A (子ども食堂 → 子ども + 食堂, 健康体操 →
  健康 + 体操), Sudachi's normalised form (こども / 子ども / 子供 / コドモ → 子供), then hiragana folded
  to katakana. Particles, auxiliary verbs, symbols and whitespace are dropped.
- ``reading_key``: a kana string folded to katakana with everything but kana removed, for matching
  readings (「こどもしょくどう」 inside 「コドモショクドウヒマワリ」).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode

MAX_QUERY_LENGTH = 100
# Sudachi refuses very long input; descriptions are analysed in pieces no longer than this.
MAX_CHUNK = 4000
CACHED_TEXT_LENGTH = 300
DROPPED_POS = frozenset({"助詞", "助動詞", "補助記号", "記号", "空白"})
HONORIFIC_PREFIXES = frozenset({"御"})  # お・ご: 「お知らせ」 should match 「知らせ」
VOICED_MARKS = frozenset("\uff9e\uff9f\u3099\u309a\u309b\u309c")
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
KANA_WORD_RE = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]+$")
NOT_KATAKANA_RE = re.compile(r"[^\u30a1-\u30fa\u30fc\u30fd\u30fe]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its search form, its reading (katakana only, may be empty for digits
    or Latin letters), and where it sits in the original."""

    form: str
    reading: str
    start: int
    end: int


def _chunks(text: str) -> list[str]:
    """Split a text into a base character plus its combining or voicing marks."""
    chunks: list[str] = []
    for char in text:
        if chunks and (unicodedata.combining(char) or char in VOICED_MARKS):
            chunks[-1] += char
        else:
            chunks.append(char)
    return chunks


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its positions (plus one past the end), the
    position in ``text`` it came from."""
    if unicodedata.is_normalized("NFKC", text) and text.lower() == text:
        return text, list(range(len(text) + 1))  # the common case, without the loop
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for chunk in _chunks(text):
        normal = unicodedata.normalize("NFKC", chunk).lower()
        parts.append(normal)
        offsets.extend([position] * len(normal))
        position += len(chunk)
    offsets.append(position)
    return "".join(parts), offsets


def normalise(text: str) -> str:
    """NFKC and lower case; the same result as ``normalise_with_offsets`` without the offsets."""
    return normalise_with_offsets(text)[0]


def fold_kana(text: str) -> str:
    """Hiragana to katakana, so that 「さろん」 and 「サロン」 compare equal."""
    return text.translate(HIRAGANA_TO_KATAKANA)


def is_kana_word(word: str) -> bool:
    """True for a normalised word written only in kana (and the long-vowel mark)."""
    return bool(KANA_WORD_RE.match(word))


def has_hiragana(text: str) -> bool:
    return any("\u3041" <= char <= "\u309f" for char in text)


def reading_key(text: str) -> str:
    """Katakana only: 「いご・しょうぎ くらぶ」 → 「イゴショウギクラブ」."""
    return NOT_KATAKANA_RE.sub("", fold_kana(normalise(text)))


@functools.cache
def _dictionary() -> Dictionary:
    # Loaded once per process (the dictionary is memory-mapped, about 0.1 s).
    return Dictionary(dict="core")


_local = threading.local()


def _tokenizer():
    # A Sudachi tokenizer keeps state between calls, so each thread gets its own.
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _dictionary().tokenizer(
            mode=SplitMode.A, fields={"pos", "normalized_form", "reading_form"}
        )
        _local.tokenizer = tokenizer
    return tokenizer


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut into (offset, piece) no longer than MAX_CHUNK, at a line or sentence end."""
    pieces = []
    start = 0
    while len(text) - start > MAX_CHUNK:
        window = text[start : start + MAX_CHUNK]
        cut = max(window.rfind("\n"), window.rfind("。"), window.rfind(" "))
        end = start + (cut + 1 if cut > 0 else MAX_CHUNK)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _is_symbols(form: str) -> bool:
    return all(unicodedata.category(char)[0] in "PSZC" for char in form)


def analyse(text: str) -> tuple[Token, ...]:
    """The words of ``text`` in order, with positions in ``text`` itself (not the normalised text).

    Short texts are cached: names, categories, areas and summaries recur on every result page."""
    if len(text) <= CACHED_TEXT_LENGTH:
        return _analyse_cached(text)
    return _analyse(text)


@functools.lru_cache(maxsize=8192)
def _analyse_cached(text: str) -> tuple[Token, ...]:
    return _analyse(text)


def _analyse(text: str) -> tuple[Token, ...]:
    if not text:
        return ()
    normal, offsets = normalise_with_offsets(text)
    tokenizer = _tokenizer()
    tokens: list[Token] = []
    for base, piece in _pieces(normal):
        for morpheme in tokenizer.tokenize(piece):
            if morpheme.part_of_speech()[0] in DROPPED_POS:
                continue
            form = morpheme.normalized_form().lower()
            if form in HONORIFIC_PREFIXES or _is_symbols(form):
                continue
            tokens.append(
                Token(
                    form=fold_kana(form),
                    reading=NOT_KATAKANA_RE.sub("", fold_kana(morpheme.reading_form())),
                    start=offsets[base + morpheme.begin()],
                    end=offsets[base + morpheme.end()],
                )
            )
    return tuple(tokens)


def token_forms(text: str) -> tuple[str, ...]:
    """Just the search forms of ``text``."""
    return tuple(token.form for token in analyse(text))


def clean_query(query: str) -> str:
    """A query as the search reads it: normalised, trimmed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(normalise(query or "").split())[:MAX_QUERY_LENGTH].strip()
