"""The plan's indicator table as a page or a CSV file shows it: text, small counts hidden.

Relations kept from revealing a hidden count: for each indicator, its months add up to the
period's total, its areas to the total, the areas of a region to the region and the regions to
the total. The year before is a figure of its own (hidden when small); the change on it is shown
only when both figures are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .plan_indicators import PlanTable
from .small_counts import Figures


@dataclass
class PlanRow:
    goal: str  # the goal's label on the first indicator of a goal, else ""
    goal_rows: int  # how many rows the goal's cell spans (0 after the first)
    label: str
    how: str
    months: list[str]
    total: str
    previous: str
    change: str


@dataclass
class PlanAreaRow:
    label: str
    values: list[str]
    is_region: bool = False


@dataclass
class PlanDisplay:
    protected: bool
    threshold: int
    month_labels: list[str]
    rows: list[PlanRow]
    short_labels: list[str]
    area_rows: list[PlanAreaRow]
    totals: list[str]
    hidden_any: bool


def plan_display(table: PlanTable, *, protect: bool, threshold: int | None = None) -> PlanDisplay:
    """Every figure of ``table`` as text; with ``protect`` small counts (below ``threshold``, by
    default ``MATCHING_SMALL_COUNT_THRESHOLD``) and the counts that would reveal them hidden."""
    if threshold is None:
        threshold = settings.MATCHING_SMALL_COUNT_THRESHOLD
    f = Figures()
    n = len(table.months)
    regions: dict[str, list[int]] = {}
    for a in table.areas:
        regions.setdefault(a.region.name, []).append(a.pk)
    for j, ind in enumerate(table.indicators):
        for i, v in enumerate(ind.by_month):
            f.add(("m", j, i), v)
        f.add(("t", j), ind.total)
        f.add(("p", j), ind.previous)
        f.relate([("m", j, i) for i in range(n)], ("t", j))
        for a in table.areas:
            f.add(("a", j, a.pk), ind.by_area.get(a.pk, 0))
        f.relate([("a", j, a.pk) for a in table.areas], ("t", j))
        for name, pks in regions.items():
            f.add(("r", j, name), sum(ind.by_area.get(pk, 0) for pk in pks))
            f.relate([("a", j, pk) for pk in pks], ("r", j, name))
        f.relate([("r", j, name) for name in regions], ("t", j))
    f.settle(protect=protect, threshold=threshold)

    rows = []
    for j, ind in enumerate(table.indicators):
        first = j == 0 or table.indicators[j - 1].goal != ind.goal
        span = sum(1 for other in table.indicators if other.goal == ind.goal)
        change = ind.change_percent
        rows.append(
            PlanRow(
                goal=table.goal_label(ind.goal) if first else "",
                goal_rows=span if first else 0,
                label=ind.label,
                how=ind.how,
                months=[f.text(("m", j, i)) for i in range(n)],
                total=f.text(("t", j)),
                previous=f.text(("p", j)),
                change="—" if change is None or f.hides(("t", j), ("p", j)) else f"{change:+.1f}%",
            )
        )
    area_rows = []
    for name, pks in regions.items():
        for a in table.areas:
            if a.pk in pks:
                area_rows.append(
                    PlanAreaRow(a.name, [f.text(("a", j, a.pk)) for j in range(len(rows))])
                )
        area_rows.append(
            PlanAreaRow(f"{name}地域 計", [f.text(("r", j, name)) for j in range(len(rows))], True)
        )
    return PlanDisplay(
        protected=protect,
        threshold=threshold,
        month_labels=table.month_labels(),
        rows=rows,
        short_labels=[f"指標{j + 1}" for j in range(len(rows))],
        area_rows=area_rows,
        totals=[r.total for r in rows],
        hidden_any=bool(f.hidden),
    )


def plan_csv_rows(table: PlanTable, *, threshold: int | None = None) -> list[list[str]]:
    """The table as CSV rows (基本目標, 指標, 区分, 項目, 値), small counts always hidden."""
    shown = plan_display(table, protect=True, threshold=threshold)
    period = f"{table.fiscal_year}年度" + (f" {table.month.month}月" if table.month else "")
    out = [
        ["基本目標", "指標", "区分", "項目", "値"],
        ["期間", "", "", period, f"{table.start}〜{table.end}"],
    ]
    for j, (ind, row) in enumerate(zip(table.indicators, shown.rows, strict=True)):
        goal = f"基本目標{ind.goal}"
        for m, value in zip(table.months, row.months, strict=True):
            out.append([goal, ind.label, "月別", f"{m.year}年{m.month}月", value])
        for area_row in shown.area_rows:
            part = "地域別" if area_row.is_region else "エリア別"
            out.append([goal, ind.label, part, area_row.label, area_row.values[j]])
        out.append([goal, ind.label, "合計", period, row.total])
        out.append([goal, ind.label, "前年同期", f"{table.fiscal_year - 1}年度", row.previous])
        out.append([goal, ind.label, "前年同期比", "", row.change])
    if shown.hidden_any:
        out.append(
            ["注", "", "", f"＊ は{shown.threshold}未満の件数と、逆算を防ぐため伏せた件数", ""]
        )
    return out
