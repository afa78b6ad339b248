"""The public maps (directory/public/maps.py): what reaches the page, and what never does."""

import datetime as dt
import json
import re
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.utils.html import escape as django_escape

from directory.models import Kind, LocationPrivacy, Status
from directory.public.maps import GSI_ATTRIBUTION, GSI_TILES, escape
from tests.factories import ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db

XSS = "<img src=x onerror=alert(1)>\"'&`${alert(2)}`</script>"
SECRET_LAT, SECRET_LNG = "35.571111", "139.722222"


def page_html(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def map_config(html: str) -> dict:
    """The configuration in the map container's data-map attribute."""
    found = re.search(
        r'<div class="map-panel__map" id="resource_map"[^>]* data-map="([^"]*)"', html
    )
    assert found, "the page has no map"
    return json.loads(unescape(found.group(1)))


def markers(client, html: str) -> dict:
    """The markers the page's map fetches (same query string as the page)."""
    response = client.get(map_config(html)["markers"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def pinned(client, html: str) -> set[int]:
    return {row[3] for row in markers(client, html)["listings"]}


def test_the_map_loads_leaflet_and_markercluster_from_our_static_files(client, directory_page):
    ResourceFactory()
    html = page_html(client, directory_page.url)
    for path in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.css",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "js/map.js",
    ):
        assert f"/static/{path}" in html, path
        assert finders.find(path), f"static/{path} is missing"
    for licence in ("vendor/leaflet/LICENSE", "vendor/leaflet.markercluster/LICENSE"):
        assert finders.find(licence), licence
    # Nothing from a CDN, and no jQuery, Bootstrap or icon fonts.
    for outside in ("cdn.", "cdnjs", "jquery", "bootstrap", "awesome", "fontawesome", "http://"):
        assert outside not in html.lower(), outside
    assert "user-scalable=no" not in html
    # Leaflet's styles come just before the map, so they never hold up the first screen.
    head = html[: html.index("</head>")]
    assert "leaflet" not in head.lower() and "MarkerCluster" not in head
    assert html.index('<ol class="card-list"') < html.index("/static/vendor/leaflet/leaflet.css")


def test_the_default_layer_is_gsi_tiles_with_their_attribution(client, directory_page):
    ResourceFactory()
    tiles = map_config(page_html(client, directory_page.url))["tiles"]
    assert tiles["url"] == GSI_TILES
    assert tiles["options"]["attribution"] == (
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
    )
    assert tiles["options"]["attribution"] == GSI_ATTRIBUTION


def test_no_page_carries_an_inline_script_so_no_nonce_is_inside_the_html(client, directory_page):
    resource = ResourceFactory()
    for url in (
        directory_page.url,
        directory_page.resource_url(resource),
        directory_page.area_url(area("omori-nishi")),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert "nonce" not in html and "nonce" not in response["Content-Security-Policy"]
        assert re.findall(r"<script [^>]*src=[^>]*>", html)  # the map's scripts are files
        assert all(" defer" in tag for tag in re.findall(r"<script [^>]*>", html))


def test_an_empty_result_has_no_map(client, directory_page):
    ResourceFactory(name="体操の会")
    html = page_html(client, directory_page.url + "?q=存在しないことば")
    assert "見つかりませんでした" in html
    assert "data-map=" not in html and "leaflet.js" not in html


def test_markers_are_clustered_and_come_from_the_pages_own_query(client, directory_page):
    ResourceFactory()
    config = map_config(page_html(client, directory_page.url, {"kind": "place", "page": "1"}))
    assert config["cluster"] == {
        "chunkedLoading": True,
        "showCoverageOnHover": False,
        "maxClusterRadius": 50,
    }
    assert config["markers"] == f"{directory_page.url}markers/?kind=place"
    assert "listings" not in config  # not inlined into a list page


def test_the_directory_page_stays_small_however_many_listings_match(client, directory_page):
    def size() -> int:
        return len(page_html(client, directory_page.url))

    ResourceFactory(name="最初の会")
    small = size()
    for n in range(60):
        ResourceFactory(name=f"サロン{n:02d}", name_kana=f"さろん{n:02d}", kind=Kind.SALON)
    # 20 cards at most, and no marker data: the markers are a separate response.
    assert size() < small + 20 * 3000


def test_the_directory_map_shows_every_filtered_listing_not_just_one_page(client, directory_page):
    salons = {
        ResourceFactory(name=f"サロン{n:02d}", name_kana=f"さろん{n:02d}", kind=Kind.SALON).pk
        for n in range(25)
    }
    ResourceFactory(name="フードパントリー", kind=Kind.FOOD)
    response = client.get(directory_page.url, {"kind": "salon"})
    assert len(response.context["page_obj"].object_list) == 20
    html = response.content.decode()
    assert pinned(client, html) == salons
    assert 'aria-label="地図: 条件にあう場所 25件"' in html


def test_each_marker_carries_its_point_kind_id_and_escaped_name(client, directory_page):
    resource = ResourceFactory(
        name="ふれあい食堂",
        kind=Kind.FOOD,
        latitude=Decimal("35.562000"),
        longitude=Decimal("139.716000"),
    )
    html = page_html(client, directory_page.url)
    assert markers(client, html)["listings"] == [[35.562, 139.716, 2, resource.pk, "ふれあい食堂"]]
    config = map_config(html)
    assert config["kinds"][2] == ["food", "フード支援", "食"]
    assert config["detail"] == directory_page.url


def test_approximate_listings_appear_only_as_a_count_at_the_area_office(client, directory_page):
    exact = ResourceFactory(name="公開している会")
    private = [
        ResourceFactory(
            name=f"自宅で開く会{n}",
            location_privacy=LocationPrivacy.APPROXIMATE,
            latitude=Decimal(SECRET_LAT),
            longitude=Decimal(SECRET_LNG),
        )
        for n in range(2)
    ]
    html = page_html(client, directory_page.url)
    data = markers(client, html)
    assert pinned(client, html) == {exact.pk}
    office = area("omori-nishi")
    assert data["areas"] == [
        {
            "lat": float(office.office_latitude),
            "lng": float(office.office_longitude),
            "name": "大森西",
            "url": f"{directory_page.url}area/omori-nishi/",
            "count": 2,
            "listings": [[r.pk, r.name] for r in private],
        }
    ]
    body = client.get(map_config(html)["markers"]).content.decode()
    for text in (html, body):
        assert SECRET_LAT not in text and SECRET_LNG not in text
        assert "35.57111" not in text and "139.72222" not in text
    assert "場所は非公開（エリアごとの件数）" in html  # the legend explains the area marker


def test_hidden_draft_and_ended_listings_are_never_on_the_map(client, directory_page):
    shown = ResourceFactory(name="公開中の会")
    ResourceFactory(
        name="ないしょの会",
        location_privacy=LocationPrivacy.HIDDEN,
        latitude=Decimal(SECRET_LAT),
        longitude=Decimal(SECRET_LNG),
    )
    ResourceFactory(name="下書きの会", live=False)
    ResourceFactory(name="終了した会", status=Status.ENDED)
    html = page_html(client, directory_page.url)
    data = markers(client, html)
    assert pinned(client, html) == {shown.pk}
    assert data["areas"] == []
    body = client.get(map_config(html)["markers"]).content.decode()
    for secret in ("ないしょの会", "下書きの会", "終了した会", SECRET_LAT):
        assert secret not in html and secret not in body


def test_popup_text_is_escaped_and_nothing_a_group_typed_reaches_a_script(client, directory_page):
    exact = ResourceFactory(name=XSS)
    ResourceFactory(name=XSS + "2", location_privacy=LocationPrivacy.APPROXIMATE)
    html = page_html(client, directory_page.url)
    data = markers(client, html)
    assert data["listings"][0][4] == django_escape(XSS)
    assert data["areas"][0]["listings"][0][1] == django_escape(XSS + "2")
    assert escape(XSS) == django_escape(XSS)  # the fast path gives Django's output
    # Raw markup appears nowhere: not in the markers, not in the page, not in the cards.
    assert "<img src=x" not in html and "<img src=x" not in json.dumps(data)
    assert '</script>"' not in html and "${alert(2)}`</script>" not in html
    # The detail page's map and its single marker are escaped the same way.
    detail = page_html(client, directory_page.resource_url(exact))
    assert map_config(detail)["listings"][0][4] == django_escape(XSS)
    assert "<img src=x" not in detail


def test_the_legend_names_every_kind_beside_the_map(client, directory_page):
    ResourceFactory()
    html = page_html(client, directory_page.url)
    legend = re.search(r'<ul class="map-legend" aria-label="地図の印">(.*?)</ul>', html, re.S)
    assert legend, "no legend"
    for kind, glyph in (
        ("居場所", "居"),
        ("サロン・通いの場", "サ"),
        ("フード支援", "食"),
        ("ボランティア募集", "ボ"),
    ):
        assert kind in legend.group(1) and f"<span>{glyph}</span>" in legend.group(1)
    # The legend is HTML outside the map container, so it reads without JavaScript.
    assert html.index('class="map-legend"') < html.index('id="resource_map"')


def test_the_map_has_an_accessible_name_and_points_to_the_list(client, directory_page):
    ResourceFactory()
    html = page_html(client, directory_page.url)
    assert '<section class="map-panel no-print" aria-labelledby="map-title">' in html
    container = re.search(r'<div class="map-panel__map" id="resource_map"[^>]*>', html).group()
    assert "data-map=" in container
    assert 'role="region"' in container
    assert 'aria-label="地図: 条件にあう場所 1件"' in container
    assert 'aria-describedby="resource-map-note"' in container
    assert re.search(
        r'id="resource-map-note" class="visually-hidden">地図と同じ場所を、一覧で', html
    )
    # No iframe: the map is part of the page.
    assert "<iframe" not in html


def test_the_area_page_maps_that_areas_listings(client, directory_page):
    here = ResourceFactory(name="大森西の会")
    ResourceFactory(name="羽田の会", area=area("haneda"))
    html = page_html(client, directory_page.area_url(area("omori-nishi")))
    assert pinned(client, html) == {here.pk}
    assert map_config(html)["markers"] == f"{directory_page.url}area/omori-nishi/markers/"
    assert 'aria-label="地図: 大森西エリアの場所 1件"' in html


def test_the_area_page_map_follows_its_filters(client, directory_page):
    ResourceFactory(name="大森西の居場所")
    salon = ResourceFactory(name="大森西のサロン", kind=Kind.SALON)
    html = page_html(client, directory_page.area_url(area("omori-nishi")), {"kind": "salon"})
    assert pinned(client, html) == {salon.pk}


def test_the_detail_page_pins_an_exact_listing_at_its_point(client, directory_page):
    resource = ResourceFactory(name="ひだまりサロン", kind=Kind.SALON)
    html = page_html(client, directory_page.resource_url(resource))
    config = map_config(html)
    assert config["listings"] == [[35.576557, 139.730251, 1, resource.pk, "ひだまりサロン"]]
    assert config["areas"] == [] and "markers" not in config
    assert 'aria-label="地図: ひだまりサロンの場所"' in html


def test_the_detail_page_of_an_approximate_listing_shows_only_its_area(client, directory_page):
    resource = ResourceFactory(
        name="自宅の子ども食堂",
        location_privacy=LocationPrivacy.APPROXIMATE,
        latitude=Decimal(SECRET_LAT),
        longitude=Decimal(SECRET_LNG),
    )
    html = page_html(client, directory_page.resource_url(resource))
    config = map_config(html)
    assert config["listings"] == []
    assert [(a["lat"], a["count"]) for a in config["areas"]] == [(35.576557, 1)]
    assert SECRET_LAT not in html and SECRET_LNG not in html
    assert "エリアの特別出張所の位置です" in html


def test_a_listing_without_coordinates_has_no_map(client, directory_page):
    resource = ResourceFactory(latitude=None, longitude=None)
    html = page_html(client, directory_page.resource_url(resource))
    assert "data-map" not in html and "leaflet.js" not in html


def test_the_next_date_for_a_popup_comes_as_json(client, directory_page):
    with time_machine.travel(
        dt.datetime(2026, 11, 27, 10, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    ):
        rule = ScheduleRuleFactory()  # 毎週水曜 13:30〜15:30
        url = directory_page.resource_url(rule.resource) + "next-date/"
        response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"next_date": "2026年12月2日（水） 13:30〜15:30"}
    # Kept like the page (docs/performance.md): browsers revalidate it by its ETag.
    assert response["ETag"] and "must-revalidate" in response["Cache-Control"]
    assert client.get(directory_page.resource_url(ResourceFactory()) + "next-date/").json() == {
        "next_date": None
    }


def test_the_next_date_of_a_hidden_or_draft_listing_is_not_found(client, directory_page):
    for resource in (
        ResourceFactory(location_privacy=LocationPrivacy.HIDDEN),
        ResourceFactory(live=False),
    ):
        assert client.get(directory_page.resource_url(resource) + "next-date/").status_code == 404


def test_pages_stop_at_the_bound_and_say_so(client, directory_page, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    settings.DIRECTORY_MAX_PAGES = 3
    for n in range(9):
        ResourceFactory(name=f"会{n}", name_kana=f"かい{n}")
    response = client.get(directory_page.url, {"page": "99"})
    page_obj = response.context["page_obj"]
    assert page_obj.number == 3 and page_obj.paginator.num_pages == 3
    assert [r.name for r in page_obj.object_list] == ["会4", "会5"]
    html = response.content.decode()
    assert "9件" in html and "page=4" not in html
    assert "最初の6件まで" in html
    # The map still shows every listing.
    assert len(pinned(client, html)) == 9
