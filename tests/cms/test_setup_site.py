"""`manage.py setup_site`: a new deployment gets its home and directory pages, and Wagtail's
default site takes the public address, without any demo data."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from cms.models import HomePage
from directory.absolute_urls import absolute_url
from directory.models import Resource
from directory.public.models import DirectoryIndexPage

pytestmark = pytest.mark.django_db


def test_setup_site_makes_the_pages_once_and_takes_the_public_address(settings):
    settings.SITE_URL = "https://tsunagari.example.jp"
    for _ in range(2):
        call_command("setup_site", stdout=io.StringIO())
    assert HomePage.objects.count() == 1 and DirectoryIndexPage.objects.count() == 1
    assert not Resource.objects.exists()
    assert Site.objects.get(is_default_site=True).root_url == "https://tsunagari.example.jp"
    settings.SITE_URL = ""
    assert absolute_url("/portal/") == "https://tsunagari.example.jp/portal/"


def test_without_site_url_only_the_pages_are_made(client):
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "既定のサイト" not in out.getvalue()
    assert client.get("/").status_code == 200
