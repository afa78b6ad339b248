"""受付: the 「つながりたい」 requests of the coordinator's areas — list, record, follow-up, and
registration of the person as a client (the client keeps the request it came from)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from matching import selectors
from matching.forms import ClientForm, IntakeStatusForm
from matching.models import AuditAction, AuditObjectType, IntakeRequester, ReferralSource
from matching.services import intake_convert, intake_update

from .base import SAVED, WorkspaceView

# The referral source a converted intake starts with (editable on the form).
REFERRAL_BY_REQUESTER = {IntakeRequester.MINSEI: "minsei-iin"}
DEFAULT_REFERRAL = "self-or-family"
CLOSED_SHOWN = 50


class IntakeListView(WorkspaceView):
    title = "受付（つながりたい）"

    def get(self, request):
        intakes = selectors.intake_list(user=request.user)
        self.audit(AuditAction.LIST, AuditObjectType.INTAKE)
        return self.render(
            "matching/intake_list.html",
            {
                "open_intakes": list(intakes.open()),
                "done_intakes": list(intakes.exclude(pk__in=intakes.open())[:CLOSED_SHOWN]),
                "response_days": settings.INTAKE_RESPONSE_DAYS,
            },
        )


class IntakeDetailView(WorkspaceView):
    def respond(self, intake, form, status: int = 200):
        return self.render(
            "matching/intake_detail.html",
            {"title": f"受付 {intake.pk}", "intake": intake, "form": form},
            status=status,
        )

    def get(self, request, pk):
        intake = selectors.intake_get(user=request.user, pk=pk)
        self.audit(AuditAction.VIEW, AuditObjectType.INTAKE, intake.pk, intake.client)
        return self.respond(intake, IntakeStatusForm(initial={"note": intake.note}))

    def post(self, request, pk):
        intake = selectors.intake_get(user=request.user, pk=pk)
        form = IntakeStatusForm(request.POST)
        saved = self.submit(
            form,
            lambda data: intake_update(
                actor=self.actor, intake=intake, status=data["status"], note=data["note"]
            ),
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("matching:intake_detail", pk=intake.pk)
        return self.respond(intake, form, status=400)


class IntakeConvertView(WorkspaceView):
    """Register the person of a request as a client, starting from what the request says."""

    def form(self, intake, data=None):
        referral = REFERRAL_BY_REQUESTER.get(intake.requester, DEFAULT_REFERRAL)
        return ClientForm(
            data,
            area_ids=self.scope.area_ids,
            coordinators=selectors.coordinator_users(user=self.request.user),
            initial=None
            if data
            else {
                "area": intake.area,
                "wishes": intake.wishes,
                "referred_on": intake.received_at.date(),
                "referral_source": ReferralSource.objects.filter(slug=referral).first(),
                "coordinator": self.request.user,
            },
        )

    def respond(self, intake, form):
        return self.render(
            "matching/client_form.html",
            {"title": f"受付 {intake.pk} の方を本人として登録", "form": form, "intake": intake},
        )

    def get(self, request, pk):
        intake = selectors.intake_get(user=request.user, pk=pk)
        if intake.client_id:
            return redirect("matching:client_detail", case_code=intake.client.case_code)
        self.audit(AuditAction.VIEW, AuditObjectType.INTAKE, intake.pk, detail="convert form")
        return self.respond(intake, self.form(intake))

    def post(self, request, pk):
        intake = selectors.intake_get(user=request.user, pk=pk)
        form = self.form(intake, request.POST)
        client = self.submit(
            form, lambda data: intake_convert(actor=self.actor, intake=intake, data=data)
        )
        if client:
            messages.success(request, f"{client.case_code} として登録しました。")
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.respond(intake, form)
