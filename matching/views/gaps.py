"""Resource gaps (地域資源の不足): the board by area, recording a gap, its status, its clients."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect

from directory.models import Region
from matching import selectors
from matching.forms import ResourceGapAddClientForm, ResourceGapForm, ResourceGapTransitionForm
from matching.models import AuditAction, AuditObjectType, GapStatus
from matching.services import (
    resource_gap_add_client,
    resource_gap_create,
    resource_gap_share,
    resource_gap_transition,
)

from .base import SAVED, WorkspaceView


class GapListView(WorkspaceView):
    title = "地域資源の不足ボード"

    def get(self, request):
        gaps = selectors.resource_gap_list(user=request.user)
        region = request.GET.get("region") or ""
        area = request.GET.get("area") or ""
        status = request.GET.get("status") or ""
        if region.isdigit():
            gaps = gaps.filter(area__region_id=int(region))
        if area.isdigit():
            gaps = gaps.filter(area_id=int(area))
        if status in GapStatus.values:
            gaps = gaps.filter(status=status)
        gaps = list(gaps.order_by("area__region__sort_order", "area__code", "-opened_on"))
        board: dict = {}
        for gap in gaps:
            board.setdefault(gap.area.region, {}).setdefault(gap.area, []).append(gap)
        self.audit(AuditAction.LIST, AuditObjectType.GAP)
        areas = selectors.areas_in_scope(user=request.user)
        return self.render(
            "matching/gap_list.html",
            {
                "board": board,
                "gap_count": len(gaps),
                "regions": Region.objects.filter(areas__in=areas).distinct(),
                "areas": areas,
                "statuses": GapStatus.choices,
                "selected": {"region": region, "area": area, "status": status},
            },
        )


class GapCreateView(WorkspaceView):
    title = "地域資源の不足を登録"

    def client_from(self, code):
        return self.get_client(code) if code else None

    def respond(self, form, client):
        return self.render("matching/gap_form.html", {"form": form, "client": client})

    def get(self, request):
        client = self.client_from(request.GET.get("client"))
        initial = {"opened_on": self.today}
        if client is not None:
            self.audit(AuditAction.VIEW, AuditObjectType.CLIENT, client.pk, client, "gap form")
            initial.update(
                area=client.area_id,
                audience=next(iter(client.audiences.all()), None),
                category=next(iter(client.interests.all()), None),
                weekdays=client.free_weekdays,
                times_of_day=client.free_times,
                reason="none",
                client_code=client.case_code,
            )
        form = ResourceGapForm(initial=initial, area_ids=self.scope.area_ids)
        return self.respond(form, client)

    def post(self, request):
        form = ResourceGapForm(request.POST, area_ids=self.scope.area_ids)
        client = self.client_from(request.POST.get("client_code"))
        gap = self.submit(
            form,
            lambda data: resource_gap_create(
                actor=self.actor, data=data, clients=[client] if client else []
            ),
        )
        if gap:
            messages.success(request, "地域資源の不足を登録しました。")
            return redirect("matching:gap_detail", pk=gap.pk)
        return self.respond(form, client)


class GapDetailView(WorkspaceView):
    def context(self, gap, transition_form=None, add_form=None):
        return {
            "title": f"地域資源の不足: {gap}",
            "gap": gap,
            "visible_clients": selectors.resource_gap_clients_visible(
                user=self.request.user, gap=gap
            ),
            "transition_form": transition_form
            or (
                ResourceGapTransitionForm(gap=gap, initial={"on_date": self.today})
                if gap.next_statuses
                else None
            ),
            "add_form": add_form or ResourceGapAddClientForm(),
        }

    def get_gap(self, pk):
        return selectors.resource_gap_get(user=self.request.user, pk=pk)

    def get(self, request, pk):
        gap = self.get_gap(pk)
        self.audit(AuditAction.VIEW, AuditObjectType.GAP, gap.pk)
        return self.render("matching/gap_detail.html", self.context(gap))


class GapTransitionView(GapDetailView):
    def get(self, request, pk):
        return redirect("matching:gap_detail", pk=self.get_gap(pk).pk)

    def post(self, request, pk):
        gap = self.get_gap(pk)
        form = ResourceGapTransitionForm(request.POST, gap=gap)
        if self.submit(
            form, lambda data: resource_gap_transition(actor=self.actor, gap=gap, **data)
        ):
            messages.success(request, SAVED)
            return redirect("matching:gap_detail", pk=gap.pk)
        return self.render("matching/gap_detail.html", self.context(gap, transition_form=form))


class GapAddClientView(GapDetailView):
    def get(self, request, pk):
        return redirect("matching:gap_detail", pk=self.get_gap(pk).pk)

    def post(self, request, pk):
        gap = self.get_gap(pk)
        form = ResourceGapAddClientForm(request.POST)
        client = self.submit(form, lambda data: self.add_client(gap, form, data["case_code"]))
        if client:
            messages.success(request, f"{client.case_code} を追加しました。")
            return redirect("matching:gap_detail", pk=gap.pk)
        return self.render("matching/gap_detail.html", self.context(gap, add_form=form))

    def add_client(self, gap, form, case_code: str):
        """The client with ``case_code`` added to ``gap``; ``None`` (with the message on the
        form) when no such client is in the user's areas."""
        try:
            client = self.get_client(case_code.strip())
        except ObjectDoesNotExist:
            form.add_error("case_code", "担当エリアに、このケース番号の本人はいません。")
            return None
        resource_gap_add_client(actor=self.actor, gap=gap, client=client)
        return client


class GapShareView(GapDetailView):
    """Mark a gap for the public page 「こんな場が求められています」 (aggregate only), or unmark it."""

    def get(self, request, pk):
        return redirect("matching:gap_detail", pk=self.get_gap(pk).pk)

    def post(self, request, pk):
        gap = self.get_gap(pk)
        shareable = request.POST.get("shareable") == "1"
        resource_gap_share(actor=self.actor, gap=gap, shareable=shareable)
        messages.success(
            request,
            "公開ページで知らせます（分野・対象・曜日と件数の幅だけ）。"
            if shareable
            else "公開ページでは知らせません。",
        )
        return redirect("matching:gap_detail", pk=gap.pk)
