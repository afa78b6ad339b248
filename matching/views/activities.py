"""Activity records (活動の記録): the latest of each kind, and one form per kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from matching import selectors
from matching.activity_forms import (
    AgencyReferralForm,
    CommunityActionForm,
    MeetingForm,
    OutreachPlanForm,
    SupportContactForm,
)
from matching.models import AuditAction, AuditObjectType
from matching.services import (
    Actor,
    agency_referral_record,
    community_action_record,
    meeting_record,
    outreach_plan_create,
    support_contact_record,
)

from .base import SAVED, WorkspaceView


@dataclass(frozen=True)
class _Kind:
    title: str
    form: type
    perform: Callable[[Actor, dict, object], object]


KINDS = {
    "contact": _Kind(
        "個別支援（面談・電話・訪問・同行）を記録する",
        SupportContactForm,
        lambda actor, d, form: support_contact_record(
            actor=actor, client=d["case_code"], on=d["on"], kind=d["kind"], minutes=d["minutes"]
        ),
    ),
    "community": _Kind(
        "地域支援を記録する",
        CommunityActionForm,
        lambda actor, d, form: community_action_record(
            actor=actor,
            area=d["area"],
            on=d["on"],
            kind=d["kind"],
            result=d["result"],
            resource=d["resource"],
            participants=d["participants"],
        ),
    ),
    "meeting": _Kind(
        "会議を記録する",
        MeetingForm,
        lambda actor, d, form: meeting_record(
            actor=actor,
            area=d["area"],
            kind=d["kind"],
            on=d["on"],
            attendance=form.attendance(),
            cases=d["cases"],
        ),
    ),
    "plan": _Kind(
        "アウトリーチ支援プランを記録する",
        OutreachPlanForm,
        lambda actor, d, form: outreach_plan_create(
            actor=actor,
            meeting=d["meeting"],
            client=d["case_code"],
            made_on=d["made_on"],
            review_on=d["review_on"],
        ),
    ),
    "referral": _Kind(
        "関係機関につないだ記録をする",
        AgencyReferralForm,
        lambda actor, d, form: agency_referral_record(
            actor=actor, area=d["area"], on=d["on"], agency=d["agency"], client=d["case_code"]
        ),
    ),
}


class ActivityListView(WorkspaceView):
    title = "活動の記録"

    def get(self, request):
        recent = selectors.activity_recent(user=request.user)
        self.audit(AuditAction.LIST, AuditObjectType.ACTIVITY)
        forms = [(key, kind.title) for key, kind in KINDS.items()]
        return self.render("matching/activity_list.html", {"recent": recent, "forms": forms})


class ActivityCreateView(WorkspaceView):
    def kind(self, key: str) -> _Kind:
        if key not in KINDS:
            raise Http404("見つかりません。")
        return KINDS[key]

    def respond(self, kind: _Kind, form):
        return self.render("matching/activity_form.html", {"form": form, "title": kind.title})

    def get(self, request, kind):
        spec = self.kind(kind)
        return self.respond(spec, spec.form(user=request.user, initial={"on": self.today}))

    def post(self, request, kind):
        spec = self.kind(kind)
        form = spec.form(request.POST, user=request.user)
        if self.submit(form, lambda data: spec.perform(self.actor, data, form)):
            messages.success(request, SAVED)
            return redirect("matching:activity_list")
        return self.respond(spec, form)
