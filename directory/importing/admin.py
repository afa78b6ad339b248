"""The admin's bulk import page: upload a spreadsheet of listings, check it, import it.

The page only reads the form and shows what ``directory.importing.resource_import`` returns; the
same service runs ``manage.py import_resources``. Adding listings is needed to see the page;
publishing needs the publish permission (the checkbox is not offered otherwise).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .files import MAX_FILE_BYTES, MAX_ROWS
from .results import ImportFileError
from .service import resource_import
from .template import template_csv as build_template_csv
from .template import template_xlsx as build_template_xlsx

ADD_PERMISSION = "directory.add_resource"
PUBLISH_PERMISSION = "directory.publish_resource"


class ResourceImportForm(forms.Form):
    file = forms.FileField(
        label="ファイル（.csv または .xlsx）",
        help_text=f"1行目に列名、2行目から1行に1件。{MAX_ROWS:,} 行、"
        f"{MAX_FILE_BYTES // 1024 // 1024} MB まで。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    publish = forms.BooleanField(
        label="取り込んだ地域資源をすぐに公開する",
        required=False,
        help_text="チェックしなければ、新しい地域資源は下書きに、既存の地域資源の変更は未公開の変更になります。",
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。"
            )
        return upload


@method_decorator(permission_required(ADD_PERMISSION), name="dispatch")
class ResourceImportView(WagtailAdminTemplateMixin, FormView):
    """GET: the upload form. POST: check (「確認する」) or import (「取り込む」) the file."""

    template_name = "directory/admin/resource_import.html"
    form_class = ResourceImportForm
    page_title = "地域資源の一括取り込み"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def can_publish(self) -> bool:
        return self.request.user.has_perm(PUBLISH_PERMISSION)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_publish": self.can_publish()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_csv_url"] = reverse("directory_import_template", args=["csv"])
        context["template_xlsx_url"] = reverse("directory_import_template", args=["xlsx"])
        context["resource_index_url"] = reverse("wagtailsnippets_directory_resource:list")
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        dry_run = self.request.POST.get("action") != "import"
        publish = bool(form.cleaned_data.get("publish"))
        try:
            result = resource_import(
                data=upload.read(),
                filename=upload.name,
                user=self.request.user,
                publish=publish,
                dry_run=dry_run,
            )
        except (ImportFileError, PermissionDenied) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(can_publish=self.can_publish()),
                result=result,
                filename=upload.name,
                publish=publish,
            )
        )


@permission_required(ADD_PERMISSION)
def resource_import_template(request, fmt: str):
    """The template file: the header row and one example row."""
    if fmt == "xlsx":
        response = HttpResponse(
            build_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(build_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resources_template.{fmt}"'
    return response
