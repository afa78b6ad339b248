""" "Near me": a resident gives a station, an area, an address or the browser's position, and the
list (and map) come nearest first, with distances, optionally within N km."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from geopy.distance import geodesic

from directory.geo import approximate_km
from directory.models import Kind, LocationPrivacy, Resource
from directory.nearby import distance_label, resources_near
from tests.factories import ResourceFactory, area
from tests.markup import described_by_without_target

pytestmark = pytest.mark.django_db

KAMATA_STATION = (35.562517, 139.716032)


def listing(name: str, lat: float, lng: float, **kwargs) -> Resource:
    return ResourceFactory(
        name=name, latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lng:.6f}"), **kwargs
    )


@pytest.fixture
def around_kamata():
    """Three listings north of 蒲田駅: about 70 m, 1.5 km and 3 km away (given out of order)."""
    far = listing("3kmの会", 35.5895, 139.7160, name_kana="あ")
    near = listing("駅前の会", 35.5630, 139.7165, name_kana="う")
    middle = listing("1.5kmの会", 35.5760, 139.7160, name_kana="い")
    return near, middle, far


def names(response) -> list[str]:
    return [r.name for r in response.context["page_obj"].object_list]


def test_near_a_station_sorts_by_distance_and_shows_it_on_each_card(
    client, directory_page, around_kamata
):
    response = client.get(directory_page.url, {"near": "蒲田駅"})
    html = response.content.decode()
    assert names(response) == ["駅前の会", "1.5kmの会", "3kmの会"]
    assert "「蒲田駅」から近い順に表示しています。" in html
    for text in ("蒲田駅から約70m", "蒲田駅から約1.5km", "蒲田駅から約3.0km"):
        assert text in html, text
    # The card shows the geodesic distance.
    first = response.context["page_obj"].object_list[0]
    assert first.distance_km == pytest.approx(geodesic(KAMATA_STATION, (35.5630, 139.7165)).km)


def test_within_keeps_only_listings_inside_the_radius(client, directory_page, around_kamata):
    assert names(client.get(directory_page.url, {"near": "蒲田", "within": "0.5"})) == ["駅前の会"]
    response = client.get(directory_page.url, {"near": "かまた", "within": "2"})
    assert names(response) == ["駅前の会", "1.5kmの会"]
    assert "「蒲田駅」から近い順（2km以内）" in response.content.decode()
    assert names(client.get(directory_page.url, {"near": "蒲田", "within": "5"})) == [
        "駅前の会",
        "1.5kmの会",
        "3kmの会",
    ]


def test_near_combines_with_the_kind_filter_and_pagination(client, directory_page):
    # 25 salons stepping north from 蒲田駅, 100 m apart, created far-to-near, and one 居場所.
    for n in reversed(range(25)):
        listing(f"サロン{n:02d}", 35.5630 + n * 0.0009, 139.7160, kind=Kind.SALON)
    listing("駅前の居場所", 35.5626, 139.7161)
    first = client.get(directory_page.url, {"near": "蒲田駅", "kind": "salon"})
    assert names(first) == [f"サロン{n:02d}" for n in range(20)]
    html = first.content.decode()
    assert "25件（1／2ページ）" in html
    assert "near=%E8%92%B2%E7%94%B0%E9%A7%85&amp;kind=salon&amp;page=2" in html
    second = client.get(directory_page.url, {"near": "蒲田駅", "kind": "salon", "page": "2"})
    assert names(second) == [f"サロン{n:02d}" for n in range(20, 25)]
    within = client.get(directory_page.url, {"near": "蒲田駅", "kind": "salon", "within": "0.5"})
    assert names(within) == [f"サロン{n:02d}" for n in range(5)]


def test_the_map_shows_the_near_results_and_the_place_searched_from(
    client, directory_page, around_kamata
):
    near, middle, far = around_kamata
    html = client.get(directory_page.url, {"near": "蒲田駅", "within": "2"}).content.decode()
    config = json.loads(unescape(re.search(r' data-map="([^"]*)"', html).group(1)))
    # The markers come with the page's own query: only the listings inside the circle.
    assert (
        config["markers"]
        == f"{directory_page.url}markers/?near=%E8%92%B2%E7%94%B0%E9%A7%85&within=2"
    )
    data = client.get(config["markers"]).json()
    assert {row[3] for row in data["listings"]} == {near.pk, middle.pk}
    assert config["origin"] == {
        "lat": 35.562517,
        "lng": 139.716032,
        "label": "蒲田駅",
        "here": False,
    }
    assert config["circle"]["radius"] == 2000.0
    assert 'aria-label="地図: 条件にあう場所 2件"' in html
    # Without a radius, "near me" only reorders: the map shows every listing.
    everyone = client.get(f"{directory_page.url}markers/", {"near": "蒲田駅"}).json()
    assert {row[3] for row in everyone["listings"]} == {near.pk, middle.pk, far.pk}


def test_after_use_my_location_the_map_marks_you_are_here(client, directory_page, around_kamata):
    html = client.get(directory_page.url, {"lat": "35.5625", "lng": "139.7160"}).content.decode()
    config = json.loads(unescape(re.search(r' data-map="([^"]*)"', html).group(1)))
    assert config["origin"] == {"lat": 35.5625, "lng": 139.716, "label": "現在地", "here": True}
    assert config["nearest"] == 10  # the view: the place and the listings nearest to it
    assert "circle" not in config
    legend = html[html.index('class="map-legend"') :]
    assert "現在地</li>" in legend[: legend.index("</ul>")]


def test_an_approximate_listing_is_measured_from_its_area_office(client, directory_page):
    listing(
        "自宅の会",
        35.5631,  # its own point is beside the station, but it must not count
        139.7161,
        location_privacy=LocationPrivacy.APPROXIMATE,
    )
    response = client.get(directory_page.url, {"near": "蒲田駅", "within": "1"})
    assert names(response) == []
    response = client.get(directory_page.url, {"near": "蒲田駅", "within": "3"})
    assert names(response) == ["自宅の会"]
    assert (
        "蒲田駅から約2.0km（場所は非公開のため、エリアの特別出張所まで）"
        in response.content.decode()
    )


def test_an_area_name_searches_from_the_area_office(client, directory_page, around_kamata):
    response = client.get(directory_page.url, {"near": "大森西"})
    assert "「大森西特別出張所」から近い順" in response.content.decode()
    # The office (35.5766, 139.7303) is about 1.3, 1.9 and 2.0 km from them.
    assert names(response) == ["1.5kmの会", "3kmの会", "駅前の会"]


def test_an_unknown_place_gets_a_message_and_suggestions_not_an_error(
    client, directory_page, around_kamata
):
    response = client.get(directory_page.url, {"near": "かまだ", "kind": "place"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "「かまだ」の場所が見つかりませんでした。" in html
    assert "もしかして" in html
    # A suggestion keeps the other filters and searches from the suggested place.
    assert 'href="?kind=place&amp;near=%E8%92%B2%E7%94%B0%E9%A7%85">蒲田駅</a>' in html
    # The list itself is still there, in its usual order.
    assert names(response) == ["3kmの会", "1.5kmの会", "駅前の会"]
    assert "近い順に表示しています" not in html
    # The message is tied to the field it is about.
    assert 'aria-describedby="id_near_error"' in html and 'id="id_near_error"' in html
    assert described_by_without_target(html) == []


def test_an_address_in_an_area_uses_the_area_office_and_says_so(client, directory_page):
    html = client.get(directory_page.url, {"near": "大森西5-1-1"}).content.decode()
    assert "「大森西特別出張所」から近い順" in html
    assert "「大森西5-1-1」の正確な位置がわからないため" in html


def test_lat_and_lng_from_the_browser_sort_from_the_residents_position(
    client, directory_page, around_kamata
):
    response = client.get(directory_page.url, {"lat": "35.590", "lng": "139.716"})
    html = response.content.decode()
    assert names(response) == ["3kmの会", "1.5kmの会", "駅前の会"]
    assert "「現在地」から近い順" in html and "現在地から約" in html


def test_a_typed_place_wins_over_an_earlier_browser_position(client, directory_page, around_kamata):
    response = client.get(directory_page.url, {"near": "蒲田駅", "lat": "35.590", "lng": "139.716"})
    assert names(response)[0] == "駅前の会"


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc", "lng": "139.716"},
        {"lat": "35.56", "lng": ""},
        {"lat": "nan", "lng": "nan"},
        {"lat": "inf", "lng": "139.7"},
        {"lat": "1e999", "lng": "139.7"},
        {"lat": "135.5", "lng": "139.7"},
        {"lat": "35.5<script>", "lng": "139.7"},
    ],
)
def test_bad_lat_lng_values_get_a_japanese_message_not_an_error(client, directory_page, params):
    ResourceFactory(name="ある会")
    response = client.get(directory_page.url, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "現在地の緯度・経度を読み取れませんでした。" in html
    assert names(response) == ["ある会"]
    assert "<script>" not in html


def test_a_position_far_from_the_ward_is_not_used(client, directory_page):
    html = client.get(directory_page.url, {"lat": "43.06", "lng": "141.35"}).content.decode()
    assert "現在地が大田区から遠いため、近い順に並べられません。" in html


def test_within_without_a_place_explains_what_is_missing(client, directory_page, around_kamata):
    response = client.get(directory_page.url, {"within": "1"})
    assert "距離でしぼりこむには、駅名・住所を入力するか" in response.content.decode()
    assert len(names(response)) == 3


def test_a_within_value_that_is_not_offered_is_refused(client, directory_page, around_kamata):
    response = client.get(directory_page.url, {"near": "蒲田", "within": "100"})
    assert response.status_code == 200
    assert len(names(response)) == 3  # not sorted, not cut: the bad value changes nothing
    assert "近い順に表示しています" not in response.content.decode()


def test_near_works_on_an_area_page_too(client, directory_page):
    listing("大森西の遠い会", 35.5790, 139.7290)
    listing("大森西の近い会", 35.5766, 139.7303)
    listing("羽田の会", 35.5500, 139.7500, area=area("haneda"))
    response = client.get(directory_page.area_url(area("omori-nishi")), {"near": "大森西"})
    assert names(response) == ["大森西の近い会", "大森西の遠い会"]


def test_the_form_offers_a_place_field_a_distance_and_a_location_button(client, directory_page):
    html = client.get(directory_page.url).content.decode()
    assert '<label for="id_near">駅名・住所・エリア名</label>' in html
    for value, label in (
        ("0.5", "500m以内"),
        ("1", "1km以内"),
        ("2", "2km以内"),
        ("3", "3km以内"),
        ("5", "5km以内"),
    ):
        assert f'<option value="{value}">{label}</option>' in html
    assert '<input type="hidden" name="lat"' in html and '<input type="hidden" name="lng"' in html
    # Shown from the start, so nothing moves when the script runs; no-script.css hides it.
    assert "data-geolocate>現在地から探す</button>" in html
    assert "/static/js/near-me.js" in html


# --- resources_near, the function the view (and later matching) uses -------------------------


def test_resources_near_skips_listings_without_a_public_point():
    ResourceFactory(name="座標なし", latitude=None, longitude=None)
    shown = listing("座標あり", 35.5630, 139.7165)
    nearby = resources_near(Resource.objects.listed(), KAMATA_STATION)
    assert nearby.pks == [shown.pk]
    assert [r.name for r in nearby] == ["座標あり"]


def test_resources_near_decides_the_edge_of_the_radius_by_the_geodesic():
    inside = listing("ぎりぎり内側", 35.5715, 139.7160)
    outside = listing("ぎりぎり外側", 35.5716, 139.7160)
    edge = geodesic(KAMATA_STATION, (35.57155, 139.7160)).km
    assert geodesic(KAMATA_STATION, (35.5715, 139.7160)).km < edge
    nearby = resources_near(Resource.objects.listed(), KAMATA_STATION, within_km=edge)
    assert nearby.pks == [inside.pk]
    assert outside.pk not in nearby.pks


@pytest.mark.parametrize(
    "other",
    [(35.5630, 139.7165), (35.6300, 139.6600), (35.5100, 139.8200), (35.5400, 139.6500)],
)
def test_the_ranking_approximation_agrees_with_the_geodesic_to_a_metre(other):
    assert approximate_km(KAMATA_STATION, other) == pytest.approx(
        geodesic(KAMATA_STATION, other).km, abs=0.001
    )


@pytest.mark.parametrize(
    ("km", "label"),
    [(0.004, "約10m"), (0.068, "約70m"), (0.949, "約950m"), (1.0, "約1.0km"), (12.34, "約12.3km")],
)
def test_distances_read_in_metres_then_kilometres(km, label):
    assert distance_label(km) == label
