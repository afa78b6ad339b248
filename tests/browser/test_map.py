"""The map and "near me" in a real Chromium: Leaflet from our own static files draws the markers,
no script errors, axe-core passes, and 「現在地から探す」 uses the browser's position.

Tile requests go to GSI on the internet, which these machines cannot reach: they are aborted
here, and nothing asserts on tiles.
"""

import re
from decimal import Decimal

from playwright.sync_api import expect

from directory.models import Kind, LocationPrivacy
from tests.browser.conftest import PHONE, axe_violations, phone_at
from tests.factories import ResourceFactory, ScheduleRuleFactory, area

TILE_HOST = "cyberjapandata.gsi.go.jp"
XSS = '<img src=x onerror="alert(1)">'


def offline(page) -> list[str]:
    """Abort tile requests; return the list that collects every other console error."""
    page.route(f"https://{TILE_HOST}/**", lambda route: route.abort())
    errors: list[str] = []

    def on_console(message):
        url = message.location.get("url", "")
        if message.type == "error" and TILE_HOST not in url and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def settled(page) -> None:
    """Wait until no zoom or cluster animation runs (axe must not see markers mid-fade)."""
    page.wait_for_function(
        "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"
    )


def point(lat: float, lng: float) -> dict:
    return {"latitude": Decimal(f"{lat:.6f}"), "longitude": Decimal(f"{lng:.6f}")}


def make_listings():
    """A crowd of salons near 大森西 (they cluster), two near 蒲田駅, an approximate one in 羽田
    (alone, so its area marker is not clustered) and a hidden one."""
    for n in range(30):
        ResourceFactory(kind=Kind.SALON, **point(35.5760 + n * 0.0002, 139.7300))
    ResourceFactory(name="駅前の居場所", name_kana="えきまえ", **point(35.5630, 139.7165))
    ResourceFactory(
        name="少し先の食堂", name_kana="すこし", kind=Kind.FOOD, **point(35.5700, 139.7160)
    )
    ResourceFactory(
        name="自宅で開く会", location_privacy=LocationPrivacy.APPROXIMATE, area=area("haneda")
    )
    ResourceFactory(name="ないしょの会", location_privacy=LocationPrivacy.HIDDEN)


def test_the_directory_map_draws_clustered_markers_on_a_phone(site, phone):
    url, directory = site
    make_listings()
    errors = offline(phone)
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))

    phone.goto(url + directory.url)

    # On a phone the list shows first; the map is the other view of the same results.
    region = phone.get_by_role("region", name="地図: 条件にあう場所 33件")
    expect(region).to_be_hidden()
    phone.get_by_role("button", name="地図").click()
    expect(phone.get_by_role("button", name="地図")).to_have_attribute("aria-pressed", "true")
    expect(region).to_be_visible()
    expect(phone.locator(".card-list")).to_be_hidden()
    expect(region.locator(".marker-cluster").first).to_be_visible()
    expect(region.locator(".map-marker").first).to_be_attached()
    expect(region.locator(".map-area-group")).to_have_count(1)  # the approximate one, at the office
    expect(phone.get_by_role("list", name="地図の印")).to_be_visible()
    assert errors == []
    # Leaflet, markercluster and our scripts came from the site itself, not a CDN.
    outside = [u for u in requested if not u.startswith(url) and TILE_HOST not in u]
    assert outside == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    settled(phone)
    assert axe_violations(phone) == []


def test_a_popup_shows_the_name_as_text_and_fetches_the_next_date(site, desktop):
    url, directory = site
    rule = ScheduleRuleFactory(resource=ResourceFactory(name=XSS))  # 毎週水曜
    errors = offline(desktop)
    dialogs: list[str] = []
    desktop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    desktop.goto(url + directory.url)
    desktop.locator("#resource_map .map-marker").click()

    popup = desktop.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("居場所")
    expect(popup.get_by_role("link", name=XSS)).to_have_attribute(
        "href", directory.resource_url(rule.resource)
    )
    expect(popup).to_contain_text(re.compile(r"次回: \d{4}年\d{1,2}月\d{1,2}日（水） 13:30〜15:30"))
    expect(desktop.get_by_role("button", name="閉じる")).to_be_visible()
    assert dialogs == [] and errors == []


def test_near_me_by_station_name_sorts_the_list_and_marks_the_map(site, phone):
    url, directory = site
    make_listings()
    errors = offline(phone)
    phone.goto(url + directory.url)

    phone.get_by_label("駅名・住所・エリア名").fill("蒲田駅")
    phone.get_by_text("条件でしぼりこむ").click()  # the distance is in the folded panel
    phone.get_by_label("距離").select_option("1")
    phone.get_by_role("button", name="近い順にさがす").click()
    phone.wait_for_url("**near=**")

    expect(phone.get_by_text("「蒲田駅」から近い順（1km以内）に表示しています。")).to_be_visible()
    cards = phone.locator(".card-list .card__title")
    expect(cards).to_have_text(["駅前の居場所", "少し先の食堂"])
    expect(phone.get_by_text("蒲田駅から約70m")).to_be_visible()
    # On a phone the map waits until asked for: Leaflet's work never holds up the list.
    expect(phone.locator("#resource_map.leaflet-container")).to_have_count(0)
    assert errors == []
    assert axe_violations(phone) == []

    # The map follows: the place searched, named, inside a view fitted to its 1 km circle.
    phone.get_by_role("button", name="地図").click()
    region = phone.get_by_role("region", name=re.compile("地図: 条件にあう場所 2件"))
    expect(region.locator(".map-origin__label")).to_have_text("蒲田駅")
    assert inside(region.locator(".map-origin"), region)
    assert scale_metres(phone) <= 500  # the whole ward's view says 2 km
    circle = region.locator("path.leaflet-interactive, path").first
    width = circle.bounding_box()["width"]
    assert 200 <= width <= region.bounding_box()["width"] + 1
    settled(phone)
    assert axe_violations(phone) == []


def inside(locator, region) -> bool:
    box, frame = locator.bounding_box(), region.bounding_box()
    return (
        frame["x"] <= box["x"] <= frame["x"] + frame["width"] - box["width"]
        and frame["y"] <= box["y"] <= frame["y"] + frame["height"] - box["height"]
    )


def scale_metres(page) -> int:
    """What the map's scale bar says, in metres: how far the view is zoomed in."""
    text = page.locator(".leaflet-control-scale-line").inner_text()
    number, unit = re.fullmatch(r"(\d+) (m|km)", text.strip()).groups()
    return int(number) * (1000 if unit == "km" else 1)


def test_after_use_my_location_the_map_shows_you_are_here_among_the_nearest(site, browser):
    url, directory = site
    for n in range(12):  # within about 400 m of where the phone is
        ResourceFactory(name=f"近くの会{n:02d}", **point(35.5625 + n * 0.0003, 139.7165))
    for n in range(20):  # across the ward
        ResourceFactory(name=f"遠くの会{n:02d}", **point(35.5900 + n * 0.001, 139.6900))
    with phone_at(browser, 35.5620, 139.7160) as page:
        errors = offline(page)
        page.goto(url + directory.url)
        page.get_by_role("button", name="現在地から探す").click()
        page.wait_for_url(re.compile(r"lat=35\.56"))
        page.get_by_role("button", name="地図").click()
        region = page.get_by_role("region", name=re.compile("地図: 条件にあう場所 32件"))
        expect(region.locator(".map-origin--here")).to_be_attached()
        expect(region.locator(".map-origin__label")).to_have_text("現在地")
        expect(page.locator(".map-legend")).to_contain_text("現在地")
        assert inside(region.locator(".map-origin--here"), region)
        # Fitted to the place and its nearest listings, not to the whole ward's 32.
        settled(page)
        assert scale_metres(page) <= 200
        assert errors == []
        assert axe_violations(page) == []


def test_use_my_location_sends_the_rounded_position_and_sorts_from_it(site, browser):
    url, directory = site
    make_listings()
    with phone_at(browser, 35.5625, 139.7160) as page:
        errors = offline(page)
        page.goto(url + directory.url)
        page.get_by_role("button", name="現在地から探す").click()
        page.wait_for_url(re.compile(r"lat=35\.56[23]&lng=139\.716"))

        expect(page.get_by_text("「現在地」から近い順に表示しています。")).to_be_visible()
        expect(page.locator(".card-list .card__title").first).to_have_text("駅前の居場所")
        expect(page.get_by_text(re.compile(r"現在地から約\d+m")).first).to_be_visible()
        # The place field was emptied, so the position (not an old place name) was used.
        expect(page.get_by_label("駅名・住所・エリア名")).to_have_value("")
        assert errors == []


def test_the_detail_page_map_is_accessible_on_a_phone(site, phone):
    url, directory = site
    resource = ResourceFactory(name="ひだまりサロン", kind=Kind.SALON)
    errors = offline(phone)
    phone.goto(url + directory.resource_url(resource))
    region = phone.get_by_role("region", name="地図: ひだまりサロンの場所")
    region.scroll_into_view_if_needed()  # drawn when it comes near the screen
    expect(region.locator(".map-marker")).to_have_count(1)
    assert errors == []
    settled(phone)
    assert axe_violations(phone) == []


def test_changing_a_filter_updates_both_the_list_and_the_map(site, desktop):
    url, directory = site
    make_listings()
    offline(desktop)
    desktop.goto(url + directory.url)
    expect(desktop.get_by_role("region", name="地図: 条件にあう場所 33件")).to_be_visible()
    desktop.locator("summary", has_text="条件でしぼりこむ").click()
    desktop.get_by_label("種類").select_option("food")
    desktop.get_by_role("button", name="この条件でさがす").click()
    desktop.wait_for_url("**kind=food**")
    expect(desktop.get_by_role("heading", name="1件")).to_be_visible()
    region = desktop.get_by_role("region", name="地図: 条件にあう場所 1件")
    expect(region).to_be_visible()
    expect(region.locator(".map-marker")).to_have_count(1)
    expect(region.locator(".marker-cluster")).to_have_count(0)
