"""Template helpers for the public listing pages."""

import unicodedata

from django import template

from directory.public.directions import MapsLink, maps_link
from directory.ruby import ruby_html

register = template.Library()


@register.simple_tag
def directions(resource) -> MapsLink | None:
    """``{% directions resource as link %}``: the 「道順」 link, or None (see directions.py)."""
    return maps_link(resource)


@register.filter
def first_held(dates):
    """The first of a page's coming dates that is not cancelled (the page's 次回), or None: the
    same computation as the dates listed below it, so a preview and the list agree."""
    return next((occurrence for occurrence in dates if not occurrence.cancelled), None)


@register.filter
def tel_href(number: str) -> str:
    """「03-0000-1051」 or 「０３－００００－１０５１」 → 「tel:0300001051」: digits and + only."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", number) if c in "+0123456789")
    return f"tel:{digits}" if digits else ""


@register.filter
def ruby(text: str):
    """``{{ text|ruby }}``: inline readings (小(ちい)さい) as ``<ruby>``, the rest escaped."""
    return ruby_html(str(text or ""))
