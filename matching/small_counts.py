"""Small-count protection (小さな数の秘匿) for tables of counts that leave a supervisor's screen.

A count of 1 or 2 people in one area and month can point at a person. Before a table is shown
to a coordinator or written to a file, every count above zero and below the threshold
(``MATCHING_SMALL_COUNT_THRESHOLD``, default 3) is hidden (*primary suppression*). A hidden cell
could still be worked out from a total and the other cells of its row, so for every relation
"these parts add up to this total" that has exactly one hidden member, one more member is hidden
(*complementary suppression*), the smallest part above zero first, until no relation has
exactly one.

The functions here know nothing of indicators: they take figures by key and the relations
between them, and return the keys to hide.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

HIDDEN = "＊"


def is_small(value: int, *, threshold: int) -> bool:
    """Whether ``value`` is a count that must not be shown (above zero, below the threshold)."""
    return 0 < value < threshold


def suppress(
    values: Mapping[Hashable, int],
    relations: Iterable[Sequence[Hashable]],
    *,
    threshold: int,
) -> set[Hashable]:
    """The keys of ``values`` to hide.

    Each relation lists the keys of parts and, last, the key of their total. On return no
    relation has exactly one hidden member, so no hidden count can be derived by subtraction
    within a relation. Zero is shown: it names nobody.
    """
    relations = [list(r) for r in relations if len(r) > 1]
    hidden = {k for k, v in values.items() if is_small(v, threshold=threshold)}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if sum(k in hidden for k in relation) != 1:
                continue
            hidden.add(_complement(relation, values, hidden))
            changed = True
    return hidden


def _complement(relation: list[Hashable], values: Mapping[Hashable, int], hidden: set) -> Hashable:
    """The member to hide beside the only hidden one: the smallest part above zero, else the
    total, else a zero part. (A total is preferred to a zero: hiding zeros spreads through the
    empty cells of a sparse table, while a total's partner is among the other totals.)"""
    *parts, total = relation
    open_parts = [k for k in parts if k not in hidden]
    above_zero = [k for k in open_parts if values[k] > 0]
    if above_zero:
        return min(above_zero, key=lambda k: values[k])
    if total not in hidden:
        return total
    return open_parts[0]


def shown(value: int, *, hidden: bool) -> str:
    """A count as a table shows it: the number, or the mark of a hidden count."""
    return HIDDEN if hidden else str(value)


class Figures:
    """Figures by key and the relations between them; once ``settle`` ran, which to hide."""

    def __init__(self) -> None:
        self.values: dict = {}
        self.relations: list[list] = []
        self.hidden: set = set()

    def add(self, key, value: int) -> None:
        self.values[key] = value

    def relate(self, parts: list, total) -> None:
        """``parts`` add up to ``total``."""
        self.relations.append([*parts, total])

    def settle(self, *, protect: bool, threshold: int) -> None:
        if protect:
            self.hidden = suppress(self.values, self.relations, threshold=threshold)

    def hides(self, *keys) -> bool:
        return any(k in self.hidden for k in keys)

    def text(self, key) -> str:
        return shown(self.values[key], hidden=key in self.hidden)
