"""The fictional demo dataset (load_demo_data) and the synthetic benchmark data (generate_synthetic)."""

import datetime as dt
import io
import math
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from demo.builder import DEMO_MARK, build_dataset
from demo.places import AreaInfo
from directory.models import (
    Area,
    Frequency,
    Kind,
    LocationPrivacy,
    Organization,
    Resource,
    ScheduleException,
    ScheduleRule,
    Status,
)
from tests.factories import ResourceFactory

SOUTH, WEST, NORTH, EAST = settings.MUNICIPALITY["bbox"]


def load(**kwargs) -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out, **kwargs)
    return out.getvalue()


def demo_listings():
    return Resource.objects.filter(external_id__startswith="demo-")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Load the demo data once for the module, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (the ``db`` fixture), so tests that change rows
    do not affect the others.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    return demo_data


def snapshot() -> dict:
    """Everything a reload could touch, in a comparable form."""
    return {
        "counts": {
            "resources": Resource.objects.count(),
            "organizations": Organization.objects.count(),
            "rules": ScheduleRule.objects.count(),
            "exceptions": ScheduleException.objects.count(),
            "revisions": Revision.objects.count(),
            "log_entries": ModelLogEntry.objects.count(),
        },
        "resources": list(
            demo_listings()
            .order_by("external_id")
            .values_list(
                "external_id",
                "name",
                "name_kana",
                "summary",
                "description",
                "latitude",
                "longitude",
                "address",
                "status",
                "confirmed_on",
                "updated_at",
                "live_revision_id",
                "last_published_at",
            )
        ),
        "organizations": list(Organization.objects.order_by("external_id").values_list()),
        "rules": list(ScheduleRule.objects.order_by("pk").values_list()),
        "exceptions": list(ScheduleException.objects.order_by("pk").values_list()),
        "categories": list(
            Resource.categories.through.objects.order_by("pk").values_list(
                "resource_id", "category_id"
            )
        ),
    }


# --- load_demo_data ---------------------------------------------------------------------------


def test_loading_creates_at_least_150_listings_in_all_18_areas_and_all_4_kinds(demo):
    listings = demo_listings()
    assert listings.count() >= 150
    per_area = Counter(listings.values_list("area__code", flat=True))
    assert set(per_area) == set(Area.objects.values_list("code", flat=True))
    assert len(per_area) == 18
    assert min(per_area.values()) >= 6
    assert set(listings.values_list("kind", flat=True)) == set(Kind.values)
    assert 35 <= Organization.objects.filter(external_id__startswith="demo-org-").count() <= 45


def test_the_command_prints_progress_and_a_japanese_summary(demo):
    assert "地域資源 20 / " in demo
    assert re.search(r"デモデータ: 地域資源 \d+ 件、団体 \d+ 件を読み込みました", demo)


def test_every_listing_and_organisation_is_marked_fictional(demo):
    for resource in demo_listings():
        assert resource.summary.endswith(DEMO_MARK), resource.name
        assert "架空のデモデータ" in resource.description
        assert resource.phone.startswith("03-0000-")
        if resource.email:
            assert resource.email.endswith(("@example.jp", "@example.com"))
        if resource.website:
            assert "//example.jp/" in resource.website or "//example.com/" in resource.website
    for organization in Organization.objects.all():
        assert organization.name.endswith("（架空）"), organization.name
        assert organization.email.endswith(("@example.jp", "@example.com"))


def test_the_dataset_contains_what_the_search_tests_look_for(demo):
    listings = demo_listings()
    assert listings.filter(name__contains="子ども食堂", kind=Kind.FOOD).count() >= 3
    assert listings.filter(name__contains="子ども食堂", categories__slug="kodomo-shokudo").exists()
    assert listings.filter(name__contains="サロン", kind=Kind.SALON).count() >= 3
    assert listings.filter(name__contains="いきいきサロン").exists()
    exercise = listings.filter(name__contains="健康体操", categories__slug="exercise")
    assert exercise.count() >= 3
    go_shogi = listings.filter(name__contains="囲碁・将棋", categories__slug="go-shogi")
    assert go_shogi.count() >= 3
    assert listings.filter(name__contains="フードパントリー", kind=Kind.FOOD).count() >= 3


def test_volunteer_and_food_listings_fill_their_own_fields(demo):
    volunteers = demo_listings().filter(kind=Kind.VOLUNTEER)
    food = demo_listings().filter(kind=Kind.FOOD)
    assert volunteers.count() >= 10 and food.count() >= 10
    for resource in volunteers:
        assert resource.volunteer_tasks and resource.time_commitment and resource.skills_wanted
        assert not resource.eligibility_documents
    for resource in food:
        assert resource.eligibility_documents and resource.what_to_bring and resource.food_booking
        assert not resource.volunteer_tasks
    for resource in demo_listings().exclude(kind__in=[Kind.VOLUNTEER, Kind.FOOD]):
        assert not (resource.volunteer_tasks or resource.eligibility_documents)


def test_every_listing_passes_full_clean_and_is_published(demo):
    for resource in demo_listings().prefetch_related("schedule_rules", "schedule_exceptions"):
        resource.full_clean()
        for child in [*resource.schedule_rules.all(), *resource.schedule_exceptions.all()]:
            child.full_clean()
        assert resource.live
        assert not resource.has_unpublished_changes
        assert resource.live_revision_id is not None
        assert resource.latest_revision_id == resource.live_revision_id
        assert resource.first_published_at is not None
        revision_copy = resource.live_revision.as_object()
        assert revision_copy.name == resource.name
        assert len(revision_copy.schedule_rules.all()) == resource.schedule_rules.count()


def test_listings_read_like_a_ward_newsletter(demo):
    for resource in demo_listings():
        for heading in (
            "日時：",
            "会場：",
            "対象：",
            "定員：",
            "費用：",
            "申込方法：",
            "問合せ先：",
        ):
            assert heading in resource.description, (resource.name, heading)
        assert resource.how_to_apply
        assert resource.categories.exists() and resource.audiences.exists()
        assert resource.confirmed_by
        if resource.is_free:
            assert resource.cost == ""
        else:
            assert resource.cost


def test_coordinates_lie_inside_the_municipality_near_the_area_office(demo):
    for resource in demo_listings().select_related("area"):
        if resource.location_privacy == LocationPrivacy.HIDDEN:
            continue
        lat, lng = float(resource.latitude), float(resource.longitude)
        assert SOUTH <= lat <= NORTH and WEST <= lng <= EAST
        office_lat, office_lng = resource.area.office_point
        dy = (lat - office_lat) * 111_320
        dx = (lng - office_lng) * 111_320 * math.cos(math.radians(office_lat))
        assert math.hypot(dx, dy) <= 600, resource.name


def test_exact_listings_have_an_address_and_station_access(demo):
    station_names = {
        line.split(",")[0]
        for line in (settings.BASE_DIR / "directory" / "data" / "ota_stations.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    }
    for resource in demo_listings().filter(location_privacy=LocationPrivacy.EXACT):
        assert resource.address.startswith("東京都大田区")
        assert re.search(r"\d", resource.address)
        station = re.search(r"(\S+?)駅", resource.access)
        assert station and station[1] in station_names, resource.access
        assert "徒歩" in resource.access


def test_some_listings_are_approximate_hidden_paused_ended_or_carry_an_alert(demo):
    listings = demo_listings()
    assert listings.filter(location_privacy=LocationPrivacy.APPROXIMATE).count() >= 5
    hidden = listings.filter(location_privacy=LocationPrivacy.HIDDEN)
    assert hidden.count() >= 2
    assert all(r.latitude is None and r.address == "" for r in hidden)
    assert listings.filter(status=Status.PAUSED).count() >= 3
    assert listings.filter(status=Status.ENDED).count() >= 2
    assert listings.filter(status=Status.ACTIVE).count() >= 140
    assert listings.exclude(alert="").filter(status=Status.ACTIVE).count() >= 3
    assert listings.filter(is_free=True).count() >= 40
    assert listings.filter(is_free=False).count() >= 40


def test_schedules_use_every_frequency_and_show_coming_dates(demo):
    today = timezone.localdate()
    rules = ScheduleRule.objects.filter(resource__in=demo_listings())
    assert set(rules.values_list("frequency", flat=True)) == set(Frequency.values)
    assert rules.filter(frequency=Frequency.MONTHLY_NTH_WEEKDAY, week_positions="-1").exists()
    assert rules.filter(closed_on_holidays=True).exists()
    assert rules.filter(closed_over_new_year=True).count() > rules.count() / 2
    for rule in rules.filter(frequency=Frequency.ONCE):
        assert today < rule.date <= today + dt.timedelta(days=60)
    exceptions = ScheduleException.objects.filter(resource__in=demo_listings())
    assert exceptions.filter(cancelled=True).count() >= 5
    assert all(today < e.date <= today + dt.timedelta(days=62) for e in exceptions)
    for resource in demo_listings().filter(status=Status.ACTIVE):
        assert resource.next_occurrence() is not None, resource.name


def test_information_dates_spread_over_the_last_fourteen_months(demo):
    today = timezone.localdate()
    ages = [(today - d).days for d in demo_listings().values_list("confirmed_on", flat=True)]
    assert min(ages) >= 0 and max(ages) <= 430
    stale = sum(age > 180 for age in ages)
    assert 10 <= stale <= len(ages) / 2


def test_most_listings_are_in_japanese_and_a_few_in_other_languages(demo):
    listings = demo_listings()
    assert listings.filter(languages__slug="ja").count() >= listings.count() * 0.9
    for slug in ("easy-ja", "en", "zh"):
        assert listings.filter(languages__slug=slug).exists(), slug
    assert listings.filter(accessibility_features__slug="wheelchair").exists()


def test_every_listing_has_a_plain_japanese_summary_with_readings(demo):
    listings = demo_listings()
    assert not listings.filter(easy_japanese_summary="").exists()
    for text in listings.values_list("easy_japanese_summary", flat=True):
        assert re.search(r"[\u4e00-\u9fff]\([\u3041-\u309f]+\)", text), text


def test_readings_are_kana_and_organisations_have_readings(demo):
    for name_kana in demo_listings().values_list("name_kana", flat=True):
        assert re.fullmatch(r"[\u3041-\u309f\u30a0-\u30ff ・ー0-9]+", name_kana), name_kana
    assert not Organization.objects.filter(name_kana="").exists()


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert re.search(r"新規 0 件、更新 0 件、変更なし \d+ 件、削除 0 件", output)


def test_reloading_restores_a_listing_edited_by_hand(demo):
    resource = demo_listings().get(external_id="demo-0001")
    original_name = resource.name
    revisions = resource.revisions.count()
    Resource.objects.filter(pk=resource.pk).update(name="書きかえた名前")
    ScheduleRule.objects.filter(resource=resource).delete()

    output = load()

    resource.refresh_from_db()
    assert resource.name == original_name
    assert resource.schedule_rules.count() >= 1
    assert resource.revisions.count() == revisions + 1
    assert resource.live_revision.as_object().name == original_name
    assert "更新 1 件" in output


def test_the_dataset_is_the_same_every_time_it_is_built(db):
    areas = [AreaInfo.from_area(a) for a in Area.objects.all()]
    today = dt.date(2026, 11, 27)
    first, second = build_dataset(areas, today), build_dataset(list(reversed(areas)), today)
    assert first == second
    assert [s.external_id for s in first.listings][:2] == ["demo-0001", "demo-0002"]


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 27), dt.date(2026, 12, 30), dt.date(2027, 1, 4), dt.date(2027, 6, 30)],
)
def test_dates_stay_in_the_coming_weeks_whatever_the_day(db, today):
    areas = [AreaInfo.from_area(a) for a in Area.objects.all()]
    dataset = build_dataset(areas, today)
    assert len(dataset.listings) >= 150
    for spec in dataset.listings:
        assert len(spec.fields["summary"]) <= 200
        assert spec.fields["confirmed_on"] <= today
        for rule in spec.rules:
            assert rule["date"] is None or today < rule["date"] <= today + dt.timedelta(days=60)
        for exception in spec.exceptions:
            assert today < exception["date"] <= today + dt.timedelta(days=62)


def test_loading_on_a_later_day_refreshes_the_dates_and_still_validates(demo):
    from demo.loader import load_demo_data

    later = timezone.localdate() + dt.timedelta(days=40)
    result = load_demo_data(today=later)

    assert result.listings.created == 0 and result.listings.deleted == 0
    assert result.listings.updated == result.listings.total
    assert demo_listings().filter(confirmed_on__gt=later).count() == 0


def test_loading_also_creates_the_site_pages(demo):
    from directory.public.models import DirectoryIndexPage

    assert DirectoryIndexPage.objects.live().exists()


# --- generate_synthetic -----------------------------------------------------------------------


def synthetic():
    return Resource.objects.filter(external_id__startswith="synthetic-")


def generate(n: int, **kwargs) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", listings=n, stdout=out, **kwargs)
    return out.getvalue()


def test_generate_synthetic_spreads_listings_over_all_areas_and_kinds(db):
    output = generate(200)

    listings = synthetic()
    assert listings.count() == 200
    per_area = Counter(listings.values_list("area__code", flat=True))
    assert len(per_area) == 18 and set(per_area.values()) <= {11, 12}
    per_kind = Counter(listings.values_list("kind", flat=True))
    assert set(per_kind) == set(Kind.values) and min(per_kind.values()) >= 49
    assert len(set(listings.values_list("area__code", "kind"))) == 72
    assert listings.filter(live=True).count() == 200
    assert ScheduleRule.objects.filter(resource__in=listings).count() == 200
    assert Resource.categories.through.objects.filter(resource__in=listings).count() >= 200
    assert Resource.audiences.through.objects.filter(resource__in=listings).count() >= 200
    first = listings.get(external_id="synthetic-00001")
    assert first.name.startswith("合成データ 00001 ")
    assert "合成データ 200 / 200 件" in output


def test_synthetic_listings_pass_full_clean(db):
    generate(40)
    for resource in synthetic():
        resource.full_clean()
        resource.schedule_rules.get().full_clean()


def test_generating_synthetic_again_keeps_the_same_200(db):
    kept = ResourceFactory(external_id="not-synthetic")
    generate(200, seed=7)
    first = list(synthetic().order_by("external_id").values_list("external_id", "name", "area_id"))

    generate(200, seed=7)

    assert synthetic().count() == 200
    again = list(synthetic().order_by("external_id").values_list("external_id", "name", "area_id"))
    assert again == first
    assert ScheduleRule.objects.filter(resource__in=synthetic()).count() == 200
    assert Resource.objects.filter(pk=kept.pk).exists()


def test_generating_fewer_synthetic_listings_shrinks_the_set(db):
    generate(60)
    generate(20)
    assert synthetic().count() == 20
    assert not synthetic().filter(external_id="synthetic-00021").exists()
