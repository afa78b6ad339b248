"""The coordinator workspace (/coordinator/): thin views over selectors and services.

Every view needs a signed-in user with a workspace role: anonymous users go to the login page,
users without a role (CMS editors, group members) get 403, and a record outside the user's areas
is 404 exactly like a record that does not exist. Every read of a client, placement, follow-up or
gap is written to the audit log here; writes are audited by the services.
"""

from __future__ import annotations

import csv
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View

from directory.dates import fiscal_year
from directory.models import Kind, Region

from . import selectors, services
from .charts import bar_chart
from .filters import ClientFilter
from .forms import (
    ClientCloseForm,
    ClientConsentForm,
    ClientForm,
    ClientWithdrawForm,
    FollowUpRecordForm,
    IndicatorFilterForm,
    PlacementProposeForm,
    PlacementTransitionForm,
    PlacementUpdateForm,
    ResourceGapAddClientForm,
    ResourceGapForm,
    ResourceGapTransitionForm,
    SuggestionFilterForm,
)
from .indicators import indicators_compute, indicators_csv_rows
from .models import (
    AuditAction,
    AuditObjectType,
    ClientStatus,
    GapStatus,
    Stage,
)
from .suggestions import suggestion_list

SAVED = "保存しました。"


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class WorkspaceView(View):
    """Base of every workspace page: login, role and scope checks, no caching, audit helper."""

    supervisor_only = False
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("matching:login"))
        self.scope = selectors.scope_for(user=request.user)
        if self.scope is None or (self.supervisor_only and not self.scope.is_supervisor):
            return self.forbidden()
        self.actor = services.Actor.from_request(request)
        self.today = timezone.localdate()
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            # Outside the user's areas looks exactly like "does not exist".
            raise Http404("見つかりません。") from error
        add_never_cache_headers(response)
        return response

    def forbidden(self):
        response = render(
            self.request, "matching/forbidden.html", {"title": "権限がありません"}, status=403
        )
        add_never_cache_headers(response)
        return response

    def render(self, template: str, context: dict, status: int = 200):
        context.setdefault("title", self.title)
        context["scope"] = self.scope
        context["today"] = self.today
        return render(self.request, template, context, status=status)

    def audit(self, action, object_type, object_id="", client=None, detail=""):
        services.audit_record(
            actor=self.actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            client=client,
            detail=detail,
        )

    def get_client(self, case_code: str):
        return selectors.client_get(user=self.request.user, case_code=case_code)


# --- sign in and out ---------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "matching/login.html"
    extra_context = {"title": "コーディネーター ログイン"}

    def get_default_redirect_url(self):
        return reverse("matching:dashboard")


class LogoutView(auth_views.LogoutView):
    def get_success_url(self):
        return reverse("matching:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "ログアウトしました。")
        return response


# --- dashboard ---------------------------------------------------------------------------------


class DashboardView(WorkspaceView):
    title = "ホーム"

    def get(self, request):
        due = selectors.follow_up_due(user=request.user, today=self.today)
        clients = selectors.client_list(user=request.user).filter(status=ClientStatus.ACTIVE)
        if not self.scope.is_supervisor:
            clients = clients.filter(coordinator=request.user)
        recent = list(clients.order_by("-updated_at")[:10])
        self.audit(AuditAction.LIST, AuditObjectType.FOLLOW_UP, detail="dashboard")
        return self.render(
            "matching/dashboard.html",
            {"due": due, "recent_clients": recent, "active_count": clients.count()},
        )


# --- clients -----------------------------------------------------------------------------------


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
        if form.is_valid():
            try:
                client = services.client_create(actor=self.actor, data=form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
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
            messages.error(request, services.FROZEN_MESSAGES[client.status])
            return redirect("matching:client_detail", case_code=client.case_code)
        return self.respond(client, self.form(client))

    def post(self, request, case_code):
        client = self.get_client(case_code)
        form = self.form(client, request.POST)
        if form.is_valid():
            try:
                services.client_update(
                    actor=self.actor,
                    client=client,
                    version=form.cleaned_data.get("version") or 0,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
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
        if form.is_valid():
            try:
                self.perform(client, form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
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
        services.client_consent_record(
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
        services.client_consent_withdraw(
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
        services.client_close(
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


# --- suggestions and placements --------------------------------------------------------------


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
            form.add_error(
                None,
                services.FROZEN_MESSAGES.get(client.status) or services.NO_CONSENT_MESSAGE,
            )
        return self.respond(client, resource, form)

    def post(self, request, case_code):
        client = self.get_client(case_code)
        resource = self.resource(request.POST.get("resource"))
        form = PlacementProposeForm(request.POST)
        if form.is_valid():
            try:
                placement = services.placement_propose(
                    actor=self.actor,
                    client=client,
                    resource=resource,
                    proposed_on=form.cleaned_data["proposed_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
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
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.placement_transition(
                    actor=self.actor,
                    placement=placement,
                    to_stage=data["to_stage"],
                    version=data["version"],
                    on_date=data["on_date"],
                    failure_reason=data.get("failure_reason") or "",
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"「{Stage(data['to_stage']).label}」にしました。")
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
        if form.is_valid():
            try:
                services.placement_update(
                    actor=self.actor, placement=placement, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, SAVED)
                return redirect("matching:placement_detail", pk=placement.pk)
        return self.render(
            "matching/placement_detail.html", self.context(placement, update_form=form)
        )


# --- follow-ups --------------------------------------------------------------------------------


class FollowUpListView(WorkspaceView):
    title = "フォローアップ"

    def get(self, request):
        everyone = request.GET.get("all") == "1"
        due = selectors.follow_up_due(user=request.user, today=self.today, everyone=everyone)
        self.audit(AuditAction.LIST, AuditObjectType.FOLLOW_UP)
        return self.render("matching/follow_up_list.html", {"due": due, "everyone": everyone})


class FollowUpRecordView(WorkspaceView):
    def respond(self, follow_up, form):
        return self.render(
            "matching/follow_up_form.html",
            {
                "title": f"フォローアップの記録（{follow_up.placement.client.case_code}）",
                "follow_up": follow_up,
                "placement": follow_up.placement,
                "form": form,
            },
        )

    def get(self, request, pk):
        follow_up = selectors.follow_up_get(user=request.user, pk=pk)
        self.audit(
            AuditAction.VIEW, AuditObjectType.FOLLOW_UP, follow_up.pk, follow_up.placement.client
        )
        return self.respond(follow_up, FollowUpRecordForm(initial={"done_on": self.today}))

    def post(self, request, pk):
        follow_up = selectors.follow_up_get(user=request.user, pk=pk)
        form = FollowUpRecordForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_record(
                    actor=self.actor, follow_up=follow_up, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "フォローアップを記録しました。")
                return redirect("matching:placement_detail", pk=follow_up.placement_id)
        return self.respond(follow_up, form)


# --- resource gaps -----------------------------------------------------------------------------


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
        if form.is_valid():
            try:
                gap = services.resource_gap_create(
                    actor=self.actor, data=form.cleaned_data, clients=[client] if client else []
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
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
        if form.is_valid():
            try:
                services.resource_gap_transition(actor=self.actor, gap=gap, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, SAVED)
                return redirect("matching:gap_detail", pk=gap.pk)
        return self.render("matching/gap_detail.html", self.context(gap, transition_form=form))


class GapAddClientView(GapDetailView):
    def get(self, request, pk):
        return redirect("matching:gap_detail", pk=self.get_gap(pk).pk)

    def post(self, request, pk):
        gap = self.get_gap(pk)
        form = ResourceGapAddClientForm(request.POST)
        if form.is_valid():
            try:
                client = self.get_client(form.cleaned_data["case_code"].strip())
            except ObjectDoesNotExist:
                form.add_error("case_code", "担当エリアに、このケース番号の本人はいません。")
            else:
                try:
                    services.resource_gap_add_client(actor=self.actor, gap=gap, client=client)
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(request, f"{client.case_code} を追加しました。")
                    return redirect("matching:gap_detail", pk=gap.pk)
        return self.render("matching/gap_detail.html", self.context(gap, add_form=form))


# --- indicators --------------------------------------------------------------------------------


class IndicatorsView(WorkspaceView):
    title = "指標"

    def compute(self, request):
        form = IndicatorFilterForm(
            request.GET or {"fiscal_year": fiscal_year(self.today)},
            area_ids=self.scope.area_ids,
        )
        if not form.is_valid():
            form = IndicatorFilterForm(
                {"fiscal_year": fiscal_year(self.today)}, area_ids=self.scope.area_ids
            )
            form.is_valid()
        data = form.cleaned_data
        indicators = indicators_compute(
            user=request.user,
            fiscal_year=data["fiscal_year"],
            month=data.get("month"),
            region_id=data["region"].pk if data.get("region") else None,
            area_id=data["area"].pk if data.get("area") else None,
            today=self.today,
        )
        return form, indicators

    def get(self, request):
        form, ind = self.compute(request)
        chart = bar_chart(list(zip(ind.month_labels(), ind.placements_by_month, strict=True)))
        area_peak = max([r.total for r in ind.placements_by_area] + [1])
        return self.render(
            "matching/indicators.html",
            {
                "form": form,
                "ind": ind,
                "chart": chart,
                "area_bars": [
                    (r, round(100 * r.total / area_peak)) for r in ind.placements_by_area
                ],
                "export_query": request.GET.urlencode(),
                "grace_days": settings.FOLLOW_UP_ON_TIME_GRACE_DAYS,
            },
        )


class IndicatorsExportView(IndicatorsView):
    def get(self, request):
        form, ind = self.compute(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"indicators-{ind.fiscal_year}" + (f"-{ind.month.month:02d}" if ind.month else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # BOM so that Excel opens the Japanese text correctly
        writer = csv.writer(response)
        writer.writerows(indicators_csv_rows(ind))
        self.audit(AuditAction.EXPORT, AuditObjectType.INDICATORS, detail=name)
        return response


# --- listings ----------------------------------------------------------------------------------


class ResourceDetailView(WorkspaceView):
    def get(self, request, pk):
        resource = selectors.resource_get(user=request.user, pk=pk)
        return self.render(
            "matching/resource_detail.html",
            {"title": resource.name, "resource": resource},
        )
