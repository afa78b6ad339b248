"""The plan's indicator table (「（３）評価・検証」): every indicator of the ward's plan for the
重層的支援体制整備事業 that this system can count, per fiscal year, month, region and area, with the
same period a year before.

The plan manages the programme by the indicators under the three basic goals of its 地域福祉計画:

基本目標１「つながりを感じることができる地域をめざします」
  - ひきこもり支援室ＳＡＰＯＴＡや若者サポートセンターフラットおおたの支援件数
  - 地域福祉コーディネート事業（参加支援事業）において地域資源等につなげた件数
基本目標２「誰もが地域に参加できる共生のまちづくりを進めます」
  - 各地域づくり支援事業において、地域活動を支援した件数又は多様な主体が参加するための事業数
  - 各地域づくり支援事業において、区民や団体・事業者などが参加した数
基本目標３「安心して生活できる地域を支えます」
  - 各包括的相談支援事業において、他課題に気づき、関係機関につないだ件数
  - 重層的支援会議の件数
  - 重層的支援会議によって作成したアウトリーチ支援プランの件数

Each indicator is one or two aggregate queries (a conditional count per month and one for the
year before, grouped by area), so the table costs the same whatever the number of records.
Counts only: nothing here returns a client-level row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from directory.dates import fiscal_months, month_end
from directory.models import Area, Kind

from .models import (
    AgencyReferral,
    Client,
    CommunityAction,
    Meeting,
    MeetingKind,
    OutreachPlan,
    Placement,
)
from .selectors.scope import require_scope

GOALS = {
    1: "基本目標１「つながりを感じることができる地域をめざします」",
    2: "基本目標２「誰もが地域に参加できる共生のまちづくりを進めます」",
    3: "基本目標３「安心して生活できる地域を支えます」",
}


@dataclass
class PlanIndicator:
    goal: int
    label: str
    how: str  # what the system counts for it (shown under the table)
    by_month: list[int]
    by_area: dict[int, int]
    previous: int  # the same period a year before

    @property
    def total(self) -> int:
        return sum(self.by_month)

    @property
    def change_percent(self) -> float | None:
        """Change on the year before, in per cent (None without a figure to compare with)."""
        if not self.previous:
            return None
        return round(100 * (self.total - self.previous) / self.previous, 1)


@dataclass
class PlanTable:
    fiscal_year: int
    month: dt.date | None
    start: dt.date
    end: dt.date
    areas: list[Area]
    months: list[dt.date]
    indicators: list[PlanIndicator] = field(default_factory=list)

    def month_labels(self) -> list[str]:
        return [f"{m.month}月" for m in self.months]

    def goal_label(self, goal: int) -> str:
        return GOALS[goal]


@dataclass
class _Period:
    months: list[dt.date]
    previous_start: dt.date
    previous_end: dt.date
    area_ids: list[int]


def plan_indicators_compute(
    *,
    user,
    fiscal_year: int,
    month: int | None = None,
    region_id: int | None = None,
    area_id: int | None = None,
) -> PlanTable:
    """The plan's indicators for a fiscal year (or one month of it), limited to the user's areas
    and to the region or area chosen, with the same period of the year before."""
    scope = require_scope(user=user)
    areas = Area.objects.filter(pk__in=scope.area_ids).select_related("region")
    if region_id:
        areas = areas.filter(region_id=region_id)
    if area_id:
        areas = areas.filter(pk=area_id)
    months = fiscal_months(fiscal_year)
    chosen = next(m for m in months if m.month == month) if month else None
    if chosen:
        months = [chosen]
    table = PlanTable(
        fiscal_year, chosen, months[0], month_end(months[-1]), list(areas.order_by("code")), months
    )
    period = _Period(
        months,
        months[0].replace(year=months[0].year - 1),
        month_end(months[-1].replace(year=months[-1].year - 1)),
        [a.pk for a in table.areas],
    )
    youth = settings.MATCHING_PLAN_YOUTH_REFERRAL_SLUGS
    table.indicators = [
        _indicator(
            period,
            1,
            "ひきこもり支援室ＳＡＰＯＴＡや若者サポートセンターフラットおおたの支援件数",
            "紹介元がSAPOTA・フラットおおたの本人の数（紹介を受けた日）",
            [(Client.objects.filter(referral_source__slug__in=youth), "referred_on", "area_id")],
        ),
        _indicator(
            period,
            1,
            "地域福祉コーディネート事業（参加支援事業）において地域資源等につなげた件数",
            "参加開始になったつなぎの数（参加開始日・本人のエリア）",
            [(Placement.objects.all(), "started_on", "client__area_id")],
        ),
        _indicator(
            period,
            2,
            "地域活動を支援した件数又は多様な主体が参加するための事業数",
            "地域支援の記録の数（日付）",
            [(CommunityAction.objects.all(), "on", "area_id")],
        ),
        _indicator(
            period,
            2,
            "区民や団体・事業者などが参加した数",
            "地域支援の記録に入力した参加者数と、ボランティア募集に参加開始した本人の数",
            [
                (CommunityAction.objects.all(), "on", "area_id", "participants"),
                (
                    Placement.objects.filter(resource__kind=Kind.VOLUNTEER),
                    "started_on",
                    "client__area_id",
                ),
            ],
        ),
        _indicator(
            period,
            3,
            "他課題に気づき、関係機関につないだ件数",
            "関係機関につないだ記録の数（日付）",
            [(AgencyReferral.objects.all(), "on", "area_id")],
        ),
        _indicator(
            period,
            3,
            "重層的支援会議の件数",
            "重層的支援会議の記録の数（開催日）",
            [(Meeting.objects.filter(kind=MeetingKind.MULTI_LAYERED), "on", "area_id")],
        ),
        _indicator(
            period,
            3,
            "重層的支援会議によって作成したアウトリーチ支援プランの件数",
            "アウトリーチ支援プランの数（作成日・会議のエリア）",
            [(OutreachPlan.objects.all(), "made_on", "meeting__area_id")],
        ),
    ]
    return table


def _indicator(period: _Period, goal: int, label: str, how: str, sources: list) -> PlanIndicator:
    """One indicator: the sum of its sources, each ``(queryset, date field, area field[, summed
    field])`` — counted (or summed) per month and area, and for the year before."""
    by_month = [0] * len(period.months)
    by_area: dict[int, int] = defaultdict(int)
    previous = 0
    for source in sources:
        months, areas, before = _count(period, *source)
        by_month = [a + b for a, b in zip(by_month, months, strict=True)]
        for pk, n in areas.items():
            by_area[pk] += n
        previous += before
    return PlanIndicator(goal, label, how, by_month, dict(by_area), previous)


def _count(
    period: _Period, queryset: QuerySet, date_field: str, area_field: str, summed: str | None = None
) -> tuple[list[int], dict[int, int], int]:
    """Per month, per area, and in the year before: one grouped query."""

    def aggregate(start: dt.date, end: dt.date):
        condition = Q(**{f"{date_field}__range": (start, end)})
        return Sum(summed, filter=condition) if summed else Count("pk", filter=condition)

    per_month = {f"m{i}": aggregate(m, month_end(m)) for i, m in enumerate(period.months)}
    in_either = Q(**{f"{date_field}__range": (period.months[0], month_end(period.months[-1]))}) | Q(
        **{f"{date_field}__range": (period.previous_start, period.previous_end)}
    )
    rows = (
        queryset.filter(in_either, **{f"{area_field}__in": period.area_ids})
        .values(area_field)
        .annotate(**per_month, previous=aggregate(period.previous_start, period.previous_end))
        .order_by()
    )
    months = [0] * len(period.months)
    areas: dict[int, int] = {}
    previous = 0
    for row in rows:
        counts = [row[f"m{i}"] or 0 for i in range(len(period.months))]
        months = [a + b for a, b in zip(months, counts, strict=True)]
        areas[row[area_field]] = sum(counts)
        previous += row["previous"] or 0
    return months, areas, previous
