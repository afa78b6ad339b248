"""Results first: the page names what was searched, the filters fold away, the count and the
cards come right after the search box, and list and map show the same results."""

import re

import pytest

from directory.models import Kind
from tests.factories import ResourceFactory, area

pytestmark = pytest.mark.django_db


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def count_heading(html: str) -> str:
    found = re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html, re.S).group(1)
    return " ".join(found.split())


def test_the_heading_and_title_name_the_keyword_and_the_count_follows(client, directory_page):
    ResourceFactory(name="子ども食堂ひまわり", kind=Kind.FOOD)
    ResourceFactory(name="囲碁の会", kind=Kind.SALON)
    html = client.get(directory_page.url, {"q": "子ども食堂"}).content.decode()
    assert h1(html) == "「子ども食堂」の検索結果"
    assert title(html).startswith("「子ども食堂」の検索結果 | さがす | ")
    assert count_heading(html) == "「子ども食堂」 1件"


def test_filters_join_the_keyword_in_the_heading(client, directory_page):
    ResourceFactory(name="子ども食堂ひまわり", kind=Kind.FOOD, is_free=True)
    html = client.get(
        directory_page.url, {"q": "食堂", "kind": "food", "free": "on", "area": "omori-nishi"}
    ).content.decode()
    assert h1(html) == "「食堂」・フード支援・大森西エリア・無料の検索結果"
    assert count_heading(html) == "「食堂」・フード支援・大森西エリア・無料 1件"
    # The panel says how many conditions it holds, and stays folded.
    assert "条件でしぼりこむ" in html and "（3件を指定中）" in html
    assert re.search(r'<details class="filters"\s*>', html)


def test_near_me_names_the_place_in_the_heading(client, directory_page):
    ResourceFactory(name="駅前の居場所", latitude="35.563000", longitude="139.716500")
    html = client.get(directory_page.url, {"near": "蒲田駅"}).content.decode()
    assert h1(html) == "「蒲田駅」から近い順"
    assert title(html).startswith("「蒲田駅」から近い順 | ")


def test_without_a_search_the_page_keeps_its_own_title(client, directory_page):
    ResourceFactory()
    html = client.get(directory_page.url).content.decode()
    assert h1(html) == "さがす"
    assert count_heading(html) == "1件"


def test_the_count_and_the_cards_come_before_the_map(client, directory_page):
    listing = ResourceFactory(name="駅前の居場所")
    html = client.get(directory_page.url, {"q": "居場所"}).content.decode()
    form_end = html.index("</form>")
    count = html.index('id="results-heading"')
    card = html.index(f'id="r{listing.pk}-name"')
    map_panel = html.index('class="map-panel')
    assert form_end < count < card < map_panel
    # One list and one map of the same results, and the buttons that switch between them.
    assert 'id="results-list"' in html and 'id="results-map"' in html
    assert 'aria-controls="results-list" aria-pressed="true"' in html
    assert 'aria-controls="results-map" aria-pressed="false"' in html


def test_a_bad_filter_opens_the_panel_to_show_its_message(client, directory_page):
    ResourceFactory()
    html = client.get(directory_page.url, {"kind": "nothing"}).content.decode()
    assert re.search(r'<details class="filters"\s+open\s*>', html)
    assert "nothing は候補にありません" in html


def test_the_area_page_links_each_kind_count_to_its_filtered_list(client, directory_page):
    ResourceFactory(kind=Kind.FOOD, area=area("omori-nishi"))
    ResourceFactory(kind=Kind.FOOD, area=area("omori-nishi"))
    ResourceFactory(kind=Kind.SALON, area=area("haneda"))
    url = f"{directory_page.url}area/omori-nishi/"
    html = client.get(url).content.decode()
    assert '<a href="?kind=food">フード支援 2件</a>' in html
    assert "<span>サロン・通いの場 0件</span>" in html  # nothing to link to
    filtered = client.get(url, {"kind": "food"})
    assert len(filtered.context["page_obj"].object_list) == 2
    page = filtered.content.decode()
    assert '<a href="?kind=food" aria-current="true">フード支援 2件</a>' in page
    # The area is the page, not a search condition.
    assert h1(page).startswith("大森西エリア")
    assert count_heading(page) == "フード支援 2件"
