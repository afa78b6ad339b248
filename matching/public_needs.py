"""「こんな場が求められています」: open resource gaps that coordinators marked shareable, in
aggregate only, for the public page of each area.

What leaves the workspace: the area, the activity category, the audience, the weekdays and times
asked for, and a count band (「3〜4件」). Never a description, a case code, a date or an exact
count, and never a group of fewer gaps than ``MATCHING_SMALL_COUNT_THRESHOLD``: a small group
is folded into its category (any audience), then into 「その他の分野」, and dropped if still small.
A weekday or time is named only when that many of the group's gaps ask for it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from directory.models import Area
from directory.models.schedules import WEEKDAY_CHOICES

from .models import TIME_OF_DAY_NAMES, GapStatus, ResourceGap

OPEN_STATUSES = (GapStatus.REGISTERED, GapStatus.CONSIDERING)
ANY_CATEGORY = "その他の分野"
ANY_AUDIENCE = "対象を問わず"
WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)


@dataclass
class PublicNeed:
    category: str
    audience: str
    band: str
    weekdays: list[str]
    times: list[str]


def _shared(area_ids=None):
    gaps = ResourceGap.objects.filter(shareable=True, status__in=OPEN_STATUSES)
    return gaps if area_ids is None else gaps.filter(area_id__in=area_ids)


def count_band(n: int, *, threshold: int) -> str:
    """A count as a band: 「3〜4件」「5〜9件」「10〜19件」「20件以上」 (from the threshold)."""
    edges = [threshold] + [e for e in (5, 10, 20) if e > threshold]
    for low, high in zip(edges, edges[1:], strict=False):
        if low <= n < high:
            return f"{low}〜{high - 1}件"
    return f"{edges[-1]}件以上"


def public_needs_for_area(*, area: Area, threshold: int | None = None) -> list[PublicNeed]:
    """The needs of one area as the public page lists them, largest first."""
    threshold = threshold or settings.MATCHING_SMALL_COUNT_THRESHOLD
    rows = list(
        _shared([area.pk]).values("category__name", "audience__name", "weekdays", "times_of_day")
    )
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["category__name"] or ANY_CATEGORY, row["audience__name"] or ANY_AUDIENCE)
        groups[key].append(row)
    for fold in (lambda k: (k[0], ANY_AUDIENCE), lambda k: (ANY_CATEGORY, ANY_AUDIENCE)):
        for key in [k for k, v in groups.items() if len(v) < threshold]:
            target = fold(key)
            if target != key:
                groups[target].extend(groups.pop(key))
    needs = [
        _need(key, members, threshold)
        for key, members in groups.items()
        if len(members) >= threshold
    ]
    return sorted(needs, key=lambda n: (n.category == ANY_CATEGORY, n.category, n.audience))


def _need(key: tuple[str, str], members: list[dict], threshold: int) -> PublicNeed:
    days = Counter(d for m in members for d in (m["weekdays"] or []))
    times = Counter(t for m in members for t in (m["times_of_day"] or []))
    return PublicNeed(
        category=key[0],
        audience=key[1],
        band=count_band(len(members), threshold=threshold),
        weekdays=[WEEKDAY_NAMES[d] for d in sorted(days) if days[d] >= threshold],
        times=[TIME_OF_DAY_NAMES[t] for t in sorted(times) if times[t] >= threshold],
    )


def public_needs_by_area(*, threshold: int | None = None) -> dict[int, str]:
    """For the index: each area's count band of shared open gaps ("" when below the threshold)."""
    threshold = threshold or settings.MATCHING_SMALL_COUNT_THRESHOLD
    counts = dict(_shared().values("area_id").annotate(n=Count("pk")).values_list("area_id", "n"))
    return {
        pk: count_band(n, threshold=threshold) if n >= threshold else "" for pk, n in counts.items()
    }
