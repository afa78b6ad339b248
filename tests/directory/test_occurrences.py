"""The precomputed next dates: kept in step with schedules, and what the date filters match."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from directory.models import Frequency, Kind, Resource, ResourceOccurrence, ScheduleException
from directory.occurrences import occurrences_refresh
from tests.factories import ResourceFactory, ScheduleRuleFactory

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))
FRIDAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=JST)  # this week: 11/27 (Fri) … 12/3 (Thu)
D = dt.date


def names(response) -> list[str]:
    return [r.name for r in response.context["page_obj"].object_list]


def dates_of(resource) -> list[dt.date]:
    return list(resource.occurrences.order_by("date").values_list("date", flat=True))


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def weekly(resource, weekday: int, hour: int, **fields):
    return ScheduleRuleFactory(
        resource=resource,
        weekdays=[weekday],
        start_time=dt.time(hour),
        end_time=dt.time(hour + 1),
        **fields,
    )


def once(resource, day: dt.date, hour: int):
    return ScheduleRuleFactory(
        resource=resource,
        frequency=Frequency.ONCE,
        weekdays=[],
        date=day,
        start_time=dt.time(hour),
        end_time=dt.time(hour + 1),
    )


# --- kept in step ---------------------------------------------------------------------------


def test_saving_a_rule_stores_the_meetings_of_the_next_90_days(friday):
    rule = weekly(ResourceFactory(), 2, 13)  # 毎週水曜
    found = dates_of(rule.resource)
    assert found[0] == D(2026, 12, 2) and found[-1] == D(2027, 2, 24)  # today + 89 days
    assert len(found) == 13 and all(day.weekday() == 2 for day in found)


def test_changing_deleting_and_cancelling_follow_at_once(friday):
    rule = weekly(ResourceFactory(), 2, 13)
    rule.weekdays = [3]
    rule.save()
    assert {day.weekday() for day in dates_of(rule.resource)} == {3}
    change = ScheduleException.objects.create(
        resource=rule.resource, date=D(2026, 12, 3), cancelled=False, start_time=dt.time(9)
    )
    moved = rule.resource.occurrences.get(date=D(2026, 12, 3))
    assert moved.start_time == dt.time(9) and not moved.cancelled
    change.cancelled = True
    change.save()
    assert rule.resource.occurrences.get(date=D(2026, 12, 3)).cancelled
    assert rule.resource.next_occurrence().date == D(2026, 12, 10)
    change.delete()
    assert rule.resource.next_occurrence().date == D(2026, 12, 3)
    rule.delete()
    assert dates_of(rule.resource) == []


def test_deleting_a_listing_takes_its_dates_with_it(friday):
    listing = ResourceFactory()
    weekly(listing, 2, 13)
    ScheduleException.objects.create(resource=listing, date=D(2026, 12, 2))
    listing.delete()
    assert not ResourceOccurrence.objects.exists()


def test_the_nightly_refresh_moves_the_window_with_the_calendar(client, directory_page, friday):
    weekly(ResourceFactory(name="毎週水曜の会"), 2, 13)
    with time_machine.travel(dt.datetime(2027, 3, 5, 0, 30, tzinfo=JST), tick=False):
        # Past the stored window: the rows of the old days are never shown.
        assert names(client.get(directory_page.url, {"this_week": "on"})) == []
        call_command("refresh_occurrences", verbosity=0)
        assert names(client.get(directory_page.url, {"this_week": "on"})) == ["毎週水曜の会"]
        assert dates_of(Resource.objects.get())[0] == D(2027, 3, 10)


def test_the_migration_fills_the_table_for_listings_that_already_exist(friday):
    rule = weekly(ResourceFactory(), 2, 13)
    ResourceOccurrence.objects.all().delete()
    importlib.import_module("directory.migrations.0012_occurrences").fill(apps, None)
    assert len(dates_of(rule.resource)) == 13


def test_a_refresh_of_listings_without_rules_leaves_no_rows(friday):
    listing = ResourceFactory()
    occurrences_refresh(resource_ids=[listing.pk])
    assert dates_of(listing) == []


# --- what the filters match -------------------------------------------------------------------


def test_weekday_and_time_of_day_must_hold_for_one_meeting(client, directory_page, friday):
    # Wednesday afternoons plus a one-off Saturday morning: no meeting is on a Wednesday morning.
    split = ResourceFactory(name="水曜午後と土曜午前", kind=Kind.VOLUNTEER)
    weekly(split, 2, 15)
    once(split, D(2026, 11, 28), 10)
    weekly(ResourceFactory(name="水曜午前", kind=Kind.VOLUNTEER), 2, 10)
    weekly(ResourceFactory(name="水曜午前のサロン", kind=Kind.SALON), 2, 10)

    def found(**query):
        return names(client.get(directory_page.url, query))

    assert found(weekday="2", time_of_day="morning", kind="volunteer") == ["水曜午前"]
    assert found(weekday="5", time_of_day="morning", kind="volunteer") == ["水曜午後と土曜午前"]
    assert found(weekday="2", time_of_day="afternoon") == ["水曜午後と土曜午前"]
    assert found(weekday="5", time_of_day="afternoon") == []


def test_this_week_weekday_and_time_of_day_hold_together(client, directory_page, friday):
    listing = ResourceFactory(name="月曜午前と水曜午後")
    weekly(listing, 0, 10)  # Monday 11/30 is this week
    weekly(listing, 2, 15)
    later = ResourceFactory(name="来週の水曜午前だけ")
    once(later, D(2026, 12, 9), 10)

    def found(**query):
        return names(client.get(directory_page.url, query))

    assert found(this_week="on", weekday="2", time_of_day="morning") == []
    assert found(weekday="2", time_of_day="morning") == ["来週の水曜午前だけ"]
    assert found(this_week="on", weekday="0", time_of_day="morning") == ["月曜午前と水曜午後"]
    assert found(this_week="on", weekday="2") == ["月曜午前と水曜午後"]


def test_monthly_by_date_and_single_dates_count_for_the_weekday(client, directory_page, friday):
    ScheduleRuleFactory(
        resource=ResourceFactory(name="毎月15日の会"),
        frequency=Frequency.MONTHLY_DAY,
        weekdays=[],
        month_day=15,
        start_time=dt.time(10),
        end_time=dt.time(11),
    )  # 12/15 Tue, 1/15 Fri, 2/15 Mon
    once(ResourceFactory(name="12月20日だけの会"), D(2026, 12, 20), 13)  # a Sunday

    def found(**query):
        return names(client.get(directory_page.url, query))

    assert found(weekday="1", time_of_day="morning") == ["毎月15日の会"]
    assert found(weekday="4") == ["毎月15日の会"]
    assert found(weekday="2") == []
    assert found(weekday="6", time_of_day="afternoon") == ["12月20日だけの会"]
    assert found(weekday="6", this_week="on") == []


def test_a_changed_time_counts_and_a_cancelled_date_does_not(client, directory_page, friday):
    moved = ResourceFactory(name="12/2だけ午前に変更")
    weekly(moved, 2, 15)
    ScheduleException.objects.create(
        resource=moved, date=D(2026, 12, 2), cancelled=False, start_time=dt.time(10)
    )
    off = ResourceFactory(name="12/2は休み")
    weekly(off, 2, 10)
    ScheduleException.objects.create(resource=off, date=D(2026, 12, 2), cancelled=True)

    query = {"this_week": "on", "weekday": "2", "time_of_day": "morning"}
    assert names(client.get(directory_page.url, query)) == ["12/2だけ午前に変更"]


# --- what cards and popups show ----------------------------------------------------------------


def test_cards_and_map_popups_show_the_next_date(client, directory_page, friday):
    listing = ResourceFactory(name="毎週水曜の会")
    weekly(listing, 2, 13)
    ScheduleException.objects.create(resource=listing, date=D(2026, 12, 2), cancelled=True)
    html = client.get(directory_page.url).content.decode()
    assert "2026年12月9日（水）" in html
    popup = client.get(directory_page.resource_url(listing) + "next-date/").json()
    assert popup == {"next_date": "2026年12月9日（水） 13:00〜14:00"}
