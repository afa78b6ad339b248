"""Suggestions: hard requirements filter, preferences rank, and each one says why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from geopy.distance import geodesic

from directory.geo import approximate_km
from directory.models import (
    AccessibilityFeature,
    Audience,
    Category,
    Frequency,
    Language,
    LocationPrivacy,
    Status,
    Town,
)
from matching import services
from matching.models import Client, Stage
from matching.services import Actor
from matching.suggestions import suggestion_list
from tests.factories import ResourceFactory, ScheduleRuleFactory
from tests.matching.factories import ClientFactory, PlacementFactory, area

pytestmark = pytest.mark.django_db

OFFICE = (35.576557, 139.730251)  # 大森西特別出張所
# About 1.2 km north of the office.
NORTH_1_2_KM = (Decimal("35.587380"), Decimal("139.730251"))


def names(suggestions):
    return [s.name for s in suggestions]


def cat(slug):
    return Category.objects.get(slug=slug)


def aud(slug):
    return Audience.objects.get(slug=slug)


@pytest.fixture
def go_player():
    """A 70s client in 大森西 who likes 囲碁, is free on Wednesday afternoons and needs company."""
    return ClientFactory(
        interests=[cat("go-shogi")],
        audiences=[aud("older-people")],
        free_weekdays=[2],
        free_times=[1],
        needs_companion=True,
    )


def test_each_suggestion_explains_itself_in_one_line(coordinator_omori, go_player):
    listing = ResourceFactory(
        name="水曜囲碁クラブ",
        latitude=NORTH_1_2_KM[0],
        longitude=NORTH_1_2_KM[1],
        companion_welcome=True,
        categories=[cat("go-shogi")],
    )
    ScheduleRuleFactory(resource=listing, weekdays=[2], start_time=dt.time(13, 30))
    [suggestion] = suggestion_list(user=coordinator_omori, client=go_player)
    assert suggestion.reason_line == "関心: 囲碁・将棋 ✓ · 1.2 km · 水曜午後 ✓ · 同行歓迎"
    assert suggestion.resource == listing


def test_shared_interests_schedule_fit_and_welcome_rank_higher(coordinator_omori, go_player):
    ResourceFactory(name="ただの集まり")
    fitting = ResourceFactory(
        name="ぴったりの会", categories=[cat("go-shogi")], companion_welcome=True
    )
    ScheduleRuleFactory(resource=fitting, weekdays=[2], start_time=dt.time(14, 0))
    wrong_day = ResourceFactory(name="月曜朝の囲碁", categories=[cat("go-shogi")])
    ScheduleRuleFactory(resource=wrong_day, weekdays=[0], start_time=dt.time(9, 0))
    result = suggestion_list(user=coordinator_omori, client=go_player)
    assert names(result) == ["ぴったりの会", "月曜朝の囲碁", "ただの集まり"]
    assert "曜日・時間帯 ✗" in result[1].reason_line


def test_listings_for_other_audiences_are_filtered_out(coordinator_omori, go_player):
    ResourceFactory(name="こども向け", audiences=[aud("children")])
    ResourceFactory(name="どなたでも", audiences=[aud("anyone")])
    ResourceFactory(name="高齢の方向け", audiences=[aud("older-people")])
    ResourceFactory(name="対象の指定なし")
    assert sorted(names(suggestion_list(user=coordinator_omori, client=go_player))) == sorted(
        ["どなたでも", "高齢の方向け", "対象の指定なし"]
    )


def test_language_and_accessibility_needs_are_hard_requirements(coordinator_omori):
    client = ClientFactory()
    client.languages.set([Language.objects.get(slug="zh")])
    client.accessibility_needs.set([AccessibilityFeature.objects.get(slug="wheelchair")])
    both = ResourceFactory(name="中文・車いす可")
    both.languages.set([Language.objects.get(slug="zh")])
    both.accessibility_features.set(
        AccessibilityFeature.objects.filter(slug__in=["wheelchair", "step-free"])
    )
    both.save()  # ParentalManyToManyField keeps its values in memory until the listing is saved
    no_wheelchair = ResourceFactory(name="中文のみ")
    no_wheelchair.languages.set([Language.objects.get(slug="zh")])
    no_wheelchair.save()
    ResourceFactory(name="どちらもなし")
    assert names(suggestion_list(user=coordinator_omori, client=client)) == ["中文・車いす可"]


def test_only_active_published_listings_are_suggested_hidden_ones_included(
    coordinator_omori, go_player
):
    ResourceFactory(name="開催中")
    ResourceFactory(name="非公開の場所", location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(name="下書き", live=False)
    ResourceFactory(name="休止中", status=Status.PAUSED)
    ResourceFactory(name="終了", status=Status.ENDED)
    assert sorted(names(suggestion_list(user=coordinator_omori, client=go_player))) == [
        "開催中",
        "非公開の場所",
    ]


def test_listings_beyond_the_travel_limit_are_left_out(coordinator_omori):
    client = ClientFactory(max_distance_km=Decimal("1.0"))
    ResourceFactory(name="近い", latitude=Decimal("35.580000"), longitude=Decimal("139.730251"))
    ResourceFactory(name="遠い", latitude=NORTH_1_2_KM[0], longitude=NORTH_1_2_KM[1])
    ResourceFactory(
        name="座標なし・隣のエリア", latitude=None, longitude=None, area=area("kamata-nishi")
    )
    assert names(suggestion_list(user=coordinator_omori, client=client)) == ["近い"]


def test_distance_is_measured_from_the_clients_town_when_it_has_coordinates(coordinator_omori):
    town = Town.objects.create(
        name="大森西二丁目（架空）",
        area=area(),
        latitude=NORTH_1_2_KM[0],
        longitude=NORTH_1_2_KM[1],
    )
    client = ClientFactory(town=town)
    ResourceFactory(name="町の近く", latitude=NORTH_1_2_KM[0], longitude=NORTH_1_2_KM[1])
    [suggestion] = suggestion_list(user=coordinator_omori, client=client)
    assert suggestion.distance_km == pytest.approx(0.0, abs=0.001)
    town.latitude = town.longitude = None
    town.save()
    client = Client.objects.get(pk=client.pk)
    [suggestion] = suggestion_list(user=coordinator_omori, client=client)
    expected = geodesic(OFFICE, (float(NORTH_1_2_KM[0]), float(NORTH_1_2_KM[1]))).km
    assert suggestion.distance_km == pytest.approx(expected)


def test_coordinators_get_the_exact_point_of_approximate_listings(coordinator_omori, go_player):
    ResourceFactory(
        name="おおよその場所",
        location_privacy=LocationPrivacy.APPROXIMATE,
        latitude=NORTH_1_2_KM[0],
        longitude=NORTH_1_2_KM[1],
    )
    [suggestion] = suggestion_list(user=coordinator_omori, client=go_player)
    assert "1.2 km" in suggestion.reason_line  # the public map would show the office (0.0 km)


def test_listings_without_coordinates_are_measured_from_their_areas_office(
    coordinator_omori, go_player
):
    ResourceFactory(name="蒲田西のどこか", latitude=None, longitude=None, area=area("kamata-nishi"))
    [suggestion] = suggestion_list(user=coordinator_omori, client=go_player)
    kamata_office = area("kamata-nishi").office_point
    assert suggestion.distance_km == pytest.approx(geodesic(OFFICE, kamata_office).km)


def test_a_full_listing_is_ranked_lower_and_says_so(coordinator_omori, go_player):
    full = ResourceFactory(name="満員の会", capacity=1, categories=[cat("go-shogi")])
    PlacementFactory(resource=full, stage=Stage.STARTED)
    ResourceFactory(name="空きのある会", capacity=10, categories=[cat("go-shogi")])
    result = suggestion_list(user=coordinator_omori, client=go_player)
    assert names(result) == ["空きのある会", "満員の会"]
    assert "定員に達している可能性" in result[1].reason_line


def test_listings_already_open_for_the_client_are_not_suggested_again(coordinator_omori, go_player):
    listing = ResourceFactory(name="提案済み")
    services.placement_propose(
        actor=Actor(user=coordinator_omori), client=go_player, resource=listing
    )
    assert suggestion_list(user=coordinator_omori, client=go_player) == []


def test_a_monthly_date_rule_is_matched_on_the_weekday_it_falls(coordinator_omori, go_player):
    # 2026-12-02 and 2027-01-... : the 2nd of the month is a Wednesday in December 2026.
    listing = ResourceFactory(name="毎月2日の会")
    ScheduleRuleFactory(
        resource=listing,
        frequency=Frequency.MONTHLY_DAY,
        weekdays=[],
        month_day=2,
        start_time=dt.time(13, 0),
    )
    [suggestion] = suggestion_list(user=coordinator_omori, client=go_player)
    assert "水曜午後 ✓" in suggestion.reason_line


def test_a_client_of_another_region_gets_no_suggestions(coordinator_kamata, go_player):
    with pytest.raises(Client.DoesNotExist):
        suggestion_list(user=coordinator_kamata, client=go_player)


def test_the_number_of_queries_does_not_grow_with_the_number_of_listings(
    coordinator_omori, go_player
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            suggestion_list(user=coordinator_omori, client=go_player)
        return len(queries)

    for _ in range(3):
        ScheduleRuleFactory(resource=ResourceFactory(categories=[cat("go-shogi")]))
    count_queries()  # the user's scope is cached after the first call
    few = count_queries()
    for _ in range(25):
        ScheduleRuleFactory(resource=ResourceFactory(categories=[cat("go-shogi")]))
    assert count_queries() == few


@pytest.mark.parametrize(
    "point", [(35.5613, 139.7160), (35.60, 139.68), (35.53, 139.80), (35.576557, 139.730251)]
)
def test_the_ranking_distance_agrees_with_the_geodesic_within_metres(point):
    assert approximate_km(OFFICE, point) == pytest.approx(geodesic(OFFICE, point).km, abs=0.005)


def test_several_shared_interests_are_listed_in_vocabulary_order(coordinator_omori):
    client = ClientFactory(interests=[cat("go-shogi"), cat("chat")])
    ResourceFactory(name="囲碁とおしゃべり", categories=[cat("chat"), cat("go-shogi")])
    [suggestion] = suggestion_list(user=coordinator_omori, client=client)
    assert suggestion.reasons[0] == "関心: 囲碁・将棋、おしゃべり・交流 ✓"


def test_a_client_with_a_strength_ranks_the_role_that_asks_for_it_first(coordinator_omori):
    cook = ClientFactory(strengths="料理が得意。昔、書道を教えていた。")
    ResourceFactory(  # closer, and welcomes newcomers: first without the strength
        name="受付ボランティア",
        kind="volunteer",
        skills_wanted="パソコンの基本操作",
        latitude=OFFICE[0],
        longitude=OFFICE[1],
        newcomer_welcome=True,
    )
    ResourceFactory(
        name="調理ボランティア",
        kind="volunteer",
        skills_wanted="料理が好きな方、調理経験のある方歓迎",
        latitude=NORTH_1_2_KM[0],
        longitude=NORTH_1_2_KM[1],
    )
    first, second = suggestion_list(user=coordinator_omori, client=cook)
    assert first.name == "調理ボランティア"
    assert first.reasons[0] == "得意: 料理 → 調理ボランティア"
    assert not any(r.startswith("得意") for r in second.reasons)
    cook.strengths = ""
    assert names(suggestion_list(user=coordinator_omori, client=cook))[0] == "受付ボランティア"


def test_a_strength_that_names_an_activity_category_counts_for_listings_offering_it(
    coordinator_omori,
):
    crafter = ClientFactory(strengths="手芸が得意で、編み物を教えられる")
    ResourceFactory(name="おしゃべりの会", categories=[cat("chat")])
    ResourceFactory(name="手づくりサロン", categories=[cat("crafts")])
    first, _ = suggestion_list(user=coordinator_omori, client=crafter)
    assert first.name == "手づくりサロン"
    assert "得意: 手芸 → 手芸・ものづくり" in first.reasons
