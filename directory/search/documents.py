"""The plain text search reads from a listing: only what a public page shows, grouped by weight.

Both backends index this projection, and the highlighter explains results from it, so a word can
only match where a resident could see it. Venue, address and access are left out unless the
listing's exact location is public: otherwise searching for a street could reveal a hidden place.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from directory.models import LocationPrivacy, Resource

from . import japanese

BLOCK_END_RE = re.compile(r"<(br|/p|/li|/h[1-6]|/div)\b[^>]*>", re.IGNORECASE)
KANA_PARTS_RE = re.compile(r"[\s・･,、]+")

# Field groups in the order results explain them, with the label residents see.
FIELD_LABELS = {
    "name": "名称",
    "reading": "よみがな",
    "tags": "活動・対象",
    "summary": "紹介",
    "description": "説明",
    "place": "場所",
    "organization": "運営団体",
}
BODY_GROUPS = ("summary", "description", "place", "organization")


def rich_text_to_plain(value: str) -> str:
    """Rich text HTML as plain text, one line per paragraph or list item."""
    return html.unescape(strip_tags(BLOCK_END_RE.sub("\n", value or ""))).strip()


@dataclass(frozen=True)
class ListingText:
    name: str
    name_kana: str
    tags: tuple[str, ...]
    summary: tuple[str, ...]
    description: tuple[str, ...]
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

    def reading_keys(self) -> list[str]:
        """Katakana readings a kana query may start with: the name's reading as written (and each
        part of it after a space or 「・」), and the readings of the name and of each tag as Sudachi
        reads them, from every word onwards. 「しょくどう」 finds 子ども食堂あさがお (ショクドウアサガオ),
        while 「いご」 does not find 介護 (カイゴ): a reading must start where a word starts."""
        keys = name_reading_keys(self.name, self.name_kana)
        for tag in self.tags:
            keys += reading_suffixes(tag)
        return list(dict.fromkeys(keys))

    def readings(self) -> str:
        """``reading_keys`` separated by spaces, as the database stores them."""
        return " ".join(self.reading_keys())


def reading_suffixes(text: str) -> list[str]:
    """How ``text`` reads from each word to its end: 「子ども食堂あさがお」 → コドモショクドウアサガオ,
    ショクドウアサガオ, アサガオ."""
    readings = [token.reading for token in japanese.analyse(text) if token.reading]
    return ["".join(readings[i:]) for i in range(len(readings))]


def name_reading_keys(name: str, name_kana: str) -> list[str]:
    """Readings a kana query may start with, for a name: the よみがな as typed (and each part of
    it after a space or 「・」), and the name as Sudachi reads it, from every word onwards."""
    keys = [japanese.reading_key(part) for part in KANA_PARTS_RE.split(name_kana)]
    keys += reading_suffixes(name)
    return list(dict.fromkeys(key for key in keys if key))


def indexable(queryset=None):
    """Listings with everything ``listing_text`` reads, in one query per relation."""
    queryset = Resource.objects.all() if queryset is None else queryset
    return queryset.select_related("area", "area__region", "organization").prefetch_related(
        "categories", "audiences"
    )


def listing_text(resource) -> ListingText:
    """The projection of one listing; expects area, region, organization and the
    categories and audiences to be loaded (or loads them)."""
    exact = resource.location_privacy == LocationPrivacy.EXACT
    area = resource.area
    place = [area.name, area.region.name]
    if exact:
        place = [resource.venue, resource.address, resource.access, *place]
    organization = resource.organization
    return ListingText(
        name=resource.name,
        name_kana=resource.name_kana,
        tags=tuple(
            [c.name for c in resource.categories.all()] + [a.name for a in resource.audiences.all()]
        ),
        summary=_present(resource.summary, resource.easy_japanese_summary),
        description=_present(rich_text_to_plain(resource.description)),
        place=_present(*place),
        organization=_present(organization.name if organization else ""),
    )


def _present(*texts: str) -> tuple[str, ...]:
    return tuple(text for text in texts if text and text.strip())


def token_field(texts) -> str:
    """Search forms of ``texts`` joined by spaces, with a space at each end, so that
    ``LIKE '% 食堂 %'`` matches whole tokens (and runs of tokens) only."""
    forms = [token.form for text in texts for token in japanese.analyse(text)]
    return f" {' '.join(forms)} " if forms else " "
