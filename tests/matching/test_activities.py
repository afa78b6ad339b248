"""Activity records through the services, without HTTP: scope, input, audit and retention."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from matching import services
from matching.models import (
    AgencyReferral,
    AuditEntry,
    ClientStatus,
    CommunityAction,
    Meeting,
    OutreachPlan,
    SupportContact,
)
from matching.plan_display import plan_csv_rows
from matching.plan_indicators import plan_indicators_compute
from tests.factories import ResourceFactory, login_verified
from tests.matching.conftest import TODAY
from tests.matching.factories import ClientFactory, area

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def test_a_contact_is_recorded_for_a_client_in_the_actors_areas_and_audited(omori):
    client = ClientFactory()
    contact = services.support_contact_record(
        actor=omori, client=client, on=DAY, kind="accompany", minutes=90
    )
    assert (contact.kind, contact.minutes, contact.recorded_by) == ("accompany", 90, omori.user)
    entry = AuditEntry.objects.get(object_type="activity")
    assert entry.client == client and entry.detail == "contact accompany"


def test_a_contact_outside_the_area_in_the_future_or_for_a_closed_case_changes_nothing(
    omori, kamata
):
    client = ClientFactory()
    with pytest.raises(PermissionDenied):
        services.support_contact_record(
            actor=kamata, client=client, on=DAY, kind="phone", minutes=5
        )
    with pytest.raises(ValidationError, match="未来の日付"):
        services.support_contact_record(
            actor=omori, client=client, on=TODAY + dt.timedelta(days=1), kind="phone", minutes=5
        )
    with pytest.raises(ValidationError):
        services.support_contact_record(actor=omori, client=client, on=DAY, kind="phone", minutes=0)
    with pytest.raises(ValidationError):
        services.support_contact_record(actor=omori, client=client, on=DAY, kind="chat", minutes=5)
    closed = ClientFactory(status=ClientStatus.CLOSED, closed_on=DAY, close_reason="settled")
    with pytest.raises(ValidationError, match="支援終了"):
        services.support_contact_record(actor=omori, client=closed, on=DAY, kind="phone", minutes=5)
    assert not SupportContact.objects.exists() and not AuditEntry.objects.exists()


def test_a_community_action_needs_an_area_the_actor_covers(omori):
    salon = ResourceFactory(name="新しいサロン")
    action = services.community_action_record(
        actor=omori,
        area=area("magome"),
        on=DAY,
        kind="launch",
        result="launched",
        resource=salon,
        participants=12,
    )
    assert action.participants == 12 and action.resource == salon
    with pytest.raises(ValidationError, match="担当していない"):
        services.community_action_record(
            actor=omori, area=area("kamata-nishi"), on=DAY, kind="launch", result="done"
        )
    assert CommunityAction.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="activity", detail="community launch").count() == 1


def test_a_meeting_records_attendance_and_cases_and_a_plan_is_made_for_a_case_it_discussed(omori):
    discussed, other = ClientFactory(), ClientFactory()
    meeting = services.meeting_record(
        actor=omori,
        area=area(),
        kind="multi_layered",
        on=DAY,
        attendance={"ward": 3, "csc": 2, "youth": 0},
        cases=[discussed],
    )
    assert meeting.attendance == {"ward": 3, "csc": 2} and meeting.participant_total == 5
    assert list(meeting.cases.all()) == [discussed]
    assert AuditEntry.objects.filter(client=discussed, detail="meeting case").exists()
    plan = services.outreach_plan_create(
        actor=omori, meeting=meeting, client=discussed, made_on=DAY, review_on=DAY.replace(day=30)
    )
    assert plan.meeting == meeting
    with pytest.raises(ValidationError, match="検討したケースに含まれていません"):
        services.outreach_plan_create(
            actor=omori, meeting=meeting, client=other, made_on=DAY, review_on=DAY.replace(day=30)
        )
    with pytest.raises(ValidationError, match="見直し予定日"):
        services.outreach_plan_create(
            actor=omori, meeting=meeting, client=discussed, made_on=DAY, review_on=DAY
        )
    with pytest.raises(ValidationError, match="参加者数"):
        services.meeting_record(
            actor=omori, area=area(), kind="case", on=DAY, attendance={"ward": -1}
        )
    assert OutreachPlan.objects.count() == 1 and Meeting.objects.count() == 1


def test_a_meeting_cannot_discuss_a_case_from_another_area(kamata):
    with pytest.raises(PermissionDenied):
        services.meeting_record(
            actor=kamata,
            area=area("kamata-nishi"),
            kind="case",
            on=DAY,
            attendance={},
            cases=[ClientFactory()],
        )
    assert not Meeting.objects.exists()


def test_a_referral_to_another_agency_may_name_a_client_of_the_same_area_or_none(omori):
    services.agency_referral_record(actor=omori, area=area(), on=DAY, agency="livelihood")
    services.agency_referral_record(
        actor=omori, area=area(), on=DAY, agency="health", client=ClientFactory()
    )
    with pytest.raises(ValidationError, match="本人のエリア"):
        services.agency_referral_record(
            actor=omori, area=area("magome"), on=DAY, agency="health", client=ClientFactory()
        )
    assert AgencyReferral.objects.count() == 2


def test_activity_records_hold_no_free_text():
    for model in (SupportContact, CommunityAction, Meeting, OutreachPlan, AgencyReferral):
        texts = [f.name for f in model._meta.fields if isinstance(f, models.TextField)]
        assert texts == [], model


def test_retention_anonymises_the_client_and_leaves_every_activity_count(omori, boss, supervisor):
    client = ClientFactory(referred_on=dt.date(2019, 5, 1), consent_given_on=dt.date(2019, 5, 1))
    with_records = dt.date(2019, 6, 3)
    services.support_contact_record(
        actor=boss, client=client, on=with_records, kind="visit", minutes=60
    )
    meeting = services.meeting_record(
        actor=boss,
        area=area(),
        kind="multi_layered",
        on=with_records,
        attendance={},
        cases=[client],
    )
    services.outreach_plan_create(
        actor=boss,
        meeting=meeting,
        client=client,
        made_on=with_records,
        review_on=dt.date(2019, 9, 1),
    )
    services.agency_referral_record(
        actor=boss, area=area(), on=with_records, agency="health", client=client
    )
    client.status, client.closed_on, client.close_reason = "closed", dt.date(2020, 1, 10), "settled"
    client.save()

    def table():
        return plan_csv_rows(
            plan_indicators_compute(user=supervisor, fiscal_year=2019), threshold=1
        )

    before = table()
    call_command("apply_retention", stdout=StringIO())
    client.refresh_from_db()
    assert client.anonymised_on is not None
    assert table() == before
    assert ["基本目標3", "重層的支援会議の件数", "合計", "2019年度", "1"] in before


def test_a_coordinator_records_a_contact_and_a_meeting_from_the_workspace(
    client, coordinator_omori
):
    login_verified(client, coordinator_omori)
    person = ClientFactory()
    response = client.post(
        reverse("matching:activity_create", args=["contact"]),
        {"case_code": person.case_code, "on": "2026-11-20", "kind": "visit", "minutes": "45"},
    )
    assert response.status_code == 302
    assert SupportContact.objects.get().minutes == 45
    response = client.post(
        reverse("matching:activity_create", args=["meeting"]),
        {
            "area": area().pk,
            "kind": "multi_layered",
            "on": "2026-11-20",
            "cases": f"{person.case_code}、{person.case_code}",
            "attendance_ward": "2",
            "attendance_csc": "1",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.attendance == {"ward": 2, "csc": 1} and list(meeting.cases.all()) == [person]
    response = client.post(
        reverse("matching:activity_create", args=["plan"]),
        {
            "meeting": meeting.pk,
            "case_code": person.case_code,
            "made_on": "2026-11-20",
            "review_on": "2027-02-20",
        },
    )
    assert response.status_code == 302 and OutreachPlan.objects.get().client == person
    page = client.get(reverse("matching:activity_list")).content.decode()
    assert "訪問 45分" in page and "重層的支援会議 · 参加 3人" in page
    assert "見直し予定 2027年2月20日" in page


def test_a_case_code_outside_the_area_is_refused_with_a_message_and_nothing_saved(
    client, coordinator_kamata
):
    login_verified(client, coordinator_kamata)
    someone_in_omori = ClientFactory()
    response = client.post(
        reverse("matching:activity_create", args=["contact"]),
        {
            "case_code": someone_in_omori.case_code,
            "on": "2026-11-20",
            "kind": "visit",
            "minutes": "45",
        },
    )
    assert response.status_code == 200
    assert "担当エリアにいません" in response.content.decode()
    assert not SupportContact.objects.exists()
    assert client.get(reverse("matching:activity_create", args=["nonsense"])).status_code == 404
