"""Japanese text for search: one normalisation and one tokenisation, used at index and query time.

- ``normalise``: NFKC (full-width ASCII → ASCII, half-width katakana → full-width, ｶﾞ → ガ) and lower
  case. It works chunk by chunk (a character with its combining marks), so every position in the
  result maps back to the original text; highlights are placed on the text the resident reads.
- ``analyse``: SudachiPy with sudachidict-core, split mode A — the short units (子ども食堂 → 子ども +
  食堂, 健康体操 → 健康 + 体操) — as Sudachi's normalised form (こども / 子ども / 子供 / コドモ →
  子供), hiragana folded to katakana. Particles, auxiliary verbs, symbols, whitespace and helper
  verbs (できる, もらえる, ある) are dropped.
- ``long_forms``: the same in split mode C, the long units, which unify what the short units do
  not (一人暮らし / ひとり暮らし / 独り暮らし → 独り暮らし, 車いす / 車椅子 → 車椅子).
- ``reading_sequence``: how the text is read, word by word (katakana), particles included, with
  the words a reading may start at (a reading never starts at a particle).
- ``kanji_runs``: the runs of two or more kanji, where a word may hide inside a compound that
  Sudachi cuts elsewhere (「囲碁盤で」 is read 囲 + 碁盤).
- ``common_nouns``: the common nouns of a text as written, in long units (「料理」「書道」「パソコン」),
  for matching a person's own words against a listing's text.
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
# Verbs and adjectives that mostly help others (できる, もらえる, ある, いる, する, ない): 「見学
# できるサロン」 asks for 見学 and サロン.
DROPPED_HELPERS = frozenset({"動詞", "形容詞"})
HONORIFIC_PREFIXES = frozenset({"御"})  # お・ご: 「お知らせ」 should match 「知らせ」
VOICED_MARKS = frozenset("\uff9e\uff9f\u3099\u309a\u309b\u309c")
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
KATAKANA_TO_HIRAGANA = {katakana: hiragana for hiragana, katakana in HIRAGANA_TO_KATAKANA.items()}
KANJI_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]{2,}")
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


def to_hiragana(text: str) -> str:
    """Katakana to hiragana, to show a reading: 「コドモショクドウ」 → 「こどもしょくどう」."""
    return text.translate(KATAKANA_TO_HIRAGANA)


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


def _tokenizer(mode: SplitMode = SplitMode.A):
    # A Sudachi tokenizer keeps state between calls, so each thread gets its own (per mode).
    tokenizers = getattr(_local, "tokenizers", None)
    if tokenizers is None:
        tokenizers = _local.tokenizers = {}
    key = str(mode)  # SplitMode is not hashable
    tokenizer = tokenizers.get(key)
    if tokenizer is None:
        tokenizer = tokenizers[key] = _dictionary().tokenizer(
            mode=mode, fields={"pos", "normalized_form", "reading_form"}
        )
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


def _morphemes(text: str, mode: SplitMode):
    """(morpheme, start, end) over the normalised ``text``, positions in ``text`` itself."""
    normal, offsets = normalise_with_offsets(text)
    tokenizer = _tokenizer(mode)
    for base, piece in _pieces(normal):
        for morpheme in tokenizer.tokenize(piece):
            yield morpheme, offsets[base + morpheme.begin()], offsets[base + morpheme.end()]


def _content_form(morpheme) -> str | None:
    """The search form of a content word, or None for a particle, symbol or honorific."""
    pos = morpheme.part_of_speech()
    if pos[0] in DROPPED_POS or (pos[0] in DROPPED_HELPERS and pos[1] == "非自立可能"):
        return None
    form = morpheme.normalized_form().lower()
    if form in HONORIFIC_PREFIXES or _is_symbols(form):
        return None
    return fold_kana(form)


def is_function_word(text: str) -> bool:
    """True when ``text`` is a helper verb or adjective, with only auxiliaries or particles after
    it (「もらえる」, 「できます」, 「あります」): a query word like that asks for nothing, as a
    particle would not. Kana that Sudachi misreads (「いご」 → 居る + 御) are not."""
    pos = [m.part_of_speech()[:2] for m, _, _ in _morphemes(text, SplitMode.A)] if text else []
    return bool(pos) and (
        pos[0][0] in DROPPED_HELPERS
        and pos[0][1] == "非自立可能"
        and all(p[0] in ("助動詞", "助詞") for p in pos[1:])
    )


def _reading(morpheme) -> str:
    return NOT_KATAKANA_RE.sub("", fold_kana(morpheme.reading_form()))


def _analyse(text: str, mode: SplitMode = SplitMode.A) -> tuple[Token, ...]:
    if not text:
        return ()
    tokens: list[Token] = []
    for morpheme, start, end in _morphemes(text, mode):
        form = _content_form(morpheme)
        if form is not None:
            tokens.append(Token(form=form, reading=_reading(morpheme), start=start, end=end))
    return tuple(tokens)


def token_forms(text: str) -> tuple[str, ...]:
    """Just the search forms of ``text``."""
    return tuple(token.form for token in analyse(text))


@functools.lru_cache(maxsize=4096)
def _analyse_long_cached(text: str) -> tuple[Token, ...]:
    return _analyse(text, SplitMode.C)


def analyse_long(text: str) -> tuple[Token, ...]:
    """Like ``analyse``, in Sudachi's long units (split mode C): 一人暮らし → 独り暮らし."""
    if len(text) <= CACHED_TEXT_LENGTH:
        return _analyse_long_cached(text)
    return _analyse(text, SplitMode.C)


def long_forms(text: str) -> tuple[str, ...]:
    """Just the search forms of the long units of ``text``."""
    return tuple(token.form for token in analyse_long(text))


# Common nouns that are mostly adverbs or counters (昔, 方) say nothing about what someone does.
CONTENT_NOUN_TYPES = frozenset({"一般", "サ変可能", "形状詞可能"})


def common_nouns(text: str) -> tuple[str, ...]:
    """The common nouns of ``text`` in Sudachi's long units, as written, each once, at least two
    characters long: 「料理が得意。書道を教えていた」 → 料理, 得意, 書道."""
    nouns = []
    for morpheme, start, end in _morphemes(text, SplitMode.C) if text else ():
        pos = morpheme.part_of_speech()
        if pos[:2] == ("名詞", "普通名詞") and pos[2] in CONTENT_NOUN_TYPES and end - start >= 2:
            nouns.append(text[start:end])
    return tuple(dict.fromkeys(nouns))


def reading_sequence(text: str) -> list[tuple[str, bool]]:
    """(reading, starts a word) for each morpheme with a reading, particles included: a reading
    may run over a particle (花と緑 → ハナトミドリ) but never starts at one."""
    if not text:
        return []
    sequence = []
    for morpheme, _, _ in _morphemes(text, SplitMode.A):
        reading = _reading(morpheme)
        if reading and not _is_symbols(morpheme.surface()):
            sequence.append((reading, _content_form(morpheme) is not None))
    return sequence


@functools.lru_cache(maxsize=4096)
def reading_of(text: str) -> str:
    """How a short text reads, in katakana: 「高齢者」 → コウレイシャ."""
    return "".join(reading for reading, _ in reading_sequence(text))


def kanji_runs(text: str) -> list[str]:
    """Runs of two or more kanji in the normalised text: 「囲碁盤で遊ぶ」 → ["囲碁盤"]."""
    return KANJI_RUN_RE.findall(normalise(text))


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Where the normalised ``needle`` occurs in the normalised ``text``, as spans of ``text``."""
    normal, offsets = normalise_with_offsets(text)
    spans = []
    start = normal.find(needle)
    while needle and start >= 0:
        spans.append((offsets[start], offsets[start + len(needle)]))
        start = normal.find(needle, start + 1)
    return spans


def is_kanji_word(word: str) -> bool:
    """True for a normalised word of two or more kanji and nothing else (「囲碁」, 「健康体操」)."""
    return bool(KANJI_RUN_RE.fullmatch(word))


def clean_query(query: str) -> str:
    """A query as the search reads it: normalised, trimmed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(normalise(query or "").split())[:MAX_QUERY_LENGTH].strip()
