"""The CMS admin for the directory: listings, groups, areas and vocabularies."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .importing.admin import ResourceImportView, resource_import_template
from .models import (
    AccessibilityFeature,
    Area,
    Audience,
    Category,
    ConsultationCounter,
    Language,
    Town,
)
from .portal.admin import PortalGroup, StaleResourcesReportView
from .search.models import SearchSynonym
from .staff import bulk_actions, dashboard
from .staff.services import RECONFIRMATION_LOG_ACTION
from .staff.viewsets import OrganizationViewSet, ResourceViewSet


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "globe"
    menu_label = "特別出張所エリア"
    list_display = ["code", "name", "name_kana", "region"]
    list_filter = ["region"]


class ConsultationCounterViewSet(SnippetViewSet):
    model = ConsultationCounter
    icon = "mail"
    menu_label = "相談窓口"
    list_display = ["name", "kind", "region", "area", "phone", "hours"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "address"]


class TownViewSet(SnippetViewSet):
    model = Town
    icon = "home"
    menu_label = "町丁目"
    list_display = ["name", "area"]
    list_filter = ["area"]
    list_export = ["name", "name_kana", "area", "latitude", "longitude"]


def vocabulary_viewset(vocabulary_model, icon: str = "tag") -> type[SnippetViewSet]:
    return type(
        f"{vocabulary_model.__name__}ViewSet",
        (SnippetViewSet,),
        {"model": vocabulary_model, "icon": icon, "list_display": ["name", "slug", "sort_order"]},
    )


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "検索の同義語"
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "地域資源"
    menu_icon = "site"
    menu_order = 200
    items = (
        ResourceViewSet,
        OrganizationViewSet,
        AreaViewSet,
        ConsultationCounterViewSet,
        TownViewSet,
        vocabulary_viewset(Category),
        vocabulary_viewset(Audience),
        vocabulary_viewset(Language),
        vocabulary_viewset(AccessibilityFeature),
        SearchSynonymViewSet,
    )


register_snippet(DirectoryGroup)


# --- Bulk import of listings (directory/importing/, its admin.py) ---


@hooks.register("register_admin_urls")
def register_resource_import_urls():
    return [
        path("directory/import/", ResourceImportView.as_view(), name="directory_import"),
        path(
            "directory/import/template.<str:fmt>",
            resource_import_template,
            name="directory_import_template",
        ),
    ]


class ResourceImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.add_resource")


@hooks.register("register_admin_menu_item")
def register_resource_import_menu_item():
    return ResourceImportMenuItem(
        "地域資源の一括取り込み",
        reverse("directory_import"),
        icon_name="upload",
        order=201,
    )


# --- Group portal (directory/portal/, docs/portal.md) ---

register_snippet(PortalGroup)


@hooks.register("register_admin_urls")
def register_stale_resources_report_urls():
    return [
        path(
            "directory/stale/",
            StaleResourcesReportView.as_view(),
            name="directory_stale_resources",
        ),
        path(
            "directory/stale/results/",
            StaleResourcesReportView.as_view(results_only=True),
            name="directory_stale_resources_results",
        ),
    ]


class StaleResourcesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_resource")


@hooks.register("register_reports_menu_item")
def register_stale_resources_menu_item():
    return StaleResourcesMenuItem(
        "確認が古い地域資源", reverse("directory_stale_resources"), icon_name="time", order=900
    )


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action("directory.confirm", "情報確認", "情報確認日を更新しました")
    actions.register_action("directory.member_join", "メンバー登録", "団体のメンバーになりました")
    actions.register_action("directory.member_remove", "メンバー削除", "団体のメンバーを外しました")


# --- The staff's side: bulk actions and the staff home (directory/staff/, docs/admin.md) ---

hooks.register("register_bulk_action", bulk_actions.RequestReconfirmationBulkAction)
hooks.register("register_bulk_action", bulk_actions.ChangeStatusBulkAction)
hooks.register("register_bulk_action", bulk_actions.ExportCsvBulkAction)


hooks.register("construct_homepage_panels", dashboard.staff_home)


@hooks.register("register_log_actions")
def register_staff_log_actions(actions):
    actions.register_action(RECONFIRMATION_LOG_ACTION, "再確認の依頼", "団体に再確認を依頼しました")
