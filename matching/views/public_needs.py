"""The public pages 「こんな場が求められています」: no login, aggregate counts only."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views import View

from directory.models import Area, Region
from matching.public_needs import public_needs_by_area, public_needs_for_area


class PublicNeedsIndexView(View):
    def get(self, request):
        bands = public_needs_by_area()
        regions = [
            (region, [(a, bands.get(a.pk, "")) for a in region.areas.order_by("code")])
            for region in Region.objects.prefetch_related("areas").order_by("sort_order")
        ]
        return render(
            request,
            "matching/public_needs_index.html",
            {"regions": regions, "threshold": settings.MATCHING_SMALL_COUNT_THRESHOLD},
        )


class PublicNeedsAreaView(View):
    def get(self, request, slug):
        area = get_object_or_404(Area.objects.select_related("region"), slug=slug)
        return render(
            request,
            "matching/public_needs_area.html",
            {
                "area": area,
                "needs": public_needs_for_area(area=area),
                "threshold": settings.MATCHING_SMALL_COUNT_THRESHOLD,
            },
        )
