"""Bounded pagination: a list goes as deep as ``max_pages``, so every page it shows costs about
the same as the first (the database never skips more than ``max_pages × per_page`` rows)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A ``Paginator`` whose pages stop at ``max_pages``; ``count`` stays the true total, and
    ``truncated`` says that more listings match than the pages show."""

    def __init__(
        self, object_list, per_page, *, max_pages: int, count: int | None = None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages
        if count is not None:  # already known: no COUNT query of its own
            self.count = count

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @property
    def truncated(self) -> bool:
        return self.count > self.max_pages * self.per_page

    @property
    def shown_count(self) -> int:
        """How many listings the pages reach."""
        return min(self.count, self.max_pages * self.per_page)
