"""Staff search listings and organisations in the admin with the site's Japanese search: words
inside compounds, spelling variants, readings, English; drafts and hidden listings included."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import LocationPrivacy, Organization, Resource
from directory.search import elastic
from directory.search.backends import search_resources_for_staff
from directory.search.models import OrganizationSearchDocument
from directory.staff.search import search_listings
from tests.directory.test_search_elasticsearch import _fresh_backoff, es  # noqa: F401
from tests.factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

RESOURCE_LIST = "wagtailsnippets_directory_resource:list"
RESOURCE_RESULTS = "wagtailsnippets_directory_resource:list_results"
ORGANIZATION_LIST = "wagtailsnippets_directory_organization:list"
ORGANIZATION_CHOOSER = "wagtailsnippetchoosers_directory_organization:choose"
RESOURCE_CHOOSER = "wagtailsnippetchoosers_directory_resource:choose_results"


@pytest.fixture
def listings():
    return {
        "live": ResourceFactory(name="子ども食堂ひまわり", name_kana="こどもしょくどうひまわり"),
        "draft": ResourceFactory(
            name="地域食堂あおぞら", name_kana="ちいきしょくどうあおぞら", live=False
        ),
        "hidden": ResourceFactory(
            name="ほっと食堂", name_kana="ほっとしょくどう", location_privacy=LocationPrivacy.HIDDEN
        ),
        "other": ResourceFactory(
            name="English Cafe Omori", name_kana="いんぐりっしゅかふぇ", summary="英会話の集い"
        ),
    }


def found(client, url_name: str, query: str, **params) -> str:
    response = client.get(reverse(url_name), {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("url_name", [RESOURCE_LIST, RESOURCE_RESULTS])
def test_a_word_inside_a_compound_finds_live_draft_and_hidden_listings(editor, listings, url_name):
    html = found(editor, url_name, "食堂")
    for key in ("live", "draft", "hidden"):
        assert listings[key].name in html
    assert "English Cafe Omori" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("子供食堂", "子ども食堂ひまわり"),  # a spelling variant
        ("こどもしょくどう", "子ども食堂ひまわり"),  # the reading
        ("ｺﾄﾞﾓ", "子ども食堂ひまわり"),  # half-width katakana
        ("あおぞら", "地域食堂あおぞら"),  # a draft, by its reading
        ("english", "English Cafe Omori"),
        ("英会話", "English Cafe Omori"),  # in the summary
    ],
)
def test_variants_readings_and_english_find_the_listing(editor, listings, query, expected):
    pks = [r.pk for r in search_listings(Resource.objects.all(), query)]
    assert pks and Resource.objects.get(pk=pks[0]).name == expected
    assert expected in found(editor, RESOURCE_LIST, query)


def test_the_best_match_comes_first_unless_a_column_is_chosen(editor, listings):
    ResourceFactory(name="ひまわり体操", name_kana="ひまわりたいそう", summary="子ども食堂の隣で")
    best_first = [r.name for r in search_listings(Resource.objects.all(), "子ども食堂")]
    assert best_first[0] == "子ども食堂ひまわり"
    html = found(editor, RESOURCE_LIST, "子ども食堂")
    assert html.index("子ども食堂ひまわり") < html.index("ひまわり体操")
    html = found(editor, RESOURCE_LIST, "子ども食堂", ordering="name")  # ひ before 子
    assert html.index("ひまわり体操") < html.index("子ども食堂ひまわり")


def test_a_query_of_symbols_finds_nothing_and_is_no_error(editor, listings):
    html = found(editor, RESOURCE_LIST, "%_\\'\"*()")
    assert "子ども食堂ひまわり" not in html
    assert found(editor, ORGANIZATION_LIST, "%%%").count("架空の会") == 0


def test_organisations_are_found_by_a_word_of_their_name_a_variant_or_a_reading(editor):
    OrganizationFactory(name="子ども食堂を支える会", name_kana="こどもしょくどうをささえるかい")
    OrganizationFactory(name="大森西二丁目町会", name_kana="おおもりにしにちょうめちょうかい")
    for query in ("食堂", "子供", "ささえる", "しょくどう", "支える 会"):
        html = found(editor, ORGANIZATION_LIST, query)
        assert "子ども食堂を支える会" in html, query
        assert "大森西二丁目町会" not in html, query
    assert "大森西二丁目町会" in found(editor, ORGANIZATION_LIST, "町会")


def test_a_renamed_organisation_is_found_by_its_new_name(editor):
    organization = OrganizationFactory(name="ひだまりの会", name_kana="ひだまりのかい")
    organization.name, organization.name_kana = "こもれびの会", "こもれびのかい"
    organization.save()
    assert "こもれびの会" in found(editor, ORGANIZATION_LIST, "こもれび")
    assert "こもれびの会" not in found(editor, ORGANIZATION_LIST, "ひだまり")


def test_the_choosers_search_in_japanese(editor, listings):
    OrganizationFactory(name="子ども食堂を支える会", name_kana="こどもしょくどうをささえるかい")
    response = editor.get(reverse(ORGANIZATION_CHOOSER), {"q": "食堂"})
    assert response.status_code == 200
    assert "子ども食堂を支える会" in response.json()["html"]
    response = editor.get(reverse(RESOURCE_CHOOSER), {"q": "しょくどう"})
    assert response.status_code == 200
    assert "地域食堂あおぞら" in response.content.decode()


def test_the_search_command_rebuilds_the_organisation_documents(editor, capsys):
    OrganizationFactory(name="子ども食堂を支える会")
    OrganizationSearchDocument.objects.all().delete()
    call_command("search_index", "--rebuild")
    assert "団体（管理画面の検索）: 1 件" in capsys.readouterr().out
    assert Organization.objects.filter(search_document__isnull=False).count() == 1


def test_with_elasticsearch_staff_still_find_drafts_and_hidden_listings(
    es,  # noqa: F811
    listings,
):
    elastic.rebuild()
    results = search_resources_for_staff(Resource.objects.all(), "食堂")
    assert results.backend == "elasticsearch"
    names = [r.name for r in results.queryset]
    # Elasticsearch answers for the public listing; the database for the draft and the hidden one.
    assert names[0] == "子ども食堂ひまわり"
    assert set(names) == {"子ども食堂ひまわり", "地域食堂あおぞら", "ほっと食堂"}
