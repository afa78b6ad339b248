"""Clients (本人): list, registration, record, edits, consent, withdrawal, closing, audit, export."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect

from matching import selectors
from matching.filters import ClientFilter
from matching.forms import ClientCloseForm, ClientConsentForm, ClientForm, ClientWithdrawForm
from matching.models import AuditAction, AuditObjectType
from matching.services import (
    FROZEN_MESSAGES,
    client_close,
    client_consent_record,
    client_consent_withdraw,
    client_create,
    client_update,
)

from .base import SAVED, WorkspaceView


class ClientListView(WorkspaceView):
    title = "本人の一覧"

    def get(self, request):
        user = request.user
        filterset = ClientFilter(
            request.GET or None,
            queryset=selectors.client_list(user=user),
            area_ids=self.scope.area_ids,
            coordinators=selectors.coordinator_users(user=user),
        )
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if filterset.is_bound and not filterset.is_valid():
            qs = qs.none()
        page = Paginator(qs, settings.MATCHING_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        self.audit(AuditAction.LIST, AuditObjectType.CLIENT, detail=f"page={page.number}")
        return self.render(
            "matching/client_list.html",
            {"filter": filterset, "page_obj": page, "querystring": query.urlencode()},
        )


class ClientCreateView(WorkspaceView):
    title = "本人を登録する"

    def form(self, data=None):
        return ClientForm(
            data,
            area_ids=self.scope.area_ids,
            coordinators=selectors.coordinator_users(user=self.request.user),
            initial=None if data else {"referred_on": self.today, "coordinator": self.request.user},
        )

    def get(self, request):
        return self.render("matching/client_form.html", {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        client = self.submit(form, lambda data: client_create(actor=self.actor, data=data))
        if client:
            messages.success(request, f"{client.case_code} として登録しました。")
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.render("matching/client_form.html", {"form": form})


class ClientDetailView(WorkspaceView):
    def get(self, request, case_code):
        client = self.get_client(case_code)
        placements = list(selectors.placement_list_for_client(user=request.user, client=client))
        gaps = client.resource_gaps.filter(area_id__in=self.scope.area_ids).select_related(
            "area", "category"
        )
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client)
        return self.render(
            "matching/client_detail.html",
            {
                "title": f"本人 {client.case_code}",
                "client": client,
                "placements": placements,
                "gaps": gaps,
            },
        )


class ClientUpdateView(WorkspaceView):
    def form(self, client, data=None):
        return ClientForm(
            data,
            instance=client,
            area_ids=self.scope.area_ids,
            coordinators=selectors.coordinator_users(user=self.request.user),
            with_consent=False,
            initial={"version": client.version},
        )

    def respond(self, client, form):
        return self.render(
            "matching/client_form.html",
            {"title": f"{client.case_code} を編集", "form": form, "client": client},
        )

    def get(self, request, case_code):
        client = self.get_client(case_code)
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, "edit form")
        if client.is_frozen:
            messages.error(request, FROZEN_MESSAGES[client.status])
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.respond(client, self.form(client))

    def post(self, request, case_code):
        client = self.get_client(case_code)
        form = self.form(client, request.POST)
        saved = self.submit(
            form,
            lambda data: client_update(
                actor=self.actor, client=client, version=data.get("version") or 0, data=data
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.respond(client, form)


class ClientActionView(WorkspaceView):
    """A small form about one client (consent, withdrawal, closing) handled by one service."""

    form_class = None
    template_name = "matching/client_action.html"
    heading = ""
    lead = ""
    submit_label = "保存する"
    danger = False

    def initial(self, client) -> dict:
        return {"version": client.version}

    def perform(self, client, data):
        """Call the service with the form's cleaned data; return what it returns."""
        raise NotImplementedError

    def respond(self, client, form):
        return self.render(
            self.template_name,
            {
                "title": f"{client.case_code} の{self.heading}",
                "heading": self.heading,
                "lead": self.lead,
                "submit_label": self.submit_label,
                "danger": self.danger,
                "client": client,
                "form": form,
            },
        )

    def get(self, request, case_code):
        client = self.get_client(case_code)
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, self.heading)
        return self.respond(client, self.form_class(initial=self.initial(client)))

    def post(self, request, case_code):
        client = self.get_client(case_code)
        form = self.form_class(request.POST)
        if self.submit(form, lambda data: self.perform(client, data)):
            messages.success(request, f"{self.heading}を記録しました。")
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.respond(client, form)


class ClientConsentView(ClientActionView):
    form_class = ClientConsentForm
    heading = "同意"
    lead = "本人から、記録とつなぎのための同意を得た日・範囲・方法を記録します。"
    submit_label = "同意を記録する"

    def initial(self, client):
        return {"version": client.version, "consent_given_on": self.today}

    def perform(self, client, data):
        return client_consent_record(
            actor=self.actor,
            client=client,
            version=data["version"],
            given_on=data["consent_given_on"],
            scope=data["consent_scope"],
            method=data["consent_method"],
        )


class ClientWithdrawView(ClientActionView):
    form_class = ClientWithdrawForm
    heading = "同意の撤回"
    lead = (
        "撤回すると、この記録は凍結されます。予定していたフォローアップは取りやめになり、"
        "新しいつなぎは記録できなくなります。"
    )
    submit_label = "同意の撤回を記録する"
    danger = True

    def initial(self, client):
        return {"version": client.version, "withdrawn_on": self.today}

    def perform(self, client, data):
        return client_consent_withdraw(
            actor=self.actor,
            client=client,
            version=data["version"],
            withdrawn_on=data["withdrawn_on"],
        )


class ClientCloseView(ClientActionView):
    form_class = ClientCloseForm
    heading = "支援終了"
    lead = "支援を終えるときは理由を選びます。予定していたフォローアップは取りやめになります。"
    submit_label = "支援終了を記録する"
    danger = True

    def initial(self, client):
        return {"version": client.version, "closed_on": self.today}

    def perform(self, client, data):
        return client_close(
            actor=self.actor,
            client=client,
            version=data["version"],
            closed_on=data["closed_on"],
            reason=data["reason"],
        )


class ClientAuditLogView(WorkspaceView):
    def get(self, request, case_code):
        client = self.get_client(case_code)  # 404 first: foreign clients are never revealed
        if not self.scope.is_supervisor:
            return self.forbidden()
        # Recorded first, so that this read is on the page it produces.
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, "audit log")
        entries = selectors.audit_list_for_client(user=request.user, client=client)
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
        return self.render(
            "matching/audit_log.html",
            {"title": f"{client.case_code} の監査ログ", "client": client, "page_obj": page},
        )


class ClientExportView(WorkspaceView):
    """開示請求: everything held on one client as a JSON download. Supervisors only; audited."""

    def get(self, request, case_code):
        client = self.get_client(case_code)  # 404 first: foreign clients are never revealed
        if not self.scope.is_supervisor:
            return self.forbidden()
        # Recorded first, so that the export lists its own making.
        self.audit(AuditAction.EXPORT, AuditObjectType.CLIENT, client.pk, client, "disclosure")
        data = selectors.client_disclosure_export(user=request.user, client=client)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{client.case_code}.json"'
        return response
