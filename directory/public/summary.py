"""What a list page was asked for, in words: for its title, its heading and its count.

「子ども食堂」で探すと、見出しは「「子ども食堂」の検索結果」、件数は「「子ども食堂」 29件」。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .filters import ResourceFilter
from .forms import NearForm

# The filters that a heading names, in the order it names them (``q`` and the place come first).
NAMED_FILTERS = [
    "kind",
    "category",
    "audience",
    "region",
    "area",
    "weekday",
    "time_of_day",
    "language",
    "free",
    "barrier_free",
    "this_week",
]
SEPARATOR = "・"
SUFFIXES = {"area": "エリア", "region": "地域"}


@dataclass(frozen=True)
class SearchSummary:
    """The words for one search. ``terms`` are what the filter panel narrowed by (not the
    keyword or the place); ``filter_count`` is how many of them are set, for the panel's label."""

    keyword: str = ""
    near: str = ""
    terms: list[str] = field(default_factory=list)

    @property
    def filter_count(self) -> int:
        return len(self.terms)

    @property
    def is_empty(self) -> bool:
        return not (self.keyword or self.near or self.terms)

    @property
    def label(self) -> str:
        """「「子ども食堂」・フード支援」, or "" when nothing was asked for."""
        words = ([f"「{self.keyword}」"] if self.keyword else []) + self.terms
        return SEPARATOR.join(words)

    @property
    def heading(self) -> str:
        """「「子ども食堂」・無料の検索結果」, 「「蒲田駅」から近い順」, or "" with no search."""
        if self.label and self.near:
            return f"{self.label}（{self.near}）"
        if self.label:
            return f"{self.label}の検索結果"
        return self.near


def _term(filterset: ResourceFilter, name: str, value) -> str:
    if hasattr(value, "pk"):  # an area, region or vocabulary row
        return f"{value}{SUFFIXES.get(name, '')}"
    form_field = filterset.form.fields[name]
    if value is True:
        return str(form_field.label)
    return str(dict(form_field.choices).get(str(value), value))


def search_summary(
    filterset: ResourceFilter, near: NearForm, *, fixed: tuple[str, ...] = ()
) -> SearchSummary:
    """The words for what ``filterset`` and ``near`` were asked; filters named in ``fixed`` (an
    area page's own area) are part of the page, not of the search, and are left out."""
    valid = filterset.is_bound and filterset.is_valid()
    data = filterset.form.cleaned_data if valid else {}
    terms = [
        _term(filterset, name, data[name])
        for name in NAMED_FILTERS
        if name not in fixed and data.get(name) not in (None, "", False)
    ]
    return SearchSummary(keyword=(data.get("q") or "").strip(), near=near.summary, terms=terms)
