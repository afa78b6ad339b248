"""The indicators as a page or a CSV file shows them: every figure a string, small counts hidden.

``indicators_display`` turns the counts of ``matching.indicators`` into rows of text. With
``protect`` (coordinators' pages and every CSV export) each figure goes through
``matching.small_counts``: the relations between the figures — an area's months add up to the
area's total, the areas of a month to the month's total, the areas of a region to the region, the
kinds to the whole, retention's attending and stopped to the eligible — are what complementary
suppression keeps from revealing a hidden count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .indicators import Indicators, Share
from .small_counts import Figures


@dataclass
class DisplayRow:
    label: str
    values: list[str]
    total: str = ""
    bar_percent: int = 0  # the horizontal bar's length, 0 when the figure is hidden


@dataclass
class IndicatorDisplay:
    protected: bool
    threshold: int
    month_labels: list[str]
    months: list[str]
    month_values: list[int | None]  # for the chart: None when hidden
    placements_total: str
    placements_by_area: list[DisplayRow]
    placements_by_region: list[DisplayRow]
    placements_by_kind: list[DisplayRow]
    retention: dict[str, str]
    settled: str
    follow_ups: dict[str, str]
    gaps_by_area: list[DisplayRow]
    gaps_by_category: list[DisplayRow]
    gaps_totals: list[str]  # opened, closed, listings created
    hidden_any: bool = field(default=False)


def indicators_display(
    ind: Indicators, *, protect: bool, threshold: int | None = None
) -> IndicatorDisplay:
    """Every figure of ``ind`` as text; with ``protect``, small counts (below ``threshold``,
    by default ``MATCHING_SMALL_COUNT_THRESHOLD``) and the counts that would reveal them are
    hidden."""
    if threshold is None:
        threshold = settings.MATCHING_SMALL_COUNT_THRESHOLD
    f = Figures()
    n = len(ind.months)
    area_keys = [a.pk for a in ind.areas]
    for pk, row in zip(area_keys, ind.placements_by_area, strict=True):
        for i, v in enumerate(row.values):
            f.add(("pa", pk, i), v)
        f.add(("pa_t", pk), row.total)
        f.relate([("pa", pk, i) for i in range(n)], ("pa_t", pk))
    for i, v in enumerate(ind.placements_by_month):
        f.add(("pm", i), v)
        f.relate([("pa", pk, i) for pk in area_keys], ("pm", i))
    f.add("p", ind.placements_total)
    f.relate([("pm", i) for i in range(n)], "p")
    f.relate([("pa_t", pk) for pk in area_keys], "p")
    for row in ind.placements_by_region:
        members = [("pa_t", a.pk) for a in ind.areas if a.region.name == row.label]
        f.add(("pr", row.label), row.total)
        f.relate(members, ("pr", row.label))
    f.relate([("pr", r.label) for r in ind.placements_by_region], "p")
    for row in ind.placements_by_kind:
        f.add(("pk", row.label), row.total)
    f.relate([("pk", r.label) for r in ind.placements_by_kind], "p")

    ret = ind.retention
    f.add("ret_n", ret.numerator)
    f.add("ret_stopped", ret.denominator - ret.numerator)  # never shown, but derivable
    f.add("ret_d", ret.denominator)
    f.relate(["ret_n", "ret_stopped"], "ret_d")
    f.add("settled", ind.settled)
    fu = ind.follow_ups_on_time
    f.add("fu_on", fu.numerator)
    f.add("fu_late", ind.follow_ups_late)
    f.add("fu_missed", ind.follow_ups_missed)
    f.add("fu_d", fu.denominator)
    f.relate(["fu_on", "fu_late", "fu_missed"], "fu_d")

    for i, name in enumerate(("opened", "closed", "created")):
        for pk, row in zip(area_keys, ind.gaps_by_area, strict=True):
            f.add(("g", name, pk), row.values[i])
        f.add(("g_t", name), sum(r.values[i] for r in ind.gaps_by_area))
        f.relate([("g", name, pk) for pk in area_keys], ("g_t", name))
    for pk, row in zip(area_keys, ind.gaps_by_area, strict=True):
        f.add(("g", "declined", pk), row.values[1] - row.values[2])  # never shown
        f.relate([("g", "created", pk), ("g", "declined", pk)], ("g", "closed", pk))
    for i, name in enumerate(("opened", "closed")):
        for j, row in enumerate(ind.gaps_by_category):
            f.add(("gc", name, j), row.values[i])
        f.relate([("gc", name, j) for j in range(len(ind.gaps_by_category))], ("g_t", name))

    f.settle(protect=protect, threshold=threshold)
    shown_totals = [
        row.total if ("pa_t", pk) not in f.hidden else 0
        for pk, row in zip(area_keys, ind.placements_by_area, strict=True)
    ]
    peak = max([*shown_totals, 1])
    return IndicatorDisplay(
        protected=protect,
        threshold=threshold,
        month_labels=ind.month_labels(),
        months=[f.text(("pm", i)) for i in range(n)],
        month_values=[
            None if ("pm", i) in f.hidden else v for i, v in enumerate(ind.placements_by_month)
        ],
        placements_total=f.text("p"),
        placements_by_area=[
            DisplayRow(
                row.label,
                [f.text(("pa", pk, i)) for i in range(n)],
                f.text(("pa_t", pk)),
                round(100 * t / peak),
            )
            for pk, row, t in zip(area_keys, ind.placements_by_area, shown_totals, strict=True)
        ],
        placements_by_region=[
            DisplayRow(r.label, [], f.text(("pr", r.label))) for r in ind.placements_by_region
        ],
        placements_by_kind=[
            DisplayRow(r.label, [], f.text(("pk", r.label))) for r in ind.placements_by_kind
        ],
        retention={
            "numerator": f.text("ret_n"),
            "denominator": f.text("ret_d"),
            "percent": _percent(f, ret, "ret_n", "ret_d"),
        },
        settled=f.text("settled"),
        follow_ups={
            "on_time": f.text("fu_on"),
            "late": f.text("fu_late"),
            "missed": f.text("fu_missed"),
            "denominator": f.text("fu_d"),
            "percent": _percent(f, fu, "fu_on", "fu_d"),
        },
        gaps_by_area=[
            DisplayRow(
                row.label, [f.text(("g", name, pk)) for name in ("opened", "closed", "created")]
            )
            for pk, row in zip(area_keys, ind.gaps_by_area, strict=True)
        ],
        gaps_by_category=[
            DisplayRow(row.label, [f.text(("gc", name, j)) for name in ("opened", "closed")])
            for j, row in enumerate(ind.gaps_by_category)
        ],
        gaps_totals=[f.text(("g_t", name)) for name in ("opened", "closed", "created")],
        hidden_any=bool(f.hidden & f.values.keys()),
    )


def _percent(f: Figures, share: Share, *keys) -> str:
    """A share as shown: "—" without a base or when its count or base is hidden."""
    if share.percent is None or f.hides(*keys):
        return "—"
    return f"{share.percent:.1f}"


def indicators_csv_rows(ind: Indicators, *, threshold: int | None = None) -> list[list[str]]:
    """The indicators as CSV rows (指標, 区分, 項目, 値): counts and shares, no client data,
    small counts always hidden (a file leaves the workspace, whoever downloads it)."""
    shown_ = indicators_display(ind, protect=True, threshold=threshold)
    rows = [["指標", "区分", "項目", "値"]]
    period = f"{ind.fiscal_year}年度" + (f" {ind.month.month}月" if ind.month else "")
    rows.append(["期間", "", period, f"{ind.start}〜{ind.end}"])
    placed = "つなげた件数（参加開始）"
    for m, value in zip(ind.months, shown_.months, strict=True):
        rows.append([placed, "月別", f"{m.year}年{m.month}月", value])
    for part, table in (
        ("地域別", shown_.placements_by_region),
        ("エリア別", shown_.placements_by_area),
        ("種類別", shown_.placements_by_kind),
    ):
        rows.extend([placed, part, row.label, row.total] for row in table)
    ret, fu = shown_.retention, shown_.follow_ups
    rows += [
        ["3か月後も参加", "対象件数", "", ret["denominator"]],
        ["3か月後も参加", "参加中", "", ret["numerator"]],
        ["3か月後も参加", "割合（%）", "", ret["percent"]],
        ["定着", "件数", "", shown_.settled],
        ["フォローアップ", "期限内に実施", "", fu["on_time"]],
        ["フォローアップ", "期限後に実施", "", fu["late"]],
        ["フォローアップ", "未実施", "", fu["missed"]],
        ["フォローアップ", "期限内の割合（%）", "", fu["percent"]],
    ]
    opened, closed = "地域資源の不足 登録", "地域資源の不足 解決（創出済・見送り）"
    for row in shown_.gaps_by_area:
        rows.append([opened, "エリア別", row.label, row.values[0]])
        rows.append([closed, "エリア別", row.label, row.values[1]])
    for row in shown_.gaps_by_category:
        rows.append([opened, "活動分類別", row.label, row.values[0]])
        rows.append([closed, "活動分類別", row.label, row.values[1]])
    for row in shown_.gaps_by_area:
        rows.append(["不足から生まれた地域資源", "エリア別", row.label, row.values[2]])
    if shown_.hidden_any:
        rows.append(
            ["注", "", f"＊ は{shown_.threshold}未満の件数と、逆算を防ぐため伏せた件数", ""]
        )
    return rows
