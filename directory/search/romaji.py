"""Romaji typed for a Japanese word (kodomo shokudo, ibasho, omori), read as katakana.

Hepburn and kunrei spellings are both read (shi / si, tsu / tu, ja / zya). Residents rarely
type long vowels (shogi for しょうぎ, omori for おおもり), so each of the first few o and u
(and yu) may also be read long. A word that is not romaji throughout (volunteer, cafe) has no reading:
English words are matched through the synonym list instead.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

VOWELS = {"a": "ア", "i": "イ", "u": "ウ", "e": "エ", "o": "オ"}
ROWS = {
    "k": "カキクケコ",
    "g": "ガギグゲゴ",
    "s": "サシスセソ",
    "z": "ザジズゼゾ",
    "t": "タチツテト",
    "d": "ダヂヅデド",
    "n": "ナニヌネノ",
    "h": "ハヒフヘホ",
    "b": "バビブベボ",
    "p": "パピプペポ",
    "m": "マミムメモ",
    "r": "ラリルレロ",
    "y": "ヤ\0ユ\0ヨ",
    "w": "ワ\0\0\0ヲ",
}
# Syllables that do not follow the table above (Hepburn), and the small-ya/yu/yo sounds.
SPECIAL = {
    "shi": "シ",
    "chi": "チ",
    "tsu": "ツ",
    "fu": "フ",
    "ji": "ジ",
    "sha": "シャ",
    "shu": "シュ",
    "sho": "ショ",
    "she": "シェ",
    "cha": "チャ",
    "chu": "チュ",
    "cho": "チョ",
    "che": "チェ",
    "ja": "ジャ",
    "ju": "ジュ",
    "jo": "ジョ",
    "je": "ジェ",
    "fa": "ファ",
    "fi": "フィ",
    "fe": "フェ",
    "fo": "フォ",
    "ti": "チ",
    "tu": "ツ",
    "hu": "フ",
    "si": "シ",
    "zi": "ジ",
}
SMALL_Y = {"a": "ャ", "u": "ュ", "o": "ョ"}
Y_ROWS = {"ky": "キ", "gy": "ギ", "sy": "シ", "zy": "ジ", "jy": "ジ", "ty": "チ", "cy": "チ"}
Y_ROWS |= {"ny": "ニ", "hy": "ヒ", "by": "ビ", "py": "ピ", "my": "ミ", "ry": "リ", "dy": "ヂ"}
O_SOUNDS = "オコゴソゾトドノホボポモヨョロヲ"
U_SOUNDS = "ユュ"  # きゅう, じゅう, ゆう; a long く or す is rare
ROMAJI_RE = re.compile(r"^[a-z']{2,30}$")
LONG_VOWEL_POSITIONS = 3
MAX_READINGS = 12


def _syllables(word: str) -> list[str] | None:
    """The katakana syllables of ``word``, or None when it is not romaji throughout."""
    syllables: list[str] = []
    i = 0
    while i < len(word):
        rest = word[i:]
        char = rest[0]
        if char == "'":
            i += 1
            continue
        if char in VOWELS:
            syllables.append(VOWELS[char])
            i += 1
            continue
        if char == "n" and (len(rest) == 1 or rest[1] not in "aiueoy"):
            syllables.append("ン")
            i += 2 if rest[1:2] in ("n", "'") else 1
            continue
        if len(rest) > 1 and rest[1] == char and char not in "aiueon":
            syllables.append("ッ")  # a doubled consonant: kk, ss, tt, pp
            i += 1
            continue
        if rest.startswith("tch"):
            syllables.append("ッ")
            i += 1
            continue
        for size in (3, 2):
            if rest[:size] in SPECIAL:
                syllables.append(SPECIAL[rest[:size]])
                i += size
                break
        else:
            if rest[:2] in Y_ROWS and rest[2:3] in SMALL_Y:
                syllables.append(Y_ROWS[rest[:2]] + SMALL_Y[rest[2]])
                i += 3
            elif char in ROWS and rest[1:2] in VOWELS:
                kana = ROWS[char]["aiueo".index(rest[1])]
                if kana == "\0":
                    return None
                syllables.append(kana)
                i += 2
            else:
                return None
    return syllables


def readings(word: str) -> list[str]:
    """Katakana readings of a romaji word, plainest first: 「shogi」 → ショギ, ショウギ, ショオギ…;
    an empty list when ``word`` is not romaji."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(char for char in word if not unicodedata.combining(char))  # ō → o
    if not ROMAJI_RE.match(word):
        return []
    syllables = _syllables(word)
    if not syllables or syllables[0] in ("ン", "ッ"):  # no word starts there: npo, nk
        return []
    positions = [
        i
        for i, s in enumerate(syllables)
        if s[-1] in O_SOUNDS + U_SOUNDS and syllables[i + 1 : i + 2] not in (["ウ"], ["オ"])
    ]
    positions = positions[:LONG_VOWEL_POSITIONS]
    found: list[str] = []
    for choice in itertools.product(*(_lengthenings(syllables[p]) for p in positions)):
        extended = list(syllables)
        for position, extra in zip(positions, choice, strict=True):
            extended[position] += extra
        found.append("".join(extended))
    found.sort(key=len)
    return list(dict.fromkeys(found))[:MAX_READINGS]


def _lengthenings(syllable: str) -> tuple[str, ...]:
    """How a short o or u may have been meant long: ソ → ソ, ソウ, ソオ; ュ → ュ, ュウ."""
    if syllable[-1] in O_SOUNDS:
        return ("", "ウ", "オ")
    return ("", "ウ")
