"""The directory's one routable page: the list, the detail pages and the area pages."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .areas import Area, Region
from .resources import Kind, Resource


class DirectoryIndexPage(RoutablePageMixin, Page):
    """Serves /directory/ (list + filters + map), /directory/<id>/ (+ <id>/next-date/ for map
    popups), /directory/area/<slug>/ and its printable sheet /directory/area/<slug>/print/."""

    intro = models.TextField("リード文", blank=True, help_text="一覧の上に表示する短い案内文。")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "地域資源ディレクトリ"

    def _render_list(self, request, template: str, base_queryset, **context):
        from directory.filters import ResourceFilter
        from directory.forms import NearForm
        from directory.maps import listings_map
        from directory.nearby import resources_near

        filterset = ResourceFilter(request.GET or None, queryset=base_queryset)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else base_queryset
        near = NearForm(request.GET)  # "near me": sort by distance, optionally within N km
        nearby = None
        if near.is_valid() and near.origin is not None:
            nearby = resources_near(results, near.origin.point, near.within_km)
        paginator = Paginator(
            results.for_cards() if nearby is None else nearby, settings.DIRECTORY_PAGE_SIZE
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        if getattr(filterset, "search", None) is not None:
            filterset.search.explain(page_obj.object_list)  # where the words matched
        query = request.GET.copy()
        query.pop("page", None)
        return TemplateResponse(
            request,
            template,
            {
                "page": self,
                "self": self,
                "filter": filterset,
                "page_obj": page_obj,
                "result_count": paginator.count,
                "querystring": query.urlencode(),
                "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
                "near": near,
                "near_suggestions": near.suggestion_links(request.GET),
                # Every listing the filters return, not just this page of cards.
                "map": listings_map(
                    results,
                    directory_url=self.url,
                    area_name=context["area"].name if "area" in context else None,
                    nearby=nearby,
                    origin_label=near.origin.label if nearby is not None else "",
                ),
                **context,
            },
        )

    @path("")
    def resource_list(self, request):
        return self._render_list(
            request, "directory/directory_index_page.html", Resource.objects.listed()
        )

    @path("<int:pk>/", name="resource_detail")
    def resource_detail(self, request, pk: int):
        from directory.maps import resource_map

        resource = get_object_or_404(
            Resource.objects.public().select_related("area", "area__region", "organization"), pk=pk
        )
        return TemplateResponse(
            request,
            "directory/resource_detail.html",
            {
                "page": self,
                "self": self,
                "resource": resource,
                "directory_page": self,
                "map": resource_map(resource, directory_url=self.url),
            },
        )

    @path("<int:pk>/next-date/", name="resource_next_date")
    def resource_next_date(self, request, pk: int):
        """The next meeting as JSON, fetched when a map popup opens (so the map need not
        compute dates for every listing it shows)."""
        resource = get_object_or_404(Resource.objects.public().with_schedule(), pk=pk)
        occurrence = resource.next_occurrence()
        text = None
        if occurrence is not None:
            text = str(occurrence) + (f"（{occurrence.note}）" if occurrence.note else "")
        response = JsonResponse({"next_date": text})
        patch_cache_control(response, public=True, max_age=300)
        return response

    @path("<int:pk>/report/", name="resource_report")
    def resource_report(self, request, pk: int):
        """The 「情報の誤りを報告」 form's POST (directory/portal/views.py handles it)."""
        from directory.portal.views import problem_report_post

        get_object_or_404(Resource.objects.public(), pk=pk)
        return problem_report_post(request, page=self, pk=pk)

    @path("area/<slug:slug>/", name="area_detail")
    def area_detail(self, request, slug: str):
        area = self._area(slug)
        queryset = Resource.objects.listed().filter(area=area)
        kind_counts = {
            row["kind"]: row["n"]
            for row in queryset.values("kind").annotate(n=models.Count("pk")).order_by()
        }
        return self._render_list(
            request,
            "directory/area_page.html",
            queryset,
            area=area,
            kind_counts=[(label, kind_counts.get(value, 0)) for value, label in Kind.choices],
        )

    @path("area/<slug:slug>/print/", name="area_print")
    def area_print(self, request, slug: str):
        """An A4 sheet of the area's public listings, grouped by kind, for people offline."""
        import segno

        area = self._area(slug)
        listings = list(
            Resource.objects.listed()
            .filter(area=area)
            .select_related("area", "organization")
            .with_schedule()
            .order_by("kind", "name_kana", "pk")
        )
        groups = [
            (label, [r for r in listings if r.kind == value]) for value, label in Kind.choices
        ]
        online_url = request.build_absolute_uri(self.area_url(area))
        return TemplateResponse(
            request,
            "directory/area_print.html",
            {
                "page": self,
                "self": self,
                "area": area,
                "groups": [(label, items) for label, items in groups if items],
                "listing_count": len(listings),
                "online_url": online_url,
                "qr_svg": segno.make(online_url, error="m").svg_inline(
                    scale=3, title=f"{area.name}エリアのページ（{online_url}）"
                ),
            },
        )

    def _area(self, key: str) -> Area:
        """An area by its URL name (omori-nishi) or its code (02)."""
        return get_object_or_404(
            Area.objects.select_related("region"), models.Q(slug=key) | models.Q(code=key)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = Region.objects.prefetch_related("areas")
        return context

    def resource_url(self, resource: Resource) -> str:
        return self.url + self.reverse_subpage("resource_detail", args=[resource.pk])

    def area_url(self, area: Area) -> str:
        return self.url + self.reverse_subpage("area_detail", args=[area.slug])

    def area_print_url(self, area: Area) -> str:
        return self.url + self.reverse_subpage("area_print", args=[area.slug])
