"""Listings: validation with Japanese messages, the database's own check, schedules on a listing
and the Wagtail revision round trip that moderation depends on."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import (
    Frequency,
    LocationPrivacy,
    Resource,
    ScheduleException,
    ScheduleRule,
)
from tests.factories import ResourceFactory, ScheduleRuleFactory

D = dt.date
T = dt.time
SOUTH, WEST, NORTH, EAST = settings.MUNICIPALITY["bbox"]


def full_clean_errors(resource: Resource) -> dict[str, str]:
    with pytest.raises(ValidationError) as excinfo:
        resource.full_clean()
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


@pytest.fixture
def resource(db) -> Resource:
    return ResourceFactory()


# --- full_clean ---------------------------------------------------------------------------------


def test_a_valid_listing_passes_full_clean(resource):
    resource.full_clean()


def test_a_paid_listing_with_its_cost_passes_full_clean(resource):
    resource.is_free = False
    resource.cost = "1回100円（お茶代）"
    resource.full_clean()


def test_a_listing_without_coordinates_passes_full_clean(resource):
    resource.latitude = resource.longitude = None
    resource.full_clean()


def test_a_listing_on_the_edge_of_the_bounding_box_passes_full_clean(resource):
    resource.latitude, resource.longitude = Decimal(str(SOUTH)), Decimal(str(EAST))
    resource.full_clean()


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        pytest.param("35.700000", "139.730251", id="north-of-the-city"),
        pytest.param("35.499999", "139.730251", id="just-south-of-the-box"),
        pytest.param("35.576557", "139.600000", id="west-of-the-city"),
        pytest.param("35.576557", "139.900000", id="east-of-the-city"),
        pytest.param("0.000000", "0.000000", id="null-island"),
    ],
)
def test_coordinates_outside_the_municipality_are_rejected(resource, latitude, longitude):
    resource.latitude, resource.longitude = Decimal(latitude), Decimal(longitude)
    errors = full_clean_errors(resource)
    assert "範囲外" in errors["latitude"]
    assert settings.MUNICIPALITY["name"] in errors["latitude"]


def test_swapped_latitude_and_longitude_are_rejected_with_a_hint(resource):
    resource.latitude, resource.longitude = Decimal("139.730251"), Decimal("35.576557")
    errors = full_clean_errors(resource)
    assert "入れ替えていないか" in errors["latitude"]


def test_a_latitude_without_a_longitude_is_rejected(resource):
    resource.longitude = None
    errors = full_clean_errors(resource)
    assert "緯度と経度は両方" in errors["longitude"]
    assert "latitude" not in errors


def test_a_longitude_without_a_latitude_is_rejected(resource):
    resource.latitude = None
    errors = full_clean_errors(resource)
    assert "緯度と経度は両方" in errors["latitude"]


@pytest.mark.parametrize("address", ["", "   "])
def test_an_exact_location_without_an_address_is_rejected(resource, address):
    resource.location_privacy = LocationPrivacy.EXACT
    resource.address = address
    errors = full_clean_errors(resource)
    assert "住所が必要" in errors["address"]


@pytest.mark.parametrize("privacy", [LocationPrivacy.APPROXIMATE, LocationPrivacy.HIDDEN])
def test_an_approximate_or_hidden_location_needs_no_address(resource, privacy):
    resource.location_privacy = privacy
    resource.address = ""
    resource.full_clean()


@pytest.mark.parametrize("cost", ["", "  "])
def test_a_paid_listing_without_a_cost_is_rejected(resource, cost):
    resource.is_free = False
    resource.cost = cost
    errors = full_clean_errors(resource)
    assert "費用を入力" in errors["cost"]
    assert "無料" in errors["cost"]


def test_a_free_listing_with_a_cost_is_rejected(resource):
    resource.is_free = True
    resource.cost = "100円"
    errors = full_clean_errors(resource)
    assert "費用を空欄" in errors["cost"]


def test_several_problems_are_reported_together(resource):
    resource.latitude = Decimal("35.9")
    resource.address = ""
    resource.is_free = False
    resource.cost = ""
    errors = full_clean_errors(resource)
    assert {"latitude", "address", "cost"} <= set(errors)


# --- the database's own check -------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"latitude": Decimal("36.000000")}, id="latitude-north"),
        pytest.param({"longitude": Decimal("139.900000")}, id="longitude-east"),
        pytest.param(
            {"latitude": Decimal("139.730251"), "longitude": Decimal("35.576557")}, id="swapped"
        ),
    ],
)
def test_the_database_rejects_coordinates_outside_the_municipality(resource, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(**changes)

    resource.refresh_from_db()
    assert resource.latitude == Decimal("35.576557")
    assert resource.longitude == Decimal("139.730251")


def test_the_database_accepts_coordinates_inside_the_municipality_and_on_its_edge(resource):
    for latitude, longitude in [("35.600000", "139.700000"), (str(NORTH), str(WEST))]:
        with transaction.atomic():
            Resource.objects.filter(pk=resource.pk).update(
                latitude=Decimal(latitude), longitude=Decimal(longitude)
            )
        resource.refresh_from_db()
        assert resource.latitude == Decimal(latitude)


def test_the_database_accepts_a_listing_without_coordinates(resource):
    Resource.objects.filter(pk=resource.pk).update(latitude=None, longitude=None)
    resource.refresh_from_db()
    assert resource.latitude is None


def test_the_database_rejects_a_latitude_without_a_longitude(resource):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(longitude=None)


def test_saving_an_out_of_range_listing_without_full_clean_fails(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(latitude=Decimal("35.900000"))
    assert not Resource.objects.exists()


# --- schedules on a listing ---------------------------------------------------------------------


def listing_in_memory(rules, exceptions=()) -> Resource:
    """An unsaved listing whose schedule lives in modelcluster's in-memory relations."""
    return Resource(
        name="ふれあいサロン",
        schedule_rules=list(rules),
        schedule_exceptions=list(exceptions),
    )


def test_schedule_description_joins_the_rules_in_order():
    listing = listing_in_memory(
        [
            ScheduleRule(
                frequency=Frequency.MONTHLY_NTH_WEEKDAY,
                weekdays=[1],
                week_positions=[2, 4],
                start_time=T(13, 30),
                end_time=T(15, 30),
                closed_on_holidays=True,
                closed_over_new_year=False,
            ),
            ScheduleRule(
                frequency=Frequency.ONCE, date=D(2026, 12, 5), start_time=T(10), end_time=T(12)
            ),
        ]
    )
    assert listing.schedule_description() == (
        "毎月第2・第4火曜 13:30〜15:30（祝日休み）、2026年12月5日（土） 10:00〜12:00"
    )


def test_a_listing_without_rules_has_an_empty_description_and_no_dates():
    listing = listing_in_memory([])
    assert listing.schedule_description() == ""
    assert listing.next_occurrences(5, start=D(2026, 6, 1)) == []


def test_listing_next_occurrences_leave_out_cancellations_unless_asked():
    listing = listing_in_memory(
        [ScheduleRule(frequency=Frequency.WEEKLY, weekdays=[2], start_time=T(13, 30))],
        [ScheduleException(date=D(2026, 6, 10), cancelled=True, note="会場点検")],
    )

    plain = listing.next_occurrences(3, start=D(2026, 6, 1))
    with_cancelled = listing.next_occurrences(3, start=D(2026, 6, 1), include_cancelled=True)

    assert [o.date for o in plain] == [D(2026, 6, 3), D(2026, 6, 17), D(2026, 6, 24)]
    assert [(o.date, o.cancelled) for o in with_cancelled] == [
        (D(2026, 6, 3), False),
        (D(2026, 6, 10), True),
        (D(2026, 6, 17), False),
    ]


def test_listing_next_occurrences_read_saved_rules_and_exceptions(resource):
    ScheduleRuleFactory(resource=resource, weekdays=[2], sort_order=0)
    ScheduleRuleFactory(
        resource=resource, frequency=Frequency.MONTHLY_DAY, weekdays=[], month_day=15, sort_order=1
    )
    ScheduleException.objects.create(resource=resource, date=D(2026, 6, 10), cancelled=True)

    fresh = Resource.objects.with_schedule().get(pk=resource.pk)
    found = fresh.next_occurrences(4, start=D(2026, 6, 1))

    assert [o.date for o in found] == [
        D(2026, 6, 3),
        D(2026, 6, 15),
        D(2026, 6, 17),
        D(2026, 6, 24),
    ]
    assert fresh.schedule_description() == "毎週水曜 13:30〜15:30、毎月15日 13:30〜15:30"


# --- Wagtail revisions --------------------------------------------------------------------------


def test_a_revision_gives_back_the_schedule_rules_with_their_weekdays(resource):
    resource.schedule_rules = [
        ScheduleRule(
            frequency=Frequency.MONTHLY_NTH_WEEKDAY,
            weekdays=[1],
            week_positions=[2, 4],
            start_time=T(13, 30),
            end_time=T(15, 30),
            closed_on_holidays=True,
            closed_over_new_year=False,
        )
    ]
    resource.schedule_exceptions = [ScheduleException(date=D(2026, 8, 25), cancelled=True)]

    revision = resource.save_revision()
    restored = revision.as_object()

    (rule,) = restored.schedule_rules.all()
    assert rule.weekdays == [1]
    assert rule.week_positions == [2, 4]
    assert rule.start_time == T(13, 30)
    assert restored.schedule_description() == "毎月第2・第4火曜 13:30〜15:30（祝日休み）"
    # 8/11 山の日 and 9/22 国民の休日 are closed, 8/25 is cancelled by the exception.
    assert [o.date for o in restored.next_occurrences(3, start=D(2026, 8, 1))] == [
        D(2026, 9, 8),
        D(2026, 10, 13),
        D(2026, 10, 27),
    ]


def test_a_revision_of_a_saved_rule_round_trips_through_the_database(resource):
    ScheduleRuleFactory(resource=resource, weekdays=[0, 3])
    resource = Resource.objects.get(pk=resource.pk)

    revision = resource.save_revision()
    restored = type(revision).objects.get(pk=revision.pk).as_object()

    assert [r.weekdays for r in restored.schedule_rules.all()] == [[0, 3]]
    assert revision.content["schedule_rules"][0]["weekdays"] == "0,3"
