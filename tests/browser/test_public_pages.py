"""A resident on a phone finds a place; every public page passes axe-core (WCAG 2.2 AA)."""

import datetime as dt

from directory.models import Category, Frequency, Kind, LocationPrivacy
from tests.browser.conftest import axe_violations, search_from_home
from tests.factories import ResourceFactory, ScheduleRuleFactory


def make_listings():
    food = ResourceFactory(
        name="子ども食堂ひまわり",
        name_kana="こどもしょくどうひまわり",
        kind=Kind.FOOD,
        summary="月2回、地域のこどもと大人がいっしょに夕ごはんを食べます。",
        categories=[Category.objects.get(slug="kodomo-shokudo")],
        newcomer_welcome=True,
    )
    ScheduleRuleFactory(
        resource=food,
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekdays=[4],
        week_positions=[1, 3],
        start_time=dt.time(17),
        end_time=dt.time(19),
    )
    ResourceFactory(name="ないしょの会", location_privacy=LocationPrivacy.HIDDEN)
    return food


def test_a_resident_on_a_phone_searches_from_the_home_page(site, phone):
    url, directory = site
    make_listings()
    search_from_home(phone, url, "食堂")
    assert phone.get_by_role("heading", name="1件").is_visible()
    phone.get_by_role("link", name="子ども食堂ひまわり").click()
    assert phone.get_by_role("heading", level=1).inner_text().startswith("子ども食堂ひまわり")
    assert phone.get_by_text("毎月第1・第3金曜 17:00〜19:00").is_visible()
    # Nothing is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_keyboard_users_can_skip_to_the_content(site, desktop):
    url, _ = site
    desktop.goto(url + "/")
    desktop.keyboard.press("Tab")
    skip = desktop.locator(":focus")
    assert skip.inner_text() == "本文へ移動"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"


def test_filters_work_from_the_keyboard_and_stay_in_the_url(site, desktop):
    url, directory = site
    make_listings()
    ResourceFactory(name="体操クラブ", kind=Kind.SALON)
    desktop.goto(url + directory.url)
    desktop.locator("summary").click()
    desktop.get_by_label("種類").select_option("food")
    desktop.get_by_role("button", name="この条件でさがす").click()
    desktop.wait_for_url("**kind=food**")
    assert desktop.get_by_role("heading", name="1件").is_visible()
    assert desktop.get_by_role("link", name="体操クラブ").count() == 0


def test_public_pages_have_no_axe_violations_on_phone_and_desktop(site, phone, desktop):
    url, directory = site
    food = make_listings()
    paths = [
        "/",
        directory.url,
        f"{directory.url}?q=存在しない",
        directory.resource_url(food),
        f"{directory.url}area/omori-nishi/",
        f"{directory.url}?q=存在しない&area=haneda",
        "/soudan/",
    ]
    for page in (phone, desktop):
        for path in paths:
            page.goto(url + path)
            assert axe_violations(page) == [], path


def test_the_area_sheet_prints_on_a4_without_the_site_chrome(site, desktop):
    url, directory = site
    for n in range(12):
        ResourceFactory(name=f"サロン{n}", kind=Kind.SALON)
    desktop.goto(url + f"{directory.url}area/omori-nishi/print/")
    assert axe_violations(desktop) == []
    desktop.emulate_media(media="print")
    assert not desktop.locator(".site-header").is_visible()
    assert not desktop.get_by_role("button", name="印刷する").is_visible()
    assert desktop.locator("svg.segno").is_visible()
    pdf = desktop.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1


def test_the_area_sheet_header_stacks_on_a_phone(site, phone):
    url, directory = site
    ResourceFactory(name="水曜サロン", kind=Kind.SALON, venue="大森西区民活動施設 2階和室")
    phone.goto(url + f"{directory.url}area/omori-nishi/print/")
    title = phone.get_by_role("heading", level=1)
    # The title keeps the width of the screen instead of a one-character column beside the code.
    assert title.bounding_box()["width"] > 300
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
