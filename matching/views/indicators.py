"""Indicators (指標) for the plan's 進行管理: tables and charts, and the same as CSV (counts only)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import HttpResponse

from directory.dates import fiscal_year
from matching.charts import bar_chart
from matching.forms import IndicatorFilterForm
from matching.indicator_display import indicators_csv_rows, indicators_display
from matching.indicators import indicators_compute
from matching.models import AuditAction, AuditObjectType
from matching.plan_display import plan_csv_rows, plan_display
from matching.plan_indicators import plan_indicators_compute

from .base import WorkspaceView


def csv_response(name: str, rows: list[list[str]]) -> HttpResponse:
    """A CSV download Excel opens correctly (UTF-8 with a BOM)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response


class IndicatorsView(WorkspaceView):
    title = "指標"

    def filter_form(self, request):
        """The filter, bound to the query; nonsense falls back to this fiscal year."""
        form = IndicatorFilterForm(
            request.GET or {"fiscal_year": fiscal_year(self.today)},
            area_ids=self.scope.area_ids,
        )
        if not form.is_valid():
            form = IndicatorFilterForm(
                {"fiscal_year": fiscal_year(self.today)}, area_ids=self.scope.area_ids
            )
            form.is_valid()
        return form, form.cleaned_data

    def compute(self, request):
        form, data = self.filter_form(request)
        indicators = indicators_compute(
            user=request.user,
            fiscal_year=data["fiscal_year"],
            month=data.get("month"),
            region_id=data["region"].pk if data.get("region") else None,
            area_id=data["area"].pk if data.get("area") else None,
            today=self.today,
        )
        return form, indicators

    def get(self, request):
        form, ind = self.compute(request)
        # Supervisors see every count; coordinators see small counts hidden, as in the CSV.
        shown = indicators_display(ind, protect=not self.scope.is_supervisor)
        chart = bar_chart(list(zip(shown.month_labels, shown.month_values, strict=True)))
        return self.render(
            "matching/indicators.html",
            {
                "form": form,
                "ind": ind,
                "shown": shown,
                "chart": chart,
                "export_query": request.GET.urlencode(),
                "grace_days": settings.FOLLOW_UP_ON_TIME_GRACE_DAYS,
            },
        )


class IndicatorsExportView(IndicatorsView):
    def get(self, request):
        form, ind = self.compute(request)
        name = f"indicators-{ind.fiscal_year}" + (f"-{ind.month.month:02d}" if ind.month else "")
        self.audit(AuditAction.EXPORT, AuditObjectType.INDICATORS, detail=name)
        return csv_response(name, indicators_csv_rows(ind))


class PlanIndicatorsView(IndicatorsView):
    """The plan's seven indicators laid out like the plan's own table, for the 推進会議:
    printable (the page's print style drops the menus and the filter)."""

    title = "計画の指標"

    def plan(self, request):
        form, _ = self.filter_form(request)
        data = form.cleaned_data
        table = plan_indicators_compute(
            user=request.user,
            fiscal_year=data["fiscal_year"],
            month=data.get("month"),
            region_id=data["region"].pk if data.get("region") else None,
            area_id=data["area"].pk if data.get("area") else None,
        )
        return form, table

    def get(self, request):
        form, table = self.plan(request)
        self.audit(AuditAction.LIST, AuditObjectType.INDICATORS, detail="plan")
        return self.render(
            "matching/plan_indicators.html",
            {
                "form": form,
                "table": table,
                "shown": plan_display(table, protect=not self.scope.is_supervisor),
                "export_query": request.GET.urlencode(),
            },
        )


class PlanIndicatorsExportView(PlanIndicatorsView):
    def get(self, request):
        form, table = self.plan(request)
        name = f"plan-indicators-{table.fiscal_year}" + (
            f"-{table.month.month:02d}" if table.month else ""
        )
        self.audit(AuditAction.EXPORT, AuditObjectType.INDICATORS, detail=name)
        return csv_response(name, plan_csv_rows(table))
