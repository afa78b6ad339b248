"""Bulk actions on the listings staff select in the index (registered with
``register_bulk_action`` in directory/wagtail_hooks.py): ask the groups to re-confirm, change the
活動状況, export the selection as CSV."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory.models import Resource, Status

from . import services
from .export import ResourceSpreadsheetMixin
from .filters import ResourceFilterSet
from .search import search_listings

# A status change is a revision (and a publication) per listing: more at once would keep the
# request waiting for minutes.
MAX_STATUS_CHANGES = 500


class ResourceBulkAction(SnippetBulkAction):
    models = [Resource]
    template_name = "directory/staff/bulk_confirm.html"
    # The confirmation page: what the action does (after 「次の N 件の地域資源」), its button.
    intro = ""
    button_text = ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action_title": self.display_name,
            "action_intro": self.intro,
            "action_button_text": self.button_text,
        }

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def check_perm(self, resource: Resource) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "change")

    @classmethod
    def get_queryset(cls, model, object_ids):
        return model.objects.filter(pk__in=object_ids).select_related("organization", "area")

    def get_all_objects_in_listing_query(self, parent_id) -> QuerySet:
        """「すべて選択」 means every listing the index shows: its filters and search (the bar
        passes the index's query string along)."""
        queryset = Resource.objects.all()
        filters = ResourceFilterSet(self.request.GET, queryset=queryset, request=self.request)
        if filters.is_valid():
            queryset = filters.qs
        query = self.request.GET.get("q", "")
        if query:
            queryset = search_listings(queryset, query)
        return queryset.values_list("pk", flat=True)


class ReconfirmationForm(forms.Form):
    message = forms.CharField(
        label="団体へのメッセージ",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "団体のメンバーにメールで届きます（500文字まで）。最初の100文字は「再確認が必要な理由」"
            "として地域資源に記録され、団体が「情報は最新です」を押すか更新すると消えます。"
        ),
        error_messages={"required": "団体へのメッセージを入力してください。"},
    )


class RequestReconfirmationBulkAction(ResourceBulkAction):
    display_name = "再確認を依頼"
    action_type = "request_reconfirmation"
    aria_label = "選んだ地域資源の再確認を団体に依頼する"
    action_priority = 10
    form_class = ReconfirmationForm
    intro = (
        "について、運営団体に情報の再確認を依頼します。団体のメンバーにメールが届き、"
        "地域資源に「再確認の依頼」が記録されます。"
    )
    button_text = "依頼する"

    def get_execution_context(self):
        message = self.cleaned_form.cleaned_data["message"]
        return {**super().get_execution_context(), "message": message}

    @classmethod
    def execute_action(cls, objects, message="", user=None, **kwargs):
        action = kwargs["self"]
        action.result = services.resources_request_reconfirmation(
            resources=objects, message=message, user=user
        )
        return action.result.flagged, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        emailed = self.result.emailed
        return (
            f"{num_parent_objects} 件の地域資源に再確認の依頼を記録し、"
            f"{emailed} 件の団体にメールを送りました。"
            + (
                f"{num_parent_objects - emailed} 件は団体のメンバーの登録がないため、"
                "メールは送っていません（電話などで連絡してください）。"
                if emailed < num_parent_objects
                else ""
            )
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="新しい活動状況",
        choices=Status.choices,
        error_messages={"required": "活動状況を選んでください。"},
    )


class ChangeStatusBulkAction(ResourceBulkAction):
    display_name = "活動状況を変更"
    action_type = "change_status"
    aria_label = "選んだ地域資源の活動状況を変更する"
    action_priority = 20
    form_class = StatusForm
    intro = (
        "の活動状況を変更します。公開中の地域資源は変更がすぐに公開されます。審査中のもの、"
        "未公開の変更があるもの、ほかの人が編集中のものは変更しません。"
    )
    button_text = "変更する"

    def form_valid(self, form):
        objects, _ = self.get_actionable_objects()
        if len(objects) > MAX_STATUS_CHANGES:
            form.add_error(
                None,
                f"一度に変更できるのは {MAX_STATUS_CHANGES} 件までです"
                f"（{len(objects)} 件選ばれています）。絞り込んでから選び直してください。",
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_execution_context(self):
        status = self.cleaned_form.cleaned_data["status"]
        return {**super().get_execution_context(), "status": status}

    @classmethod
    def execute_action(cls, objects, status="", user=None, **kwargs):
        action = kwargs["self"]
        action.result = services.resources_change_status(
            resources=objects, status=status, user=user
        )
        return len(action.result.changed), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        label = Status(self.cleaned_form.cleaned_data["status"]).label
        message = f"{num_parent_objects} 件の活動状況を「{label}」にしました。"
        if self.result.unchanged:
            message += f"{len(self.result.unchanged)} 件はすでに「{label}」でした。"
        if self.result.skipped:
            names = "、".join(r.name for r in self.result.skipped[:5])
            more = " ほか" if len(self.result.skipped) > 5 else ""
            message += (
                f"{len(self.result.skipped)} 件（{names}{more}）は審査中・未公開の変更あり・"
                "ほかの人が編集中（ロック）・公開の権限なしのため変更していません。"
                "編集画面から変更してください。"
            )
        return message


class ExportCsvBulkAction(ResourceSpreadsheetMixin, ResourceBulkAction):
    """Downloads the selection at once (no confirmation page): the columns of the index's export."""

    display_name = "CSVで書き出す"
    action_type = "export_csv"
    aria_label = "選んだ地域資源をCSVファイルに書き出す"
    action_priority = 30
    export_filename = "resources-selection"

    def get(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        ids = request.GET.getlist("id")
        if "all" in ids:
            ids = self.get_all_objects_in_listing_query(None)
        return self.write_csv_response(self.get_queryset(Resource, ids).order_by("name_kana", "pk"))
