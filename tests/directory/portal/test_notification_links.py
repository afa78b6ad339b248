"""Links in emails lead back to the site: to the address the request came to when an email is
sent while serving one, to Wagtail's default Site from a scheduled job, to SITE_URL when set."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from directory.models import Resource

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("directory_page")
def test_an_email_sent_while_serving_a_request_links_to_that_host(client, listing_a, reviewer):
    url = reverse("portal:problem_report", args=[listing_a.pk])
    # The page the form is on was served by that host, so the browser sends it as the Origin.
    headers = {"Origin": "http://127.0.0.1:8300"}
    client.post(url, {"kind": "closed"}, HTTP_HOST="127.0.0.1:8300", headers=headers)
    [email] = mail.outbox
    assert "http://127.0.0.1:8300/admin/snippets/directory/problemreport/edit/" in email.body


def test_a_scheduled_reminder_links_to_the_default_site(alice, listing_a, home_page):
    Site.objects.filter(is_default_site=True).update(hostname="tsunagari.example.jp", port=443)
    Resource.objects.filter(pk=listing_a.pk).update(confirmed_on="2026-01-01")
    call_command("send_freshness_reminders")
    [email] = mail.outbox
    assert f"https://tsunagari.example.jp/portal/resources/{listing_a.pk}/" in email.body


def test_site_url_is_used_everywhere_when_set(alice, listing_a, settings):
    settings.SITE_URL = "https://tsunagari.example.jp"
    Resource.objects.filter(pk=listing_a.pk).update(confirmed_on="2026-01-01")
    call_command("send_freshness_reminders")
    assert "https://tsunagari.example.jp/portal/" in mail.outbox[0].body
