"""The printable A4 area sheet: public listings by kind, with next dates, and a QR code."""

import datetime as dt

import pytest
import time_machine

from directory.models import Frequency, Kind, LocationPrivacy, Status
from tests.factories import ResourceFactory, ScheduleRuleFactory, area

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_area_sheet_groups_public_listings_by_kind_with_next_dates(client, directory_page):
    with time_machine.travel(FRIDAY):  # next dates are computed from the day a rule is saved
        salon = ResourceFactory(name="水曜サロン", kind=Kind.SALON, phone="03-0000-1111")
        ScheduleRuleFactory(resource=salon)
        ResourceFactory(name="子ども食堂ひまわり", kind=Kind.FOOD)
        ResourceFactory(name="羽田の会", area=area("haneda"))
        response = client.get(directory_page.area_print_url(area("omori-nishi")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "サロン・通いの場（1件）" in html and "フード支援（1件）" in html
    assert (
        html.index("サロン・通いの場（1件）")
        < html.index("水曜サロン")
        < html.index("フード支援（1件）")
    )
    assert "毎週水曜 13:30〜15:30" in html and "次回 12月2日（水）" in html
    assert "03-0000-1111" in html
    assert "羽田の会" not in html
    assert "居場所（" not in html  # kinds with no listing are left out


def test_area_sheet_has_a_qr_code_to_the_online_page(client, directory_page):
    html = client.get(directory_page.area_print_url(area("omori-nishi"))).content.decode()
    assert "<svg" in html and "qrline" in html
    assert "http://testserver/directory/area/omori-nishi/" in html


def test_area_sheet_rows_name_the_building_and_room(client, directory_page):
    ResourceFactory(
        name="水曜サロン", venue="大森西区民活動施設 2階和室", address="東京都大田区大森西2-16-2"
    )
    html = client.get(directory_page.area_print_url(area("omori-nishi"))).content.decode()
    assert "<td>大森西区民活動施設 2階和室<br>東京都大田区大森西2-16-2</td>" in html


def test_area_sheet_keeps_private_places_private(client, directory_page):
    ResourceFactory(
        name="自宅の子ども食堂",
        location_privacy=LocationPrivacy.APPROXIMATE,
        address="東京都大田区大森西9-9-9",
        venue="山田さんの自宅 1階",
    )
    ResourceFactory(name="ないしょの会", location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(name="下書きの会", live=False)
    ResourceFactory(name="終わった会", status=Status.ENDED)
    html = client.get(directory_page.area_print_url(area("omori-nishi"))).content.decode()
    assert "自宅の子ども食堂" in html and "9-9-9" not in html and "山田" not in html
    for hidden in ("ないしょの会", "下書きの会", "終わった会"):
        assert hidden not in html


def test_area_sheet_is_found_by_area_code_too(client, directory_page):
    ResourceFactory(name="大森西の会", kind=Kind.PLACE)
    response = client.get(f"{directory_page.url}area/02/print/")
    assert response.status_code == 200 and "大森西の会" in response.content.decode()
    assert client.get(f"{directory_page.url}area/99/print/").status_code == 404


def test_an_empty_area_sheet_says_so(client, directory_page):
    html = client.get(directory_page.area_print_url(area("haneda"))).content.decode()
    assert "いま掲載している場所がありません" in html


def test_a_monthly_listing_shows_its_next_date(client, directory_page):
    rule = ScheduleRuleFactory(frequency=Frequency.MONTHLY_DAY, weekdays=[], month_day=15)
    with time_machine.travel(FRIDAY):
        html = client.get(directory_page.area_print_url(area("omori-nishi"))).content.decode()
    assert rule.resource.name in html and "次回 12月15日（火）" in html
