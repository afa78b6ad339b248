"""Services: every write checks scope and input, applies all or nothing, and is audited."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from directory.models import Audience, Category, Status
from matching import services
from matching.models import (
    AuditEntry,
    Client,
    ClientStatus,
    FollowUp,
    GapStatus,
    Placement,
    PlacementEvent,
    ReferralSource,
    ResourceGap,
    Stage,
)
from matching.services import STALE_MESSAGE, Actor
from tests.factories import ResourceFactory
from tests.matching.conftest import TODAY
from tests.matching.factories import ClientFactory, area

pytestmark = pytest.mark.django_db


def client_data(**overrides):
    data = {
        "area": area(),
        "town": None,
        "age_band": "70s",
        "audiences": [Audience.objects.get(slug="older-people")],
        "interests": [Category.objects.get(slug="go-shogi")],
        "strengths": "昔、囲碁を教えていた（架空）",
        "wishes": "週1回くらい外に出たい",
        "free_weekdays": [2],
        "free_times": [1],
        "max_distance_km": None,
        "accessibility_needs": [],
        "languages": [],
        "needs_companion": True,
        "constraints_note": "",
        "referral_source": ReferralSource.objects.get(slug="community-support-center"),
        "referred_on": dt.date(2026, 11, 20),
        "coordinator": None,
        "consent_given_on": dt.date(2026, 11, 20),
        "consent_scope": "host",
        "consent_method": "written",
    }
    data.update(overrides)
    return data


def started_placement(actor, *, started_on=dt.date(2026, 8, 1), **client_kwargs):
    client = ClientFactory(created_by=actor.user, referred_on=dt.date(2026, 7, 1), **client_kwargs)
    placement = services.placement_propose(
        actor=actor, client=client, resource=ResourceFactory(), proposed_on=dt.date(2026, 7, 10)
    )
    return services.placement_transition(
        actor=actor, placement=placement, to_stage=Stage.STARTED, version=1, on_date=started_on
    )


# --- clients ------------------------------------------------------------------------------------


def test_new_clients_get_consecutive_case_codes_for_the_fiscal_year(omori):
    first = services.client_create(actor=omori, data=client_data())
    second = services.client_create(actor=omori, data=client_data())
    assert (first.case_code, second.case_code) == ("OTA-2026-0001", "OTA-2026-0002")


def test_case_codes_start_again_in_april_and_march_still_belongs_to_the_old_year(omori):
    with time_machine.travel(dt.datetime(2027, 3, 31, 12, 0), tick=False):
        march = services.client_create(actor=omori, data=client_data())
    with time_machine.travel(dt.datetime(2027, 4, 1, 12, 0), tick=False):
        april = services.client_create(actor=omori, data=client_data())
    assert march.case_code == "OTA-2026-0001"
    assert april.case_code == "OTA-2027-0001"


def test_case_code_prefix_comes_from_the_municipality_setting(omori, settings):
    settings.MUNICIPALITY = {**settings.MUNICIPALITY, "case_code_prefix": "SGY"}
    assert services.client_create(actor=omori, data=client_data()).case_code == "SGY-2026-0001"


def test_creating_a_client_saves_everything_and_writes_an_audit_entry(omori):
    client = services.client_create(actor=omori, data=client_data())
    assert client.status == ClientStatus.ACTIVE and client.version == 1
    assert [c.slug for c in client.interests.all()] == ["go-shogi"]
    assert client.free_weekdays == [2] and client.has_consent
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.object_type, entry.client) == (
        omori.user,
        "create",
        "client",
        client,
    )
    assert entry.ip_address == "192.0.2.10"


def test_a_coordinator_cannot_register_a_client_in_an_area_they_do_not_cover(kamata):
    with pytest.raises(ValidationError) as error:
        services.client_create(actor=kamata, data=client_data(area=area("omori-nishi")))
    assert "担当していない特別出張所エリア" in str(error.value)
    assert not Client.objects.exists() and not AuditEntry.objects.exists()


def test_users_without_a_workspace_role_cannot_use_services(editor):
    with pytest.raises(PermissionDenied):
        services.client_create(actor=Actor(user=editor), data=client_data())


def test_consent_needs_a_date_scope_and_method_together(omori):
    with pytest.raises(ValidationError) as error:
        services.client_create(actor=omori, data=client_data(consent_method=""))
    assert "同意の方法を選んでください" in str(error.value)
    assert not Client.objects.exists()


def test_a_client_without_consent_can_be_registered_and_consent_recorded_later(omori):
    client = services.client_create(
        actor=omori,
        data=client_data(consent_given_on=None, consent_scope="", consent_method=""),
    )
    assert not client.has_consent
    client = services.client_consent_record(
        actor=omori,
        client=client,
        version=1,
        given_on=TODAY,
        scope="record",
        method="verbal",
    )
    assert client.has_consent and client.version == 2


def test_saving_a_client_from_an_old_version_is_refused_and_keeps_the_first_save(omori, kamata):
    client = services.client_create(actor=omori, data=client_data())
    services.client_update(actor=omori, client=client, version=1, data=client_data(wishes="A"))
    with pytest.raises(ValidationError) as error:
        services.client_update(actor=omori, client=client, version=1, data=client_data(wishes="B"))
    assert error.value.messages == [STALE_MESSAGE]
    client.refresh_from_db()
    assert client.wishes == "A" and client.version == 2


def test_a_client_cannot_be_moved_to_an_area_the_coordinator_does_not_cover(omori):
    client = services.client_create(actor=omori, data=client_data())
    with pytest.raises(ValidationError):
        services.client_update(
            actor=omori, client=client, version=1, data=client_data(area=area("kamata-nishi"))
        )
    client.refresh_from_db()
    assert client.area.slug == "omori-nishi" and client.version == 1


def test_withdrawing_consent_freezes_the_record_and_drops_pending_follow_ups(omori):
    placement = started_placement(omori)
    client = placement.client
    services.client_consent_withdraw(actor=omori, client=client, version=1, withdrawn_on=TODAY)
    client.refresh_from_db()
    assert client.status == ClientStatus.WITHDRAWN and not client.has_consent
    assert not FollowUp.objects.filter(cancelled=False, done_on__isnull=True).exists()
    with pytest.raises(ValidationError, match="同意を撤回"):
        services.client_update(actor=omori, client=client, version=2, data=client_data())
    with pytest.raises(ValidationError, match="同意を撤回"):
        services.placement_propose(actor=omori, client=client, resource=ResourceFactory())


def test_closing_a_client_needs_a_reason(omori):
    client = ClientFactory(created_by=omori.user)
    with pytest.raises(ValidationError, match="理由を選んでください"):
        services.client_close(actor=omori, client=client, version=1, closed_on=TODAY, reason="")
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE
    closed = services.client_close(
        actor=omori, client=client, version=1, closed_on=TODAY, reason="settled"
    )
    assert closed.status == ClientStatus.CLOSED and closed.close_reason == "settled"


# --- placements ---------------------------------------------------------------------------------


def test_a_placement_needs_the_clients_consent(omori):
    client = ClientFactory(consent_given_on=None, consent_scope="", consent_method="")
    with pytest.raises(ValidationError) as error:
        services.placement_propose(actor=omori, client=client, resource=ResourceFactory())
    assert "同意が記録されていない" in str(error.value)
    assert not Placement.objects.exists()


def test_drafts_and_ended_listings_cannot_be_proposed(omori):
    client = ClientFactory()
    with pytest.raises(ValidationError, match="公開されていない"):
        services.placement_propose(actor=omori, client=client, resource=ResourceFactory(live=False))
    with pytest.raises(ValidationError, match="終了した"):
        services.placement_propose(
            actor=omori, client=client, resource=ResourceFactory(status=Status.ENDED)
        )
    assert not Placement.objects.exists()


def test_the_same_listing_cannot_be_open_twice_for_one_client(omori):
    client, resource = ClientFactory(), ResourceFactory()
    services.placement_propose(actor=omori, client=client, resource=resource)
    with pytest.raises(ValidationError, match="すでに進行中"):
        services.placement_propose(actor=omori, client=client, resource=resource)
    assert Placement.objects.count() == 1


def test_a_placement_moves_through_every_stage_stamped_with_date_and_user(omori):
    client = ClientFactory()
    placement = services.placement_propose(
        actor=omori, client=client, resource=ResourceFactory(), proposed_on=dt.date(2026, 10, 5)
    )
    steps = [
        (Stage.TRIAL, dt.date(2026, 10, 12)),
        (Stage.STARTED, dt.date(2026, 10, 19)),
        (Stage.SETTLED, dt.date(2026, 11, 20)),
        (Stage.ENDED, dt.date(2026, 11, 27)),
    ]
    for version, (stage, day) in enumerate(steps, start=1):
        placement = services.placement_transition(
            actor=omori, placement=placement, to_stage=stage, version=version, on_date=day
        )
    assert placement.stage == Stage.ENDED and placement.version == 5
    assert (placement.trial_on, placement.started_on, placement.settled_on, placement.ended_on) == (
        dt.date(2026, 10, 12),
        dt.date(2026, 10, 19),
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 27),
    )
    events = list(placement.events.values_list("from_stage", "to_stage", "recorded_by"))
    assert events == [
        ("", "proposed", omori.user.pk),
        ("proposed", "trial", omori.user.pk),
        ("trial", "started", omori.user.pk),
        ("started", "settled", omori.user.pk),
        ("settled", "ended", omori.user.pk),
    ]
    assert all(e.recorded_at is not None for e in placement.events.all())


def test_starting_schedules_follow_ups_at_the_configured_offsets(omori, settings):
    placement = started_placement(omori, started_on=dt.date(2026, 8, 1))
    assert list(placement.follow_ups.values_list("offset_days", "due_on")) == [
        (14, dt.date(2026, 8, 15)),
        (30, dt.date(2026, 8, 31)),
        (91, dt.date(2026, 10, 31)),
        (182, dt.date(2027, 1, 30)),
    ]
    settings.FOLLOW_UP_OFFSETS_DAYS = [7, 60]
    other = started_placement(omori, started_on=dt.date(2026, 11, 1))
    assert list(other.follow_ups.values_list("offset_days", flat=True)) == [7, 60]


def test_an_impossible_transition_is_refused_and_changes_nothing(omori):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    with pytest.raises(ValidationError) as error:
        services.placement_transition(
            actor=omori, placement=placement, to_stage=Stage.SETTLED, version=1
        )
    assert error.value.messages == ["「提案」から「定着」へは進められません。"]
    placement.refresh_from_db()
    assert placement.stage == Stage.PROPOSED and placement.version == 1
    assert placement.events.count() == 1
    with pytest.raises(ValidationError, match="へは進められません"):
        services.placement_transition(
            actor=omori, placement=placement, to_stage="nonsense", version=1
        )


def test_a_stage_cannot_be_dated_before_the_previous_one_or_in_the_future(omori):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory(), proposed_on=TODAY
    )
    with pytest.raises(ValidationError, match="前の段階"):
        services.placement_transition(
            actor=omori,
            placement=placement,
            to_stage=Stage.TRIAL,
            version=1,
            on_date=TODAY - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="未来の日付"):
        services.placement_transition(
            actor=omori,
            placement=placement,
            to_stage=Stage.TRIAL,
            version=1,
            on_date=TODAY + dt.timedelta(days=1),
        )
    placement.refresh_from_db()
    assert placement.stage == Stage.PROPOSED


def test_not_realised_needs_a_reason(omori):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    with pytest.raises(ValidationError, match="不成立の理由"):
        services.placement_transition(
            actor=omori, placement=placement, to_stage=Stage.NOT_REALISED, version=1
        )
    placement.refresh_from_db()
    assert placement.stage == Stage.PROPOSED


@pytest.mark.parametrize("reason", ["outdated", "unreachable"])
def test_outdated_or_unreachable_listings_are_flagged_for_reconfirmation(omori, reason):
    resource = ResourceFactory()
    placement = services.placement_propose(actor=omori, client=ClientFactory(), resource=resource)
    services.placement_transition(
        actor=omori,
        placement=placement,
        to_stage=Stage.NOT_REALISED,
        version=1,
        failure_reason=reason,
    )
    resource.refresh_from_db()
    assert resource.reconfirmation_requested_at is not None
    assert resource.reconfirmation_reason.startswith("つなぎが不成立")


def test_other_failure_reasons_leave_the_listing_alone(omori):
    resource = ResourceFactory()
    placement = services.placement_propose(actor=omori, client=ClientFactory(), resource=resource)
    services.placement_transition(
        actor=omori,
        placement=placement,
        to_stage=Stage.NOT_REALISED,
        version=1,
        failure_reason="declined",
    )
    resource.refresh_from_db()
    assert resource.reconfirmation_requested_at is None


def test_ending_a_placement_drops_its_pending_follow_ups(omori):
    placement = started_placement(omori, started_on=dt.date(2026, 11, 1))
    services.placement_transition(
        actor=omori, placement=placement, to_stage=Stage.ENDED, version=2, on_date=TODAY
    )
    assert set(placement.follow_ups.values_list("cancelled", flat=True)) == {True}


def test_a_placement_saved_from_an_old_version_is_refused(omori, kamata):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    services.placement_update(
        actor=omori, placement=placement, version=1, accompanied=True, host_prepared=False, note=""
    )
    with pytest.raises(ValidationError) as error:
        services.placement_transition(
            actor=omori, placement=placement, to_stage=Stage.TRIAL, version=1
        )
    assert error.value.messages == [STALE_MESSAGE]
    placement.refresh_from_db()
    assert placement.stage == Stage.PROPOSED and placement.accompanied
    assert PlacementEvent.objects.count() == 1


def test_companion_and_host_preparation_are_recorded(omori):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    placement = services.placement_update(
        actor=omori,
        placement=placement,
        version=1,
        accompanied=True,
        host_prepared=True,
        note="初回は同行",
    )
    assert placement.accompanied and placement.host_prepared and placement.version == 2


def test_a_coordinator_of_another_region_cannot_change_a_placement(omori, kamata):
    placement = services.placement_propose(
        actor=omori, client=ClientFactory(), resource=ResourceFactory()
    )
    with pytest.raises(PermissionDenied):
        services.placement_transition(
            actor=kamata, placement=placement, to_stage=Stage.TRIAL, version=1
        )


# --- follow-ups ---------------------------------------------------------------------------------


def record(actor, follow_up, **overrides):
    values = {
        "done_on": TODAY,
        "method": "phone",
        "outcome": "continuing",
        "wellbeing": 4,
        "new_connections": 1,
        "note": "",
    }
    values.update(overrides)
    return services.follow_up_record(actor=actor, follow_up=follow_up, **values)


def test_a_follow_up_cannot_be_dated_before_the_placement_started(omori):
    placement = started_placement(omori, started_on=dt.date(2026, 8, 1))
    follow_up = placement.follow_ups.first()
    with pytest.raises(ValidationError) as error:
        record(omori, follow_up, done_on=dt.date(2026, 7, 31))
    assert "参加開始日（2026年8月1日）より前にはできません" in str(error.value)
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_a_follow_up_is_recorded_once_with_all_its_measures(omori):
    follow_up = started_placement(omori).follow_ups.first()
    done = record(omori, follow_up, wellbeing=5, new_connections=2, note="友だちができた")
    assert (done.done_on, done.method, done.outcome, done.wellbeing, done.new_connections) == (
        TODAY,
        "phone",
        "continuing",
        5,
        2,
    )
    assert done.recorded_by == omori.user
    with pytest.raises(ValidationError, match="すでに記録されています"):
        record(omori, follow_up)


def test_a_follow_up_needs_a_method_an_outcome_and_a_sensible_wellbeing(omori):
    follow_up = started_placement(omori).follow_ups.first()
    with pytest.raises(ValidationError) as error:
        record(omori, follow_up, method="", outcome="", wellbeing=9)
    assert set(error.value.message_dict) == {"method", "outcome", "wellbeing"}


# --- resource gaps ------------------------------------------------------------------------------


def gap_data(**overrides):
    data = {
        "area": area(),
        "audience": Audience.objects.get(slug="young-people"),
        "category": Category.objects.get(slug="chat"),
        "weekdays": [1, 3],
        "times_of_day": [2],
        "reason": "none",
        "description": "平日夜に若者が一人で行ける静かな居場所",
        "opened_on": TODAY,
    }
    data.update(overrides)
    return data


def test_a_gap_is_recorded_with_the_clients_behind_it(omori):
    client = ClientFactory()
    gap = services.resource_gap_create(actor=omori, data=gap_data(), clients=[client])
    assert gap.status == GapStatus.REGISTERED
    assert list(gap.clients.all()) == [client]
    assert AuditEntry.objects.filter(object_type="gap", client=client).exists()


def test_a_gap_cannot_be_recorded_for_an_area_the_coordinator_does_not_cover(kamata):
    with pytest.raises(ValidationError, match="担当していない"):
        services.resource_gap_create(actor=kamata, data=gap_data())
    assert not ResourceGap.objects.exists()


def test_a_gap_is_closed_as_created_only_with_the_listing_that_answers_it(omori):
    gap = services.resource_gap_create(actor=omori, data=gap_data())
    gap = services.resource_gap_transition(actor=omori, gap=gap, to_status=GapStatus.CONSIDERING)
    with pytest.raises(ValidationError, match="こたえた地域資源を選んで"):
        services.resource_gap_transition(actor=omori, gap=gap, to_status=GapStatus.CREATED)
    listing = ResourceFactory(name="夜のたまり場（架空）")
    gap = services.resource_gap_transition(
        actor=omori, gap=gap, to_status=GapStatus.CREATED, answered_by=listing
    )
    assert (gap.status, gap.answered_by, gap.closed_on) == (GapStatus.CREATED, listing, TODAY)
    with pytest.raises(ValidationError, match="へは変更できません"):
        services.resource_gap_transition(actor=omori, gap=gap, to_status=GapStatus.DECLINED)


def test_one_more_client_can_be_counted_behind_an_open_gap_but_not_twice(omori):
    gap = services.resource_gap_create(actor=omori, data=gap_data())
    client = ClientFactory()
    services.resource_gap_add_client(actor=omori, gap=gap, client=client)
    with pytest.raises(ValidationError, match="すでに"):
        services.resource_gap_add_client(actor=omori, gap=gap, client=client)
    assert gap.clients.count() == 1


# --- concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_case_code():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (run on PostgreSQL)")
    from django.db import connections

    errors: list[Exception] = []

    def register():
        try:
            for _ in range(5):
                services.case_code_next(on_date=TODAY)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert services.case_code_next(on_date=TODAY) == "OTA-2026-0021"
