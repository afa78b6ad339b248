"""When a search finds nothing, the road does not end: the same words read by their sound, a slip
of a character corrected, 「もしかして」 links, nearby areas, and the area's counters."""

from __future__ import annotations

import pytest

from directory.models import Resource
from directory.search.corrections import bounded_distance, corrected_search
from directory.search.zero_results import zero_result_help
from tests.factories import ResourceFactory, area

pytestmark = pytest.mark.django_db


def corrected(query: str):
    return corrected_search(Resource.objects.listed(), query)


def names(response) -> list[str]:
    return [r.name for r in response.context["page_obj"].object_list]


def test_a_kanji_slip_of_the_input_method_is_searched_by_its_sound():
    shokudo = ResourceFactory(name="こども食堂ペタンク", name_kana="こどもしょくどうぺたんく")
    results = corrected("子ども食道")  # 食道 (esophagus) reads like 食堂
    assert list(results.queryset) == [shokudo]
    assert results.correction.typed == "子ども食道"
    assert results.correction.searched == "こどもしょくどう"
    assert results.correction.by_sound


def test_a_slip_of_one_character_is_corrected_at_once():
    salon = ResourceFactory(name="ペタンクサロン")
    results = corrected("サロソ")
    assert list(results.queryset) == [salon]
    assert results.correction.searched == "サロン" and not results.correction.by_sound


def test_a_query_that_finds_something_is_never_changed():
    ResourceFactory(name="ペタンクサロン")
    tea = ResourceFactory(name="サロソ茶房")  # a real name that looks like a slip
    results = corrected("サロソ")
    assert list(results.queryset) == [tea]
    assert results.correction is None


def test_words_that_find_nothing_are_offered_without_them():
    petanque = ResourceFactory(name="ペタンク広場")
    results = corrected("ペタンク プールサイド")
    assert list(results.queryset) == []
    assert [(s.text, s.count) for s in results.suggestions] == [("ペタンク", 1)]
    assert petanque.pk


def test_the_distance_stops_early_and_counts_one_slip():
    assert bounded_distance("サロソ", "サロン", 1) == 1
    assert bounded_distance("ボランティヤ", "ボランティア", 1) == 1
    assert bounded_distance("サロン", "ボランティア", 1) == 2


def test_nearby_areas_are_offered_nearest_first_and_the_counters_of_the_area():
    kamata = area("kamata-nishi")
    ResourceFactory(name="ペタンク大森", area=area("omori-higashi"))
    ResourceFactory(name="ペタンク矢口", area=area("yaguchi"))
    ResourceFactory(name="ペタンク羽田", area=area("haneda"))
    help = zero_result_help(query="ペタンク", area=kamata)
    assert [(found.area.name, found.count) for found in help.nearby] == [
        ("矢口", 1),
        ("大森東", 1),
        ("羽田", 1),
    ]
    names = [counter.name for counter in help.counters]
    assert "蒲田西特別出張所" in names and "蒲田地域福祉課" in names
    assert not any("大森" in name for name in names)
    region = zero_result_help(query="", region=kamata.region)
    assert "蒲田地域福祉課" in [c.name for c in region.counters]
    assert "蒲田西特別出張所" not in [c.name for c in region.counters]
    everywhere = zero_result_help(query="", area=None)
    assert everywhere.counters == []  # the page links to every counter instead
    assert everywhere.nearby == []


def test_the_page_shows_the_correction(client, directory_page):
    ResourceFactory(name="ペタンクサロン")
    response = client.get(directory_page.url, {"q": "サロソ"})
    assert names(response) == ["ペタンクサロン"]
    html = response.content.decode()
    assert "「サロソ」では見つからなかったため、「サロン」で探した結果です。" in html


def test_a_page_that_finds_nothing_offers_suggestions_nearby_areas_and_counters(
    client, directory_page
):
    ResourceFactory(name="ペタンク矢口", area=area("yaguchi"))
    area_page = directory_page.area_url(area("kamata-nishi"))
    response = client.get(area_page, {"q": "ペタンク"})
    assert names(response) == []
    html = response.content.decode()
    assert "近くのエリアにはあります" in html
    assert (
        f'href="{directory_page.url}?q=%E3%83%9A%E3%82%BF%E3%83%B3%E3%82%AF&amp;area=yaguchi"'
        in html
    )
    assert "矢口（1件）" in html
    assert 'href="#soudan">蒲田西エリアの相談窓口へ</a>' in html  # listed below, on the area page
    assert "03-" not in html.split("相談することもできます")[1]  # no invented phone numbers

    response = client.get(directory_page.url, {"q": "ペタンク プールサイド"})
    html = response.content.decode()
    assert "もしかして" in html and "ペタンク</a>（1件）" in html
