"""The plain text search reads from a listing: only what a public page shows, grouped by weight.

Both backends index this projection, and the highlighter explains results from it, so a word can
only match where a resident could see it. Venue, address and access are left out unless the
listing's exact location is public: otherwise searching for a street could reveal a hidden place.

Three weights: the name; the tags (kind, categories, audiences, languages, accessibility and the
card's flags such as 見学可 or 無料); and the body (summaries, description, the details of taking
part, place, organising group).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import strip_tags

from directory.models import LocationPrivacy, Resource
from directory.models.resources import FOOD_DETAIL_FIELDS, VOLUNTEER_DETAIL_FIELDS
from directory.ruby import without_readings

from . import japanese

BLOCK_END_RE = re.compile(r"<(br|/p|/li|/h[1-6]|/div)\b[^>]*>", re.IGNORECASE)
KANA_PARTS_RE = re.compile(r"[\s・･,、]+")
# A kana query matches a run of at most this many words of body text, read aloud.
LONGEST_READING_RUN = 4

# Field groups in the order results explain them, with the label residents see.
FIELD_LABELS = {
    "name": "名称",
    "reading": "よみがな",
    "tags": "種類・活動・対象",
    "summary": "紹介",
    "description": "説明",
    "details": "参加のしかた",
    "place": "場所",
    "organization": "運営団体",
}
BODY_GROUPS = ("summary", "description", "details", "place", "organization")
# The card's flags, named as the model names them (「見学可」, 「無料」 …).
FLAG_FIELDS = (
    "is_free",
    "newcomer_welcome",
    "tour_welcome",
    "companion_welcome",
    "booking_required",
)
DETAIL_FIELDS = ("cost", "how_to_apply", "alert", *FOOD_DETAIL_FIELDS, *VOLUNTEER_DETAIL_FIELDS)


def rich_text_to_plain(value: str) -> str:
    """Rich text HTML as plain text, one line per paragraph or list item."""
    return html.unescape(strip_tags(BLOCK_END_RE.sub("\n", value or ""))).strip()


def reading_suffixes(text: str) -> list[str]:
    """How ``text`` reads from each word to its end: 「子ども食堂あさがお」 → コドモショクドウアサガオ,
    ショクドウアサガオ, アサガオ. A kana query that starts one of these matches (names, tags)."""
    sequence = japanese.reading_sequence(text)
    return [
        "".join(reading for reading, _ in sequence[i:])
        for i, (_, starts) in enumerate(sequence)
        if starts
    ]


def reading_runs(text: str, longest: int = LONGEST_READING_RUN) -> list[str]:
    """How each run of one to ``longest`` words of ``text`` reads, starting at a word:
    「転倒予防の体操」 → テントウ, テントウヨボウ, テントウヨボウノ … A kana query equal to one of
    these matches (body text: whole words only, so 「いご」 does not find 居心地)."""
    sequence = japanese.reading_sequence(text)
    runs = []
    for i, (_, starts) in enumerate(sequence):
        if starts:
            joined = ""
            for reading, _ in sequence[i : i + longest]:
                joined += reading
                runs.append(joined)
    return runs


@dataclass(frozen=True)
class ListingText:
    name: str
    name_kana: str
    tags: tuple[str, ...]
    summary: tuple[str, ...]
    description: tuple[str, ...]
    details: tuple[str, ...]
    place: tuple[str, ...]
    organization: tuple[str, ...]

    def group(self, name: str) -> tuple[str, ...]:
        if name == "name":
            return (self.name,)
        if name == "reading":
            return (self.name_kana,)
        return getattr(self, name)

    def body(self) -> tuple[str, ...]:
        return tuple(text for group in BODY_GROUPS for text in self.group(group))

    def name_reading_keys(self) -> list[str]:
        """Readings a kana query may start with, for the name (``name_reading_keys``)."""
        return name_reading_keys(self.name, self.name_kana)

    def tag_reading_keys(self) -> list[str]:
        return unique(key for tag in self.tags for key in reading_suffixes(tag))

    def body_reading_keys(self) -> list[str]:
        return unique(key for text in self.body() for key in reading_runs(text))

    def summary_reading_keys(self) -> list[str]:
        return unique(key for text in self.summary for key in reading_runs(text))


def unique(keys) -> list[str]:
    return list(dict.fromkeys(key for key in keys if key))


def name_reading_keys(name: str, name_kana: str) -> list[str]:
    """Readings a kana query may start with, for a name: the よみがな as typed (and each part of
    it after a space or 「・」), and the name as Sudachi reads it, from every word on.
    「しょくどう」 finds 子ども食堂あさがお (ショクドウアサガオ), while 「いご」 does not find 介護
    (カイゴ): a reading must start where a word starts."""
    keys = [japanese.reading_key(part) for part in KANA_PARTS_RE.split(name_kana)]
    keys += reading_suffixes(name)
    return unique(keys)


def indexable(queryset=None):
    """Listings with everything ``listing_text`` reads, in one query per relation."""
    queryset = Resource.objects.all() if queryset is None else queryset
    return queryset.select_related("area", "area__region", "organization").prefetch_related(
        "categories", "audiences", "languages", "accessibility_features"
    )


def listing_text(resource) -> ListingText:
    """The projection of one listing; expects area, region, organization and the categories,
    audiences, languages and accessibility features to be loaded (or loads them)."""
    exact = resource.location_privacy == LocationPrivacy.EXACT
    area = resource.area
    place = [area.name, area.region.name]
    if exact:
        place = [resource.venue, resource.address, resource.access, *place]
    organization = resource.organization
    return ListingText(
        name=resource.name,
        name_kana=resource.name_kana,
        tags=_present(
            resource.get_kind_display(),
            *(c.name for c in resource.categories.all()),
            *(a.name for a in resource.audiences.all()),
            *(x.name for x in resource.languages.all() if x.slug != site_language()),
            *(x.name for x in resource.accessibility_features.all()),
            *flags(resource),
        ),
        # Readings typed inline (小(ちい)さい) are for the page's <ruby>, not for a snippet.
        summary=_present(resource.summary, without_readings(resource.easy_japanese_summary)),
        description=_present(rich_text_to_plain(resource.description)),
        details=_present(*(getattr(resource, name) for name in DETAIL_FIELDS)),
        place=_present(*place),
        organization=_present(organization.name if organization else ""),
    )


def site_language() -> str:
    """The site's own language (ja): every listing speaks it, so it is not a word to find
    listings by (「日本語」 should find Japanese classes, not every listing)."""
    return settings.LANGUAGE_CODE.split("-")[0]


def flags(resource) -> list[str]:
    """The labels of the card's flags that are set on ``resource``."""
    return [
        str(resource._meta.get_field(name).verbose_name)
        for name in FLAG_FIELDS
        if getattr(resource, name)
    ]


def _present(*texts: str) -> tuple[str, ...]:
    return tuple(text for text in texts if text and text.strip())


def token_field(texts, forms=None) -> str:
    """Search forms of ``texts`` joined by spaces, with a space at each end, so that a run of
    tokens is matched whole (`` 子供 食堂 ``). ``forms`` picks the unit (``japanese.token_forms``,
    the short units, by default; ``japanese.long_forms`` for the long ones)."""
    forms = forms or japanese.token_forms
    found = [form for text in texts for form in forms(text)]
    return f" {' '.join(found)} " if found else " "


def key_field(keys) -> str:
    """Reading keys or kanji runs joined by spaces, with a space at each end."""
    keys = list(keys)
    return f" {' '.join(keys)} " if keys else " "
