"""What the portal's pages show a member: the list with its badges and the one-tap confirmation
of a stale listing, plain words in the header, and an edit form with grouped checkboxes under
legends and no controls that do nothing."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cms.setup import ensure_site_pages
from directory.models import Resource
from directory.public.models import DirectoryIndexPage
from tests.factories import ResourceFactory, ScheduleRuleFactory
from tests.markup import described_by_without_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_listing(org_a):
    return ResourceFactory(
        name="古い子ども食堂A", organization=org_a, confirmed_on=dt.date(2025, 1, 10)
    )


def test_the_list_flags_only_stale_listings_with_a_confirm_button(
    client, alice, listing_a, stale_listing
):
    client.force_login(alice)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert html.count("確認をお願いします") == 1
    assert html.count(reverse("portal:resource_confirm", args=[stale_listing.pk])) == 1
    assert reverse("portal:resource_confirm", args=[listing_a.pk]) not in html
    assert "badge--state-published" in html or "badge--state-draft" in html


def test_the_one_tap_confirm_in_the_list_returns_to_the_list(client, alice, stale_listing):
    client.force_login(alice)
    response = client.post(
        reverse("portal:resource_confirm", args=[stale_listing.pk]), {"back": "dashboard"}
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert Resource.objects.get(pk=stale_listing.pk).confirmed_on == dt.date(2026, 11, 27)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "確認をお願いします" not in html
    assert "古い子ども食堂Aの情報確認日を今日にしました" in html


def test_the_header_speaks_of_the_login_code_not_two_factor_authentication(client, alice):
    client.force_login(alice)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "ログインの確認コード" in html
    assert "二要素認証" not in html


def test_weekday_checkboxes_sit_in_a_fieldset_under_their_legend(client, alice, listing_a):
    client.force_login(alice)
    html = client.get(reverse("portal:resource_update", args=[listing_a.pk])).content.decode()
    assert re.search(r'<fieldset class="field__group"[^>]*>\s*<legend>曜日</legend>', html)
    assert re.search(r'<fieldset class="field__group"[^>]*>\s*<legend>第何週</legend>', html)
    assert "<label><div" not in html  # no label wrapping a group of labelled boxes
    assert described_by_without_target(html) == []


def test_one_saved_rule_has_no_reorder_box_and_the_blank_rule_no_delete_box(
    client, alice, listing_a
):
    client.force_login(alice)
    html = client.get(reverse("portal:resource_update", args=[listing_a.pk])).content.decode()
    assert re.search(r'type="hidden" name="schedule_rules-0-ORDER"', html)
    assert 'name="schedule_rules-0-DELETE"' in html
    assert 'name="schedule_rules-1-DELETE"' not in html
    assert "<summary>ルールを追加する</summary>" in html


def test_two_saved_rules_can_be_reordered(client, alice, listing_a):
    ScheduleRuleFactory(resource=listing_a, weekdays=[5])
    client.force_login(alice)
    html = client.get(reverse("portal:resource_update", args=[listing_a.pk])).content.decode()
    assert re.search(r'type="number" name="schedule_rules-0-ORDER"', html)


def test_the_public_page_link_reads_as_the_listings_name(client, alice, listing_a):
    ensure_site_pages()
    public_path = DirectoryIndexPage.objects.get().resource_url(listing_a)
    client.force_login(alice)
    html = client.get(reverse("portal:resource_detail", args=[listing_a.pk])).content.decode()
    assert f'<a href="{public_path}">水曜サロンA</a>' in html
    assert f">{public_path}<" not in html
