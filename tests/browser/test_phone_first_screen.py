"""On a phone (390×844) what a resident came for is on the first screen, without scrolling."""

import re

from playwright.sync_api import expect

from directory.models import Kind
from tests.browser.conftest import PHONE, axe_violations, phone_at, search_from_home
from tests.factories import ResourceFactory

KAMATA_STATION = {"latitude": "35.563000", "longitude": "139.716500"}


def on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 80) <= PHONE["height"]
    )


def make_listings():
    for n in range(25):
        ResourceFactory(
            name=f"子ども食堂{n:02d}",
            name_kana=f"こどもしょくどう{n:02d}",
            kind=Kind.FOOD,
            summary="地域のこどもと大人がいっしょに夕ごはんを食べます。",
            **KAMATA_STATION,
        )


def test_after_a_search_the_count_and_first_card_are_on_the_first_screen(site, phone):
    url, directory = site
    make_listings()
    search_from_home(phone, url, "子ども食堂")

    expect(phone.get_by_role("heading", level=1)).to_have_text("「子ども食堂」の検索結果")
    assert phone.title().startswith("「子ども食堂」の検索結果")
    count = phone.get_by_role("heading", name=re.compile("「子ども食堂」 25件"))
    assert on_first_screen(count)
    assert on_first_screen(phone.locator(".card-list .card").first)
    # The other conditions wait in a folded panel that opens from the keyboard.
    panel = phone.locator("details.filters")
    expect(panel).not_to_have_attribute("open", "")
    phone.locator("details.filters summary").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_label("種類")).to_be_visible()
    assert axe_violations(phone) == []


def test_after_near_me_the_first_card_is_on_the_first_screen(site, browser):
    url, directory = site
    make_listings()
    with phone_at(browser, 35.5625, 139.7160) as page:
        page.goto(url + directory.url)
        page.get_by_role("button", name="現在地から探す").click()
        page.wait_for_url(re.compile(r"lat=35\.56"))
        expect(page.get_by_role("heading", level=1)).to_have_text("「現在地」から近い順")
        assert on_first_screen(page.locator(".card-list .card").first)

        page.get_by_label("駅名・住所・エリア名").fill("蒲田駅")
        page.get_by_role("button", name="近い順にさがす").click()
        page.wait_for_url("**near=**")
        expect(page.get_by_role("heading", level=1)).to_have_text("「蒲田駅」から近い順")
        assert on_first_screen(page.locator(".card-list .card").first)


def test_the_detail_page_shows_call_and_directions_on_the_first_screen(site, phone):
    url, directory = site
    resource = ResourceFactory(
        name="子ども食堂ひまわり",
        kind=Kind.FOOD,
        summary="地域のこどもと大人がいっしょに夕ごはんを食べます。毎回30人ほどが集まります。",
        venue="大森西区民活動施設 2階和室",
        access="京急線 梅屋敷駅から徒歩5分",
        phone="03-0000-1234",
        easy_japanese_summary="こどもは ただで たべられます。",
    )
    phone.goto(url + directory.resource_url(resource))
    call = phone.get_by_role("link", name=re.compile("電話する"))
    expect(call).to_have_attribute("href", "tel:0300001234")
    assert on_first_screen(call)
    route = phone.get_by_role("link", name=re.compile("道順"))
    assert on_first_screen(route)
    assert "destination=35.576557%2C139.730251" in route.get_attribute("href")
    # Big enough to hit with a thumb (WCAG 2.5.8 asks 24px; we give a full row).
    assert call.bounding_box()["height"] >= 48
    assert on_first_screen(phone.get_by_role("heading", name="やさしい にほんご"))
    assert axe_violations(phone) == []
