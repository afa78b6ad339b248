"""Public problem reports, the freshness notice, the stale list and the reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from directory.models import FreshnessReminder, ProblemReport, Resource
from tests.factories import login_verified
from tests.markup import described_by_without_target

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def client():
    """A browser on the site's own pages: its POSTs carry the site's Origin, as browsers do."""
    return Client(headers={"Origin": "http://testserver"})


def report_url(directory_page, resource):
    return reverse("portal:problem_report", args=[resource.pk])


def test_every_public_listing_page_has_the_report_form(client, directory_page, listing_a):
    html = client.get(directory_page.resource_url(listing_a)).content.decode()
    assert "情報の誤りを報告" in html and "閉鎖・休止している" in html


def test_a_report_lands_in_the_staff_queue_with_a_thank_you(
    client, directory_page, listing_a, reviewer
):
    response = client.post(
        report_url(directory_page, listing_a), {"kind": "closed", "comment": "先月で閉じました"}
    )
    assert response.status_code == 302
    assert "ご報告ありがとうございました" in client.get(response["Location"]).content.decode()
    report = ProblemReport.objects.get()
    assert (report.kind, report.status, report.comment) == ("closed", "new", "先月で閉じました")
    assert any("情報の誤りの報告" in m.subject for m in mail.outbox)
    login_verified(client, reviewer)
    queue = client.get(reverse("wagtailsnippets_directory_problemreport:list"), {"status": "new"})
    assert listing_a.name in queue.content.decode()


def test_bad_input_re_renders_the_page_with_japanese_errors(client, directory_page, listing_a):
    response = client.post(report_url(directory_page, listing_a), {"comment": "x" * 501})
    html = response.content.decode()
    assert response.status_code == 200
    assert "この項目は必須です" in html and "500 文字以下" in html
    assert 'aria-describedby="id_comment_helptext id_comment_error"' in html
    assert described_by_without_target(html) == []
    assert not ProblemReport.objects.exists()


def test_the_honeypot_silently_drops_bots(client, directory_page, listing_a):
    response = client.post(
        report_url(directory_page, listing_a), {"kind": "other", "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not ProblemReport.objects.exists()


def test_reports_are_rate_limited_per_address(client, directory_page, listing_a, settings):
    settings.PROBLEM_REPORT_RATE_LIMIT = 2
    url = report_url(directory_page, listing_a)
    for _ in range(2):
        assert client.post(url, {"kind": "outdated"}).status_code == 302
    response = client.post(url, {"kind": "outdated"})
    assert "しばらくしてから" in response.content.decode()
    assert ProblemReport.objects.count() == 2


def test_stale_listings_are_marked_on_their_public_page(client, directory_page, listing_a):
    notice = "長い間確認されていません"
    assert notice not in client.get(directory_page.resource_url(listing_a)).content.decode()
    listing_a.confirmed_on = dt.date(2026, 1, 1)
    listing_a.save()
    assert notice in client.get(directory_page.resource_url(listing_a)).content.decode()


def test_staff_see_the_stale_list(client, reviewer, listing_a, listing_b):
    Resource.objects.filter(pk=listing_a.pk).update(confirmed_on="2026-01-01")
    login_verified(client, reviewer)
    html = client.get(reverse("directory_stale_resources")).content.decode()
    assert listing_a.name in html and listing_b.name not in html


def test_reminders_go_once_per_period(alice, listing_a, listing_b):
    Resource.objects.filter(pk=listing_a.pk).update(confirmed_on="2026-01-01")
    call_command("send_freshness_reminders")
    assert [m.to for m in mail.outbox] == [["alice@example.jp"]]
    call_command("send_freshness_reminders")
    assert len(mail.outbox) == 1
    assert FreshnessReminder.objects.get().period_start.isoformat() == "2026-06-30"
