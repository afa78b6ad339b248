"""A listing's page on a phone: name, kind, next date and place first, a call button and a
directions link, every fact once."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from directory.models import Kind, LocationPrivacy
from directory.public.directions import maps_link
from directory.templatetags.public_tags import tel_href
from tests.factories import OrganizationFactory, ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db

FRIDAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def first_screen(html: str) -> str:
    """What comes before the やさしい日本語 box and the longer sections."""
    start = html.index('<article class="detail">')
    return html[start : html.index("<h2 id=", start)]


def test_the_first_screen_has_next_date_place_station_call_and_directions(client, directory_page):
    resource = ResourceFactory(
        name="子ども食堂ひまわり",
        kind=Kind.FOOD,
        venue="大森西区民活動施設 2階和室",
        access="京急線 梅屋敷駅から徒歩5分",
        phone="03-0000-1234",
        latitude=Decimal("35.576557"),
        longitude=Decimal("139.730251"),
        easy_japanese_summary="こどもは ただで たべられます。",
    )
    ScheduleRuleFactory(resource=resource)  # 毎週水曜 13:30〜15:30
    with time_machine.travel(FRIDAY):
        html = client.get(directory_page.resource_url(resource)).content.decode()
    top = first_screen(html)
    assert "フード支援" in top and "子ども食堂ひまわり" in top
    assert "2026年12月2日（水） 13:30〜15:30" in top
    assert "大森西区民活動施設 2階和室" in top and "最寄り駅: 京急線 梅屋敷駅から徒歩5分" in top
    assert '<a class="button button--call" href="tel:0300001234">電話する' in top
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=35.576557%2C139.730251" in top
    # The やさしい日本語 box follows right after the buttons.
    assert html.index('class="easy-ja"') < html.index('id="when-title"')
    # Every fact once: the number, the next date, the station, the venue.
    for fact in ("03-0000-1234", "2026年12月2日（水）", "梅屋敷駅から徒歩5分", "2階和室"):
        assert html.count(fact) == 1, fact
    # The later dates are listed without the next one.
    assert "2026年12月9日（水）" in html


def test_the_call_button_falls_back_to_the_organisations_number(client, directory_page):
    resource = ResourceFactory(phone="", organization=OrganizationFactory(phone="03-0000-5678"))
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert 'href="tel:0300005678"' in html and html.count("03-0000-5678") == 1


def test_no_number_no_call_button(client, directory_page):
    resource = ResourceFactory(phone="", organization=None)
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "tel:" not in html and "電話する" not in html
    assert "日時はお問い合わせください" in html


def test_an_approximate_listing_gets_only_a_map_of_its_area(client, directory_page):
    resource = ResourceFactory(
        location_privacy=LocationPrivacy.APPROXIMATE,
        area=area("haneda"),
        latitude=Decimal("35.551111"),
        longitude=Decimal("139.744444"),
    )
    link = maps_link(resource)
    office = "35.549143%2C139.741826"  # 羽田特別出張所 (directory/data/ota_areas.csv)
    assert link.url == f"https://www.google.com/maps/search/?api=1&query={office}"
    assert link.label == "羽田エリアの地図" and "場所は公開していません" in link.note
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "maps/dir" not in html and "35.551111" not in html and "139.744444" not in html
    assert "羽田エリアの地図" in html


def test_a_listing_without_a_point_gets_no_directions(client, directory_page):
    resource = ResourceFactory(latitude=None, longitude=None)
    assert maps_link(resource) is None
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "google.com/maps" not in html


@pytest.mark.parametrize(
    "number, href",
    [
        ("03-0000-1234", "tel:0300001234"),
        ("０３－００００－１２３４", "tel:0300001234"),
        ("+81 3 0000 1234", "tel:+81300001234"),
        ("（なし）", ""),
    ],
)
def test_tel_links_carry_only_digits(number, href):
    assert tel_href(number) == href


def test_the_page_says_booking_once(client, directory_page):
    resource = ResourceFactory(booking_required=True, newcomer_welcome=True)
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert "<dt>申込</dt><dd>必要" in html
    assert "申込が必要" not in html
    assert re.search(r"<li>初めての方歓迎</li>", html)
