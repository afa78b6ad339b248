"""The audit log: every read and write of client records is recorded, and it is append-only."""

import datetime as dt
import logging

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from matching import services
from matching.models import AuditEntry, AuditLogIsAppendOnly, Stage
from matching.services import Actor
from tests.factories import ResourceFactory, login_verified
from tests.matching.factories import ClientFactory, ResourceGapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(coordinator_omori):
    actor = Actor(user=coordinator_omori, ip_address="192.0.2.10")
    client = ClientFactory(referred_on=dt.date(2026, 7, 1), strengths="秘密の強み（架空）")
    placement = services.placement_propose(
        actor=actor, client=client, resource=ResourceFactory(), proposed_on=dt.date(2026, 7, 10)
    )
    placement = services.placement_transition(
        actor=actor,
        placement=placement,
        to_stage=Stage.STARTED,
        version=1,
        on_date=dt.date(2026, 8, 1),
    )
    gap = ResourceGapFactory()
    gap.clients.add(client)
    return client, placement, placement.follow_ups.first(), gap


def test_every_page_that_shows_a_client_record_writes_a_read_entry(
    client, coordinator_omori, records
):
    person, placement, follow_up, gap = records
    login_verified(client, coordinator_omori)
    pages = [
        ("client_detail", [person.case_code], "client", person.pk),
        ("client_update", [person.case_code], "client", person.pk),
        ("client_suggestions", [person.case_code], "client", person.pk),
        ("placement_detail", [placement.pk], "placement", placement.pk),
        ("follow_up_record", [follow_up.pk], "follow_up", follow_up.pk),
        ("gap_detail", [gap.pk], "gap", gap.pk),
    ]
    for name, args, object_type, pk in pages:
        before = AuditEntry.objects.count()
        assert client.get(reverse(f"matching:{name}", args=args)).status_code == 200, name
        entry = AuditEntry.objects.order_by("-pk").first()
        assert AuditEntry.objects.count() == before + 1, name
        assert (entry.user, entry.action, entry.object_type, entry.object_id) == (
            coordinator_omori,
            "view",
            object_type,
            str(pk),
        ), name
        assert entry.ip_address == "127.0.0.1"


def test_lists_are_recorded_as_list_reads(client, coordinator_omori):
    login_verified(client, coordinator_omori)
    client.get(reverse("matching:client_list"))
    client.get(reverse("matching:gap_list"))
    client.get(reverse("matching:follow_up_list"))
    assert set(AuditEntry.objects.values_list("action", "object_type")) == {
        ("list", "client"),
        ("list", "gap"),
        ("list", "follow_up"),
    }


def test_every_write_is_recorded_with_who_what_and_where(coordinator_omori, records):
    person, placement, follow_up, gap = records
    actor = Actor(user=coordinator_omori, ip_address="192.0.2.10")
    services.follow_up_record(
        actor=actor,
        follow_up=follow_up,
        done_on=dt.date(2026, 8, 15),
        method="phone",
        outcome="continuing",
        wellbeing=4,
    )
    services.resource_gap_transition(actor=actor, gap=gap, to_status="considering")
    rows = list(AuditEntry.objects.order_by("pk").values_list("action", "object_type", "detail"))
    assert rows == [
        ("create", "placement", f"resource={placement.resource_id}"),
        ("transition", "placement", "proposed→started"),
        ("record", "follow_up", "continuing"),
        ("transition", "gap", "registered→considering"),
    ]
    assert set(AuditEntry.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_audit_entries_cannot_be_changed_or_deleted(records):
    entry = AuditEntry.objects.first()
    entry.detail = "書き換え"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().update(detail="書き換え")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(detail="書き換え").count() == 0


def test_the_application_offers_no_screen_for_the_audit_log_outside_the_workspace():
    assert AuditEntry not in get_snippet_models()
    assert AuditEntry._meta.default_permissions == ("view",)


def test_a_supervisor_reads_one_clients_whole_log(client, supervisor, records):
    person, placement, follow_up, gap = records
    other = ClientFactory()
    services.placement_propose(
        actor=Actor(user=supervisor), client=other, resource=ResourceFactory()
    )
    login_verified(client, supervisor)
    response = client.get(reverse("matching:client_audit", args=[person.case_code]))
    assert response.status_code == 200
    entries = list(response.context["page_obj"].object_list)
    assert {e.client_id for e in entries} == {person.pk}
    assert {(e.object_type, e.action) for e in entries} >= {
        ("placement", "create"),
        ("placement", "transition"),
    }
    page = response.content.decode()
    assert "coord_omori" in page and "192.0.2.10" in page


def test_coordinators_cannot_read_the_audit_log(client, coordinator_omori, records):
    login_verified(client, coordinator_omori)
    person = records[0]
    assert client.get(reverse("matching:client_audit", args=[person.case_code])).status_code == 403


def test_audit_entries_and_logs_hold_no_personal_text(client, coordinator_omori, records, caplog):
    person = records[0]
    login_verified(client, coordinator_omori)
    with caplog.at_level(logging.DEBUG):
        client.get(reverse("matching:client_detail", args=[person.case_code]))
        client.get(reverse("matching:client_suggestions", args=[person.case_code]))
    assert (
        "秘密の強み"
        in client.get(reverse("matching:client_detail", args=[person.case_code])).content.decode()
    )
    for values in AuditEntry.objects.values_list("object_id", "detail"):
        assert all("秘密" not in v for v in values)
    assert "秘密の強み" not in caplog.text
