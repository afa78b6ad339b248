"""Activity records (活動の記録): 個別支援 contacts, 地域支援 actions, meetings, アウトリーチ支援
プラン and referrals to other agencies. Each write checks the actor's areas (and, for a client,
that the record is not frozen), refuses future dates, and is audited with codes only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.models import Area, Resource
from matching.models import (
    AgencyReferral,
    AuditAction,
    AuditObjectType,
    Client,
    CommunityAction,
    Meeting,
    OrganisationType,
    OutreachPlan,
    SupportContact,
)

from .audit import Actor, audit_record
from .guards import (
    actor_scope,
    not_future,
    require_area,
    require_client_in_scope,
    require_editable_client,
)

REVIEW_BEFORE_MADE = "見直し予定日は作成日より後の日付にしてください。"
CLIENT_NOT_DISCUSSED = "この本人は、選んだ会議で検討したケースに含まれていません。"
BAD_ATTENDANCE = "参加者数は機関の種類ごとに0以上の整数で入力してください。"


def _audit(actor: Actor, record, kind: str, client: Client | None = None) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=AuditObjectType.ACTIVITY,
        object_id=record.pk,
        client=client,
        detail=kind,
    )


def support_contact_record(
    *, actor: Actor, client: Client, on: dt.date, kind: str, minutes: int
) -> SupportContact:
    """個別支援: a contact with ``client`` on a past or present day."""
    require_editable_client(actor, client)
    not_future(on, "on")
    with transaction.atomic():
        contact = SupportContact(
            client=client, on=on, kind=kind, minutes=minutes, recorded_by=actor.user
        )
        contact.full_clean()
        contact.save()
        _audit(actor, contact, f"contact {kind}", client)
    return contact


def community_action_record(
    *,
    actor: Actor,
    area: Area,
    on: dt.date,
    kind: str,
    result: str,
    resource: Resource | None = None,
    participants: int = 0,
) -> CommunityAction:
    """地域支援: support given in one of the actor's areas to a group or listing (or to start one)."""
    require_area(actor_scope(actor), area.pk)
    not_future(on, "on")
    with transaction.atomic():
        action = CommunityAction(
            area=area,
            on=on,
            kind=kind,
            result=result,
            resource=resource,
            participants=participants,
            recorded_by=actor.user,
        )
        action.full_clean()
        action.save()
        _audit(actor, action, f"community {kind}")
    return action


def meeting_record(
    *,
    actor: Actor,
    area: Area,
    kind: str,
    on: dt.date,
    attendance: Mapping[str, int],
    cases: Iterable[Client] = (),
) -> Meeting:
    """A meeting in one of the actor's areas, its participants per organisation type and the
    cases it discussed (each in the actor's areas)."""
    scope = actor_scope(actor)
    require_area(scope, area.pk)
    not_future(on, "on")
    cases = list(cases)
    for client in cases:
        require_client_in_scope(scope, client)
    valid = {value for value, _ in OrganisationType.choices}
    if any(k not in valid or not isinstance(v, int) or v < 0 for k, v in attendance.items()):
        raise ValidationError({"attendance": BAD_ATTENDANCE})
    with transaction.atomic():
        meeting = Meeting(
            area=area,
            kind=kind,
            on=on,
            attendance={k: v for k, v in attendance.items() if v},
            recorded_by=actor.user,
        )
        meeting.full_clean()
        meeting.save()
        meeting.cases.set(cases)
        _audit(actor, meeting, f"meeting {kind} cases={len(cases)}")
        for client in cases:
            _audit(actor, meeting, "meeting case", client)
    return meeting


def outreach_plan_create(
    *, actor: Actor, meeting: Meeting, client: Client, made_on: dt.date, review_on: dt.date
) -> OutreachPlan:
    """アウトリーチ支援プラン: made in ``meeting`` for a client it discussed."""
    require_editable_client(actor, client)
    require_area(actor_scope(actor), meeting.area_id, "meeting")
    not_future(made_on, "made_on")
    if made_on < meeting.on:
        raise ValidationError({"made_on": "作成日は会議の開催日以降にしてください。"})
    if review_on <= made_on:
        raise ValidationError({"review_on": REVIEW_BEFORE_MADE})
    if not meeting.cases.filter(pk=client.pk).exists():
        raise ValidationError({"client": CLIENT_NOT_DISCUSSED})
    with transaction.atomic():
        plan = OutreachPlan.objects.create(
            meeting=meeting,
            client=client,
            made_on=made_on,
            review_on=review_on,
            recorded_by=actor.user,
        )
        _audit(actor, plan, "outreach plan", client)
    return plan


def agency_referral_record(
    *, actor: Actor, area: Area, on: dt.date, agency: str, client: Client | None = None
) -> AgencyReferral:
    """他課題に気づき、関係機関につないだ: in one of the actor's areas, for a client or not."""
    scope = actor_scope(actor)
    require_area(scope, area.pk)
    if client is not None:
        require_editable_client(actor, client)
        if client.area_id != area.pk:
            raise ValidationError({"area": "本人のエリアを選んでください。"})
    not_future(on, "on")
    with transaction.atomic():
        referral = AgencyReferral(
            area=area, on=on, agency=agency, client=client, recorded_by=actor.user
        )
        referral.full_clean()
        referral.save()
        _audit(actor, referral, f"referral {agency}", client)
    return referral
