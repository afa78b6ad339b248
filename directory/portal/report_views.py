"""What others report about a group's listing, answered from the portal: 「対応しました」."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views import View

from . import selectors, services
from .forms import ProblemReportAnswerForm
from .views import PortalMixin


class ProblemReportAnswerView(PortalMixin, View):
    """POST: the group has dealt with an open report on its listing; staff hear of it."""

    template_name = "directory/portal/problem_report_answer.html"

    def get_report(self, pk: int, report_pk: int):
        return selectors.problem_report_get_for_user(
            user=self.request.user, resource_pk=pk, pk=report_pk
        )

    def get(self, request, pk: int, report_pk: int):
        report = self.get_report(pk, report_pk)
        return self.render(report, ProblemReportAnswerForm())

    def post(self, request, pk: int, report_pk: int):
        report = self.get_report(pk, report_pk)
        form = ProblemReportAnswerForm(request.POST)
        if not form.is_valid():
            return self.render(report, form, status=400)
        services.problem_report_answer(
            report=report, user=request.user, reply=form.cleaned_data["reply"]
        )
        messages.success(
            request, "「対応しました」を区の担当者に伝えました。ありがとうございます。"
        )
        return redirect("portal:resource_detail", pk=pk)

    def render(self, report, form, status: int = 200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"report": report, "resource": report.resource, "form": form},
            status=status,
        )
