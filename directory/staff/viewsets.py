"""The snippet viewsets staff work in every day: listings (地域資源) and organisations (団体)."""

from __future__ import annotations

from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.models import Organization, Resource

from .filters import ResourceFilterSet
from .panels import resource_edit_handler
from .search import (
    OrganizationChooserViewSet,
    OrganizationIndexView,
    ResourceChooserViewSet,
    ResourceIndexView,
)


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "site"
    menu_label = "地域資源"
    index_view_class = ResourceIndexView
    chooser_viewset_class = ResourceChooserViewSet
    list_display = [
        "name",
        "kind",
        "area",
        "status",
        "confirmed_on",
        "reconfirmation_reason",
        UpdatedAtColumn(label="最終更新"),
    ]
    filterset_class = ResourceFilterSet
    edit_handler = resource_edit_handler()
    export_filename = "resources"
    ordering = ["name_kana"]


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = "団体"
    index_view_class = OrganizationIndexView
    chooser_viewset_class = OrganizationChooserViewSet
    list_display = ["name", "area", "phone"]
    list_filter = ["area"]
    list_export = ["id", "external_id", "name", "name_kana", "area", "phone", "email", "website"]
