"""The group portal's side of the Wagtail admin: invitations, members, problem reports and the
list of listings not confirmed for FRESHNESS_DAYS. Registered from directory/wagtail_hooks.py."""

from __future__ import annotations

from django.conf import settings
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from directory.models import Invitation, Membership, ProblemReport, Resource

from . import selectors, services


class InvitationCreateView(CreateView):
    """Creating an invitation stores the token's hash and emails the one-time link."""

    def save_instance(self):
        instance = self.form.instance
        return services.invitation_create(
            organization=instance.organization, email=instance.email, invited_by=self.request.user
        )

    def get_success_message(self, instance):
        return f"{instance.email} に招待メールを送りました（{settings.PORTAL_INVITATION_DAYS}日間有効）。"


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = "メンバーの招待"
    add_view_class = InvitationCreateView
    list_display = ["email", "organization", "state", "created_at", "expires_at"]
    list_filter = ["organization"]
    search_fields = ["email"]
    inspect_view_enabled = True


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        services.membership_remove(membership=self.object, removed_by=self.request.user)


class MembershipViewSet(SnippetViewSet):
    """Staff see who belongs to which organisation and remove members (delete)."""

    model = Membership
    icon = "group"
    menu_label = "団体のメンバー"
    delete_view_class = MembershipDeleteView
    list_display = ["user", "organization", "created_at"]
    list_filter = ["organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    add_to_admin_menu = False


class ProblemReportViewSet(SnippetViewSet):
    """The staff queue of problems reported on public listing pages."""

    model = ProblemReport
    icon = "warning"
    menu_label = "情報の誤りの報告"
    list_display = ["resource", "kind", "status", "created_at", "group_replied_at"]
    list_filter = ["status", "kind"]
    search_fields = ["comment", "resource__name"]
    ordering = ["status", "-created_at"]


class PortalGroup(SnippetViewSetGroup):
    menu_label = "団体ポータル"
    menu_icon = "group"
    menu_order = 210
    items = (InvitationViewSet, MembershipViewSet, ProblemReportViewSet)


class StaleResourcesReportView(ReportView):
    """Published listings not confirmed for FRESHNESS_DAYS (oldest first), exportable."""

    page_title = "確認が古い地域資源"
    header_icon = "time"
    index_url_name = "directory_stale_resources"
    index_results_url_name = "directory_stale_resources_results"
    model = Resource
    any_permission_required = ["change", "view"]
    list_export = ["name", "organization", "area", "confirmed_on", "confirmed_by"]
    columns = [
        TitleColumn(
            "name",
            label="名称",
            url_name="wagtailsnippets_directory_resource:edit",
        ),
        Column("organization", label="運営団体"),
        Column("area", label="エリア"),
        DateColumn("confirmed_on", label="情報確認日"),
        Column("confirmed_by", label="確認した人"),
    ]

    def get_queryset(self):
        return selectors.resource_stale_list()
