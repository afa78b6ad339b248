"""「つながりたい」 end to end in a real browser: a family member asks from a phone, the area's
coordinator finds the request in 受付, a coordinator of another region does not."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Region
from matching.models import ReferralSource
from matching.reference_data import load_referral_sources
from matching.services import coordinator_assign
from tests.browser.conftest import axe_violations, sign_in
from tests.matching.factories import UserFactory

PASSWORD = "browser-test-password-2026"
NAME = "架空 花子"
WISHES = "母が家にこもりがちで、近くで人と話せる場所をさがしています。"


@pytest.fixture
def coordinators(site):
    load_referral_sources(ReferralSource)  # the flush removed them
    for username, region in (("coord_omori", "omori"), ("coord_kamata", "kamata")):
        user = UserFactory(username=username)
        user.set_password(PASSWORD)
        user.save()
        coordinator_assign(user=user, regions=[Region.objects.get(slug=region)])
    return site


def test_a_request_reaches_the_areas_coordinator_only(coordinators, phone, browser):
    url, directory = coordinators
    phone.goto(url + f"{directory.url}area/omori-nishi/")
    phone.get_by_role("link", name="コーディネーターから連絡をもらう（つながりたい）").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("つながりたい")
    assert axe_violations(phone) == []
    # The area page's link chose the area already.
    area_field = phone.get_by_label("相談したい人が住んでいるエリア（特別出張所）")
    expect(area_field.locator("option:checked")).to_have_text("大森西")
    phone.get_by_role("group", name="どなたが申し込みますか").get_by_label("家族").check()
    phone.get_by_label("どんなことを相談したいですか").fill(WISHES)
    phone.get_by_label("お名前（呼び名でもかまいません）").fill(NAME)
    phone.get_by_role("group", name="連絡の方法").get_by_label("電話").check()
    phone.get_by_label("電話番号またはメールアドレス").fill("03-0000-7777")
    phone.get_by_label("ご本人の了解を得て申し込んでいます").check()
    phone.get_by_label("上の内容に同意して申し込みます").check()
    phone.get_by_role("button", name="申し込む").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("受け付けました")
    expect(phone.get_by_role("status")).to_contain_text(
        "大森地域の地域福祉コーディネーター（大森西エリアの担当）から"
    )
    assert NAME not in phone.content() and WISHES not in phone.content()
    assert axe_violations(phone) == []

    other = browser.new_context(locale="ja-JP")
    try:
        page = other.new_page()
        sign_in(page, url + "/coordinator/intakes/", "coord_kamata", PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("受付（つながりたい）")
        expect(page.locator(".data-table")).to_have_count(0)  # no request of theirs at all
    finally:
        other.close()

    own = browser.new_context(locale="ja-JP")
    try:
        page = own.new_page()
        sign_in(page, url + "/coordinator/intakes/", "coord_omori", PASSWORD)
        page.locator(".data-table").get_by_role("link", name=re.compile(r"^受付 \d+$")).click()
        expect(page.get_by_text(NAME)).to_be_visible()
        expect(page.get_by_text(WISHES)).to_be_visible()
        assert axe_violations(page) == []
    finally:
        own.close()
