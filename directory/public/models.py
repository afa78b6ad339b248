"""The directory's one routable page: it routes the list, detail and area URLs to ``views``.

The model lives in the public site, above the data core, but keeps the ``directory`` app label:
its table, content type, migrations and default template name stay where they were.
"""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from directory.models import Area, Region, Resource
from directory.pagecache.public import public_response

from . import views


class DirectoryIndexPage(RoutablePageMixin, Page):
    """Serves /directory/ (list + filters + map), /directory/<id>/ (+ <id>/next-date/ for map
    popups), /directory/area/<slug>/ and its printable sheet /directory/area/<slug>/print/; the
    list pages' markers come from markers/ beside them, with the same query string."""

    intro = models.TextField("リード文", blank=True, help_text="一覧の上に表示する短い案内文。")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        app_label = "directory"
        verbose_name = "地域資源ディレクトリ"

    @path("")
    def resource_list(self, request):
        return views.resource_list(request, self)

    @path("markers/", name="resource_markers")
    def resource_markers(self, request):
        return views.resource_markers(request, self)

    @path("<int:pk>/", name="resource_detail")
    def resource_detail(self, request, pk: int):
        return views.resource_detail(request, self, pk)

    @path("<int:pk>/next-date/", name="resource_next_date")
    def resource_next_date(self, request, pk: int):
        return views.resource_next_date(request, pk)

    @path("area/<slug:slug>/", name="area_detail")
    def area_detail(self, request, slug: str):
        return views.area_detail(request, self, slug)

    @path("area/<slug:slug>/markers/", name="area_markers")
    def area_markers(self, request, slug: str):
        return views.resource_markers(request, self, area_slug=slug)

    @path("area/<slug:slug>/print/", name="area_print")
    def area_print(self, request, slug: str):
        return views.area_print(request, self, slug)

    def serve(self, request, *args, **kwargs):
        # Every route shows the same to every anonymous visitor: the page cache may keep it.
        return public_response(super().serve(request, *args, **kwargs))

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
