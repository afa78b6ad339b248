"""Selectors: reads are limited to what the asking user's role and areas allow."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from directory.models import Area, Region
from matching import selectors, services
from matching.models import CoordinatorProfile, Stage
from matching.services import Actor, coordinator_assign
from tests.factories import ResourceFactory
from tests.matching.conftest import TODAY
from tests.matching.factories import (
    ClientFactory,
    FollowUpFactory,
    PlacementFactory,
    ResourceGapFactory,
    UserFactory,
    area,
)

pytestmark = pytest.mark.django_db


def slugs(area_ids):
    return set(Area.objects.filter(pk__in=area_ids).values_list("slug", flat=True))


def test_a_region_coordinator_covers_every_area_of_the_region_and_nothing_else(coordinator_omori):
    scope = selectors.scope_for(user=coordinator_omori)
    assert not scope.is_supervisor
    assert slugs(scope.area_ids) == set(
        Region.objects.get(slug="omori").areas.values_list("slug", flat=True)
    )
    assert len(scope.area_ids) == 6 and not scope.covers(area("kamata-nishi").pk)


def test_a_coordinator_can_cover_single_areas_too():
    user = UserFactory(username="haneda_only")
    coordinator_assign(user=user, areas=[area("haneda")])
    assert slugs(selectors.scope_for(user=user).area_ids) == {"haneda"}


def test_a_supervisor_covers_all_eighteen_areas(supervisor):
    scope = selectors.scope_for(user=supervisor)
    assert scope.is_supervisor and len(scope.area_ids) == 18


def test_editors_group_members_inactive_profiles_and_anonymous_users_have_no_scope(
    editor, group_member, coordinator_omori
):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.scope_for(user=editor) is None
    assert selectors.scope_for(user=group_member) is None
    assert selectors.scope_for(user=AnonymousUser()) is None
    CoordinatorProfile.objects.filter(user=coordinator_omori).update(is_active=False)
    coordinator_omori.refresh_from_db()
    assert selectors.scope_for(user=coordinator_omori) is None
    with pytest.raises(PermissionDenied):
        selectors.client_list(user=editor)


def test_the_client_list_holds_only_clients_in_the_users_areas(
    coordinator_omori, coordinator_kamata, supervisor
):
    mine = ClientFactory(area=area("omori-nishi"))
    theirs = ClientFactory(area=area("kamata-nishi"))
    assert list(selectors.client_list(user=coordinator_omori)) == [mine]
    assert list(selectors.client_list(user=coordinator_kamata)) == [theirs]
    assert set(selectors.client_list(user=supervisor)) == {mine, theirs}


def test_a_client_of_another_region_looks_like_it_does_not_exist(coordinator_kamata):
    client = ClientFactory(area=area("omori-nishi"))
    with pytest.raises(type(client).DoesNotExist):
        selectors.client_get(user=coordinator_kamata, case_code=client.case_code)
    with pytest.raises(type(client).DoesNotExist):
        selectors.client_get(user=coordinator_kamata, case_code="OTA-2026-9999")


def test_placements_follow_ups_and_gaps_of_another_region_are_not_found(
    coordinator_kamata, coordinator_omori
):
    placement = PlacementFactory()
    follow_up = FollowUpFactory(placement=placement)
    gap = ResourceGapFactory()
    for getter, pk in (
        (selectors.placement_get, placement.pk),
        (selectors.follow_up_get, follow_up.pk),
        (selectors.resource_gap_get, gap.pk),
    ):
        assert getter(user=coordinator_omori, pk=pk).pk == pk
        with pytest.raises(Exception) as error:
            getter(user=coordinator_kamata, pk=pk)
        assert error.typename == "DoesNotExist"


def test_due_follow_ups_split_overdue_from_this_week_and_skip_done_or_cancelled(coordinator_omori):
    client = ClientFactory(coordinator=coordinator_omori)
    placement = PlacementFactory(client=client, stage=Stage.STARTED, started_on=dt.date(2026, 8, 1))
    overdue = FollowUpFactory(placement=placement, due_on=TODAY - dt.timedelta(days=3))
    this_week = FollowUpFactory(placement=placement, due_on=dt.date(2026, 11, 29))  # Sunday
    FollowUpFactory(placement=placement, due_on=dt.date(2026, 11, 30))  # next Monday
    FollowUpFactory(placement=placement, due_on=TODAY, done_on=TODAY, outcome="continuing")
    FollowUpFactory(placement=placement, due_on=TODAY, cancelled=True)
    due = selectors.follow_up_due(user=coordinator_omori, today=TODAY)
    assert due.overdue == [overdue] and due.this_week == [this_week]
    assert (due.week_start, due.week_end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def test_due_follow_ups_are_the_coordinators_own_unless_everyone_is_asked_for(coordinator_omori):
    colleague = UserFactory(username="colleague")
    coordinator_assign(user=colleague, regions=[Region.objects.get(slug="omori")])
    theirs = PlacementFactory(
        client=ClientFactory(coordinator=colleague), stage=Stage.STARTED, started_on=TODAY
    )
    follow_up = FollowUpFactory(placement=theirs, due_on=TODAY)
    assert selectors.follow_up_due(user=coordinator_omori, today=TODAY).this_week == []
    everyone = selectors.follow_up_due(user=coordinator_omori, today=TODAY, everyone=True)
    assert everyone.this_week == [follow_up]


def test_continuing_at_three_months_proposes_settlement_but_earlier_does_not(coordinator_omori):
    actor = Actor(user=coordinator_omori)
    client = ClientFactory(referred_on=dt.date(2026, 7, 1))
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
    two_weeks, one_month, three_months, _ = placement.follow_ups.order_by("offset_days")
    for f in (two_weeks, one_month):
        services.follow_up_record(
            actor=actor,
            follow_up=f,
            done_on=f.due_on,
            method="phone",
            outcome="continuing",
            wellbeing=3,
        )
    assert selectors.placement_settlement_follow_up(placement=placement) is None
    services.follow_up_record(
        actor=actor,
        follow_up=three_months,
        done_on=dt.date(2026, 11, 1),
        method="at_place",
        outcome="continuing",
        wellbeing=4,
    )
    assert selectors.placement_settlement_follow_up(placement=placement) == three_months


def test_gap_clients_are_listed_only_to_their_area_team_but_counted_for_everyone(
    coordinator_omori, coordinator_kamata, supervisor
):
    omori_client = ClientFactory(area=area("omori-nishi"))
    kamata_client = ClientFactory(area=area("kamata-nishi"))
    gap = ResourceGapFactory(area=area("omori-nishi"))
    gap.clients.set([omori_client, kamata_client])
    assert list(selectors.resource_gap_clients_visible(user=coordinator_omori, gap=gap)) == [
        omori_client
    ]
    assert list(selectors.resource_gap_clients_visible(user=supervisor, gap=gap)) == []
    assert selectors.resource_gap_get(user=supervisor, pk=gap.pk).client_count == 2
    assert selectors.resource_gap_get(user=coordinator_omori, pk=gap.pk).client_count == 2


def test_hidden_listings_are_visible_to_coordinators_but_drafts_are_not(coordinator_omori):
    hidden = ResourceFactory(location_privacy="hidden")
    draft = ResourceFactory(live=False)
    assert selectors.resource_get(user=coordinator_omori, pk=hidden.pk) == hidden
    with pytest.raises(type(draft).DoesNotExist):
        selectors.resource_get(user=coordinator_omori, pk=draft.pk)


def test_only_supervisors_may_read_a_clients_audit_log(coordinator_omori, supervisor):
    client = ClientFactory()
    with pytest.raises(PermissionDenied):
        selectors.audit_list_for_client(user=coordinator_omori, client=client)
    assert list(selectors.audit_list_for_client(user=supervisor, client=client)) == []
