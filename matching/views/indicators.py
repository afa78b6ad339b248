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

from .base import WorkspaceView


class IndicatorsView(WorkspaceView):
    title = "指標"

    def compute(self, request):
        form = IndicatorFilterForm(
            request.GET or {"fiscal_year": fiscal_year(self.today)},
            area_ids=self.scope.area_ids,
        )
        if not form.is_valid():
            form = IndicatorFilterForm(
                {"fiscal_year": fiscal_year(self.today)}, area_ids=self.scope.area_ids
            )
            form.is_valid()
        data = form.cleaned_data
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
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"indicators-{ind.fiscal_year}" + (f"-{ind.month.month:02d}" if ind.month else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # BOM so that Excel opens the Japanese text correctly
        writer = csv.writer(response)
        writer.writerows(indicators_csv_rows(ind))
        self.audit(AuditAction.EXPORT, AuditObjectType.INDICATORS, detail=name)
        return response
