"""Indicators for the plan's 進行管理: counts per fiscal year, month, region, area and kind.

Nothing here returns a client-level row: every figure is a count or a share, so tables, charts and
the CSV export carry no personal data. Supervisors see every area, coordinators their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Func, IntegerField, Q
from django.utils import timezone

from directory.dates import fiscal_months, month_end
from directory.models import Area, Category, Kind, Region

from .models import CLOSED_GAP_STATUSES, FollowUp, GapStatus, Placement, ResourceGap
from .selectors.scope import require_scope


class DaysBetween(Func):
    """Whole days from the first date column to the second (NULL if either is NULL).

    Plain SQL on both databases, so that counts by lateness need no Python per row.
    """

    output_field = IntegerField()

    def __init__(self, start, end):
        super().__init__(end, start)  # rendered as end − start

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )


@dataclass
class Row:
    label: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Share:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


@dataclass
class Indicators:
    fiscal_year: int
    month: dt.date | None
    start: dt.date
    end: dt.date
    areas: list[Area]
    months: list[dt.date]
    placements_by_month: list[int] = field(default_factory=list)
    placements_by_area: list[Row] = field(default_factory=list)
    placements_by_region: list[Row] = field(default_factory=list)
    placements_by_kind: list[Row] = field(default_factory=list)
    retention: Share = field(default_factory=lambda: Share(0, 0))
    settled: int = 0
    follow_ups_on_time: Share = field(default_factory=lambda: Share(0, 0))
    follow_ups_late: int = 0
    follow_ups_missed: int = 0
    # values: [opened, closed (創出済・見送り), listings created from gaps (創出済)]
    gaps_by_area: list[Row] = field(default_factory=list)
    gaps_by_category: list[Row] = field(default_factory=list)  # values: [opened, closed]

    @property
    def placements_total(self) -> int:
        return sum(self.placements_by_month)

    @property
    def gaps_opened(self) -> int:
        return sum(r.values[0] for r in self.gaps_by_area)

    @property
    def gaps_closed(self) -> int:
        return sum(r.values[1] for r in self.gaps_by_area)

    @property
    def listings_from_gaps_total(self) -> int:
        return sum(r.values[2] for r in self.gaps_by_area)

    def month_labels(self) -> list[str]:
        return [f"{m.month}月" for m in self.months]


def indicators_compute(
    *,
    user,
    fiscal_year: int,
    month: int | None = None,
    region_id: int | None = None,
    area_id: int | None = None,
    today: dt.date | None = None,
) -> Indicators:
    """Every indicator for a fiscal year (or one month of it), limited to the user's areas and
    to the region/area chosen. Counts only."""
    scope = require_scope(user=user)
    today = today or timezone.localdate()
    areas = Area.objects.filter(pk__in=scope.area_ids).select_related("region")
    if region_id:
        areas = areas.filter(region_id=region_id)
    if area_id:
        areas = areas.filter(pk=area_id)
    months = fiscal_months(fiscal_year)
    chosen_month = None
    if month:
        chosen_month = next(m for m in months if m.month == month)
        months = [chosen_month]
    result = Indicators(
        fiscal_year,
        chosen_month,
        months[0],
        month_end(months[-1]),
        list(areas.order_by("code")),
        months,
    )
    _count_placements(result)
    _count_retention(result, today)
    _count_follow_ups(result, today)
    _count_gaps(result)
    return result


def _area_ids(ind: Indicators) -> list[int]:
    return [a.pk for a in ind.areas]


def _count_placements(ind: Indicators) -> None:
    """つなげた件数: placements that reached 参加開始 in the period, by month, area, region, kind."""
    by_area, by_kind = _started_by_area_and_kind(ind)
    ind.placements_by_area = [Row(a.name, by_area[a.pk]) for a in ind.areas]
    ind.placements_by_month = [
        sum(r.values[i] for r in ind.placements_by_area) for i in range(len(ind.months))
    ]
    region_rows: dict[int, list[int]] = {}
    regions = {r.pk: r for r in Region.objects.all()}
    for a in ind.areas:
        totals = region_rows.setdefault(a.region_id, [0] * len(ind.months))
        for i, v in enumerate(by_area[a.pk]):
            totals[i] += v
    ind.placements_by_region = [Row(regions[pk].name, v) for pk, v in region_rows.items()]
    ind.placements_by_kind = [Row(label, [by_kind[value]]) for value, label in Kind.choices]


def _started_by_area_and_kind(ind: Indicators) -> tuple[dict[int, list[int]], Counter]:
    """Starts per month for each area id, and in all for each listing kind.

    One pass with a conditional count per month (no per-row date functions).
    """
    per_month = {
        f"m{i}": Count("pk", filter=Q(started_on__range=(m, month_end(m))))
        for i, m in enumerate(ind.months)
    }
    by_area: dict[int, list[int]] = defaultdict(lambda: [0] * len(ind.months))
    by_kind: Counter = Counter()
    for row in (
        Placement.objects.filter(
            started_on__range=(ind.start, ind.end), client__area_id__in=_area_ids(ind)
        )
        .values("client__area_id", "resource__kind")
        .annotate(**per_month)
    ):
        counts = [row[f"m{i}"] for i in range(len(ind.months))]
        totals = by_area[row["client__area_id"]]
        for i, n in enumerate(counts):
            totals[i] += n
        by_kind[row["resource__kind"]] += sum(counts)
    return by_area, by_kind


def _count_retention(ind: Indicators, today: dt.date) -> None:
    """3か月後も参加している割合: started in the period at least three months ago and not ended
    (終了) within three months of the start; and the placements settled (定着) in the period."""
    three_months = settings.FOLLOW_UP_SETTLEMENT_OFFSET_DAYS
    eligible_until = min(ind.end, today - dt.timedelta(days=three_months))
    retention = {"eligible": 0, "attending": 0}
    if eligible_until >= ind.start:
        retention = (
            Placement.objects.filter(
                started_on__range=(ind.start, eligible_until), client__area_id__in=_area_ids(ind)
            )
            .alias(days=DaysBetween("started_on", "ended_on"))
            .aggregate(
                eligible=Count("pk"),
                attending=Count("pk", filter=Q(ended_on__isnull=True) | Q(days__gt=three_months)),
            )
        )
    ind.retention = Share(retention["attending"], retention["eligible"])
    ind.settled = Placement.objects.filter(
        settled_on__range=(ind.start, ind.end), client__area_id__in=_area_ids(ind)
    ).count()


def _count_follow_ups(ind: Indicators, today: dt.date) -> None:
    """フォローアップの実施: due in the period up to today (not cancelled). On time = done within
    the grace days after the due date; missed = not done and the grace days have passed."""
    grace = settings.FOLLOW_UP_ON_TIME_GRACE_DAYS
    follow_ups = (
        FollowUp.objects.filter(
            due_on__range=(ind.start, min(ind.end, today)),
            cancelled=False,
            placement__client__area_id__in=_area_ids(ind),
        )
        .alias(days=DaysBetween("due_on", "done_on"))
        .aggregate(
            on_time=Count("pk", filter=Q(done_on__isnull=False, days__lte=grace)),
            late=Count("pk", filter=Q(done_on__isnull=False, days__gt=grace)),
            missed=Count(
                "pk",
                filter=Q(done_on__isnull=True, due_on__lt=today - dt.timedelta(days=grace)),
            ),
        )
    )
    on_time, late, missed = follow_ups["on_time"], follow_ups["late"], follow_ups["missed"]
    ind.follow_ups_on_time = Share(on_time, on_time + late + missed)
    ind.follow_ups_late, ind.follow_ups_missed = late, missed


def _count_gaps(ind: Indicators) -> None:
    """地域資源の不足: opened and closed (創出済・見送り) in the period, by area and category,
    and the listings created from them (創出済 with the listing that answers the gap)."""
    gaps = ResourceGap.objects.filter(area_id__in=_area_ids(ind))
    opened_qs = gaps.filter(opened_on__range=(ind.start, ind.end))
    closed_qs = gaps.filter(closed_on__range=(ind.start, ind.end), status__in=CLOSED_GAP_STATUSES)
    created_qs = closed_qs.filter(status=GapStatus.CREATED, answered_by__isnull=False)
    opened, closed, created = (
        _count_by(qs, "area_id") for qs in (opened_qs, closed_qs, created_qs)
    )
    ind.gaps_by_area = [Row(a.name, [opened[a.pk], closed[a.pk], created[a.pk]]) for a in ind.areas]
    cat_opened, cat_closed = (_count_by(qs, "category_id") for qs in (opened_qs, closed_qs))
    names = dict(Category.objects.values_list("pk", "name"))
    keys = sorted(set(cat_opened) | set(cat_closed), key=lambda k: (k is None, names.get(k, "")))
    ind.gaps_by_category = [
        Row(names.get(k, "分類なし"), [cat_opened[k], cat_closed[k]]) for k in keys
    ]


def _count_by(queryset, key: str) -> Counter:
    """How many rows of ``queryset`` there are for each value of ``key`` (one GROUP BY)."""
    return Counter(dict(queryset.values(key).annotate(n=Count("pk")).values_list(key, "n")))
