"""Suggestions and placements (つなぎ): ranked listings for a client, a proposal, its stages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from directory.models import Kind
from matching import selectors
from matching.forms import (
    PlacementProposeForm,
    PlacementTransitionForm,
    PlacementUpdateForm,
    SuggestionFilterForm,
)
from matching.models import AuditAction, AuditObjectType, Stage
from matching.services import (
    FROZEN_MESSAGES,
    NO_CONSENT_MESSAGE,
    placement_propose,
    placement_transition,
    placement_update,
)
from matching.suggestions import suggestion_list

from .base import SAVED, WorkspaceView


class SuggestionListView(WorkspaceView):
    def get(self, request, case_code):
        client = self.get_client(case_code)
        form = SuggestionFilterForm(request.GET or None)
        kind = form.cleaned_data["kind"] if form.is_valid() else None
        suggestions = suggestion_list(user=request.user, client=client, kind=kind or None)
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, "suggestions")
        return self.render(
            "matching/suggestions.html",
            {
                "title": f"{client.case_code} への提案候補",
                "client": client,
                "suggestions": suggestions,
                "form": form,
                "kinds": dict(Kind.choices),
                "gap_url": reverse("matching:gap_create")
                + "?"
                + urlencode({"client": client.case_code}),
            },
        )


class PlacementCreateView(WorkspaceView):
    def resource(self, pk):
        try:
            return selectors.resource_get(user=self.request.user, pk=int(pk))
        except (TypeError, ValueError) as error:
            raise Http404 from error

    def respond(self, client, resource, form):
        return self.render(
            "matching/placement_form.html",
            {
                "title": f"{client.case_code} のつなぎ（提案）を記録",
                "client": client,
                "resource": resource,
                "form": form,
            },
        )

    def get(self, request, case_code):
        client = self.get_client(case_code)
        if not request.GET.get("resource"):
            return redirect("matching:client_suggestions", case_code=client.case_code)
        resource = self.resource(request.GET.get("resource"))
        self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, "propose form")
        form = PlacementProposeForm(initial={"proposed_on": self.today})
        if not client.has_consent or client.is_frozen:
            form = PlacementProposeForm(data={"proposed_on": self.today})
            form.is_valid()
            form.add_error(None, FROZEN_MESSAGES.get(client.status) or NO_CONSENT_MESSAGE)
        return self.respond(client, resource, form)

    def post(self, request, case_code):
        client = self.get_client(case_code)
        resource = self.resource(request.POST.get("resource"))
        form = PlacementProposeForm(request.POST)
        placement = self.submit(
            form,
            lambda data: placement_propose(
                actor=self.actor,
                client=client,
                resource=resource,
                proposed_on=data["proposed_on"],
                note=data["note"],
            ),
        )
        if placement:
            messages.success(request, f"「{resource.name}」への提案を記録しました。")
            return redirect("matching:placement_detail", pk=placement.pk)
        return self.respond(client, resource, form)


class PlacementDetailView(WorkspaceView):
    def context(self, placement, transition_form=None, update_form=None):
        settle = selectors.placement_settlement_follow_up(placement=placement)
        return {
            "title": f"つなぎ: {placement.client.case_code} → {placement.resource.name}",
            "placement": placement,
            "client": placement.client,
            "transition_form": transition_form
            or PlacementTransitionForm(
                stage=placement.stage,
                initial={"version": placement.version, "on_date": self.today},
            ),
            "update_form": update_form
            or PlacementUpdateForm(
                initial={
                    "version": placement.version,
                    "accompanied": placement.accompanied,
                    "host_prepared": placement.host_prepared,
                    "note": placement.note,
                }
            ),
            "settle_follow_up": settle,
        }

    def get_placement(self, pk):
        return selectors.placement_get(user=self.request.user, pk=pk)

    def get(self, request, pk):
        placement = self.get_placement(pk)
        self.audit(AuditAction.VIEW, AuditObjectType.PLACEMENT, placement.pk, placement.client)
        return self.render("matching/placement_detail.html", self.context(placement))


class PlacementTransitionView(PlacementDetailView):
    def get(self, request, pk):
        return redirect("matching:placement_detail", pk=self.get_placement(pk).pk)

    def post(self, request, pk):
        placement = self.get_placement(pk)
        form = PlacementTransitionForm(request.POST, stage=placement.stage)
        saved = self.submit(
            form,
            lambda data: placement_transition(
                actor=self.actor,
                placement=placement,
                to_stage=data["to_stage"],
                version=data["version"],
                on_date=data["on_date"],
                failure_reason=data.get("failure_reason") or "",
                note=data["note"],
            ),
        )
        if saved:
            to_stage = Stage(form.cleaned_data["to_stage"])
            messages.success(request, f"「{to_stage.label}」にしました。")
            return redirect("matching:placement_detail", pk=placement.pk)
        return self.render(
            "matching/placement_detail.html", self.context(placement, transition_form=form)
        )


class PlacementUpdateView(PlacementDetailView):
    def get(self, request, pk):
        return redirect("matching:placement_detail", pk=self.get_placement(pk).pk)

    def post(self, request, pk):
        placement = self.get_placement(pk)
        form = PlacementUpdateForm(request.POST)
        saved = self.submit(
            form, lambda data: placement_update(actor=self.actor, placement=placement, **data)
        )
        if saved:
            messages.success(request, SAVED)
            return redirect("matching:placement_detail", pk=placement.pk)
        return self.render(
            "matching/placement_detail.html", self.context(placement, update_form=form)
        )
