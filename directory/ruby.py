"""Furigana typed inline, shown as ``<ruby>``.

Editors and groups write a reading right after the kanji it belongs to, in brackets:
``小(ちい)さい``, ``小（ちい）さい`` or ``小《ちい》さい``. The kanji just before the bracket are the
base; a ``｜`` marks where the base starts when it is not only kanji (``｜東京タワー《とうきょうたわー》``).
A bracket holding anything but kana is left as it is (``300円(税込)``), so ordinary notes stay text.

``ruby_html`` escapes everything it does not turn into ruby: user text never becomes markup.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
KANA = "\u3041-\u309f\u30a0-\u30ffー"
READING = rf"[{KANA}][{KANA}\s]*"
RUBY = re.compile(
    rf"(?:[｜|](?P<marked>[^｜|《》()（）\n]+?)|(?P<kanji>[{KANJI}]+))"
    rf"(?:\((?P<a>{READING})\)|（(?P<b>{READING})）|《(?P<c>{READING})》)"
)


def ruby_html(text: str) -> SafeString:
    """``text`` HTML-escaped, with each inline reading turned into ``<ruby>`` (with ``<rp>``
    brackets for browsers that do not show ruby)."""
    parts: list[str] = []
    position = 0
    for match in RUBY.finditer(text):
        parts.append(escape(text[position : match.start()]))
        base = match.group("marked") or match.group("kanji")
        reading = (match.group("a") or match.group("b") or match.group("c")).strip()
        parts.append(format_html("<ruby>{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>", base, reading))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def without_readings(text: str) -> str:
    """``text`` with its inline readings left out (``小(ちい)さい`` → ``小さい``): for places that
    show or read plain text, such as a search snippet or the search index."""
    return RUBY.sub(lambda match: match.group("marked") or match.group("kanji"), text)
