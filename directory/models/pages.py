"""The directory's one routable page: the list, the detail pages and the area pages."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .areas import Area, Region
from .resources import Kind, Resource


class DirectoryIndexPage(RoutablePageMixin, Page):
    """Serves /directory/ (list + filters), /directory/<id>/ and /directory/area/<slug>/."""

    intro = models.TextField("リード文", blank=True, help_text="一覧の上に表示する短い案内文。")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "地域資源ディレクトリ"

    def _render_list(self, request, template: str, base_queryset, **context):
        from directory.filters import ResourceFilter

        filterset = ResourceFilter(request.GET or None, queryset=base_queryset)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else base_queryset
        paginator = Paginator(results.for_cards(), settings.DIRECTORY_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
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
        resource = get_object_or_404(
            Resource.objects.public().select_related("area", "area__region", "organization"), pk=pk
        )
        return TemplateResponse(
            request,
            "directory/resource_detail.html",
            {"page": self, "self": self, "resource": resource, "directory_page": self},
        )

    @path("area/<slug:slug>/", name="area_detail")
    def area_detail(self, request, slug: str):
        area = get_object_or_404(Area.objects.select_related("region"), slug=slug)
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = Region.objects.prefetch_related("areas")
        return context

    def resource_url(self, resource: Resource) -> str:
        return self.url + self.reverse_subpage("resource_detail", args=[resource.pk])

    def area_url(self, area: Area) -> str:
        return self.url + self.reverse_subpage("area_detail", args=[area.slug])
