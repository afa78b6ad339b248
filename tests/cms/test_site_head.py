"""Every public page has a description for search engines and link previews, and an icon, so a
first visit does not end in a 404 for /favicon.ico."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import ResourceFactory, area

pytestmark = pytest.mark.django_db


def description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_public_pages_describe_themselves(client, directory_page):
    resource = ResourceFactory(summary="毎週水曜のおしゃべりサロンです。")
    home = client.get("/").content.decode()
    assert "大田区の居場所・サロン" in description(home)
    detail = client.get(directory_page.resource_url(resource)).content.decode()
    assert description(detail) == "毎週水曜のおしゃべりサロンです。"
    area_page = client.get(directory_page.area_url(area("omori-nishi"))).content.decode()
    assert "大森西エリア" in description(area_page)


def test_an_editors_search_description_wins(client, home_page):
    home_page.search_description = "大田区の地域資源を探せるサイト"
    home_page.save_revision().publish()
    assert description(client.get("/").content.decode()) == "大田区の地域資源を探せるサイト"


def test_pages_link_an_icon_that_exists_and_favicon_ico_leads_to_it(client, home_page):
    html = client.get("/").content.decode()
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', html)
    assert len(icons) == 3
    for name in icons:
        assert finders.find(name), name
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_robots_txt_lets_search_engines_in_but_not_into_the_signed_in_parts(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/account/", "/coordinator/", "/portal/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines  # the public site stays indexable


def test_without_a_script_the_controls_only_a_script_makes_work_are_hidden(client, directory_page):
    ResourceFactory()
    html = client.get(directory_page.url).content.decode()
    assert "data-geolocate>" in html and "data-view-toggle>" in html
    head = html[: html.index("</head>")]
    sheet = re.search(r'<noscript><link rel="stylesheet" href="/static/([^"]+)"></noscript>', head)
    assert sheet and finders.find(sheet.group(1))
    rules = Path(finders.find(sheet.group(1))).read_text(encoding="utf-8")
    assert "[data-geolocate]" in rules and "[data-view-toggle]" in rules
