"""Japanese search on the database backend, as residents use it.

The search cases run over the demo data (loaded once for this module, inside a transaction that
is rolled back at the end); the other tests make their own listings with words the demo data
does not use (モルック, ペタンク), so the demo listings never get in their way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from directory.models import (
    Category,
    Kind,
    LocationPrivacy,
    Resource,
    Status,
)
from directory.search.backends import search_resources
from directory.search.database import term_in
from directory.search.models import ResourceSearchDocument, SearchSynonym
from directory.search.query import Alternative, Term
from tests.factories import ResourceFactory, ScheduleRuleFactory, area, login_verified

pytestmark = pytest.mark.django_db

METACHARACTERS = ["%", "_", "\\", "'", '"', "*", "(", ")", "[", "]", "^", "$", "|"]


def found(query: str, queryset=None) -> list[Resource]:
    queryset = Resource.objects.listed() if queryset is None else queryset
    return list(search_resources(queryset, query).queryset)


def names(response) -> list[str]:
    return [r.name for r in response.context["page_obj"].object_list]


# --- the search cases, over the demo data ------------------------------------------------------


def listed_named(*parts: str) -> set[int]:
    listings = Resource.objects.listed()
    return {r.pk for r in listings if any(part in r.name for part in parts)}


def with_category(slug: str) -> set[int]:
    return set(Resource.objects.listed().filter(categories__slug=slug).values_list("pk", flat=True))


@dataclass(frozen=True)
class Case:
    query: str
    must_find: object = None  # () -> set of pks that must all be in the results
    find_all: bool = False  # the results are every listed listing
    find_some: bool = True  # at least one result (no wildcard may turn into "everything")


CASES = {
    "食堂 finds the 子ども食堂 listings": Case("食堂", lambda: listed_named("子ども食堂")),
    "こどもしょくどう finds them by reading": Case(
        "こどもしょくどう", lambda: listed_named("子ども食堂")
    ),
    "子供食堂 finds them in another spelling": Case("子供食堂", lambda: listed_named("子ども食堂")),
    "half-width ｻﾛﾝ finds サロン": Case("ｻﾛﾝ", lambda: listed_named("サロン")),
    "体操 finds the 健康体操 listings": Case(
        "体操", lambda: listed_named("健康体操") | with_category("exercise")
    ),
    "囲碁 finds the 囲碁・将棋 groups": Case(
        "囲碁", lambda: listed_named("囲碁・将棋") | with_category("go-shogi")
    ),
    "full-width ＮＰＯ finds the groups run by an NPO": Case(
        "ＮＰＯ",
        lambda: set(
            Resource.objects.listed()
            .filter(organization__name__startswith="NPO")
            .values_list("pk", flat=True)
        ),
    ),
    "a 200-character query answers": Case("子ども食堂の見学" * 25, find_some=False),
    "a 200-character query of one letter answers": Case("あ" * 200, find_some=False),
    **{
        f"the metacharacter {char} is not a wildcard": Case(char * 3, find_some=False)
        for char in METACHARACTERS
    },
    "metacharacters around a word are ignored": Case(
        "%食堂_ (食堂) [食堂]* ^食堂$ |食堂| '食堂' \"食堂\" \\食堂",
        lambda: listed_named("子ども食堂"),
    ),
    "an SQL injection attempt is only text": Case("食堂' OR '1'='1", find_some=False),
    "an empty query lists everything": Case("", find_all=True),
    "a query of spaces lists everything": Case(" 　 ", find_all=True),
}


@pytest.mark.usefixtures("demo_data")
class TestOverTheDemoData:
    @pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
    def test_search_cases(self, client, directory_page, case):
        listed = Resource.objects.listed()
        started = time.perf_counter()
        response = client.get(directory_page.url, {"q": case.query})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        results = {r.pk for r in found(case.query)}
        assert response.context["result_count"] == len(results)

        if case.find_all:
            assert results == set(listed.values_list("pk", flat=True))
            return
        if case.must_find is not None:
            wanted = case.must_find()
            assert wanted, "the demo data should contain listings for this case"
            assert wanted <= results, sorted(Resource.objects.filter(pk__in=wanted - results))
        if case.find_some:
            assert results
        # No query may degrade into "everything" (a LIKE wildcard or an ignored condition would).
        assert len(results) < listed.count()
        print(f"{case.query[:20]!r}: {len(results)} results in {elapsed * 1000:.0f} ms")

    def test_hidden_listings_are_not_found(self):
        hidden = Resource.objects.filter(
            location_privacy=LocationPrivacy.HIDDEN, name__contains="サロン"
        )
        assert hidden.exists(), "the demo data has a hidden サロン"
        results = {r.pk for r in found("サロン")}
        assert results
        assert not results & set(hidden.values_list("pk", flat=True))


# --- ranking, privacy, drafts ------------------------------------------------------------------


def test_a_name_match_ranks_before_a_category_match_before_a_description_match():
    petanque = Category.objects.create(name="ペタンク", slug="petanque")
    in_summary = ResourceFactory(
        name="あおぞら広場", name_kana="あおぞらひろば", summary="月に一度ペタンクもします。"
    )
    in_category = ResourceFactory(
        name="いちょうの会", name_kana="いちょうのかい", categories=[petanque]
    )
    in_name = ResourceFactory(name="ペタンク同好会", name_kana="ぺたんくどうこうかい")
    assert [r.pk for r in found("ペタンク")] == [in_name.pk, in_category.pk, in_summary.pk]


def test_a_kana_word_is_found_by_the_reading_of_every_field_names_first():
    by_name = ResourceFactory(name="モルック広場", name_kana="わかばのひろば")
    by_reading = ResourceFactory(name="木の棒なげの会", name_kana="もるっくのかい")
    in_summary = ResourceFactory(name="ひろばの会", summary="モルックは木の棒を投げる遊びです。")
    # 「もるっく」 is not one dictionary word: readings alone match it — of the name as written
    # in kana, of the name as Sudachi reads it, and of the summary — names first.
    assert [r.pk for r in found("もるっく")] == [by_name.pk, by_reading.pk, in_summary.pk]
    assert [r.pk for r in found("モルック")] == [by_name.pk, by_reading.pk, in_summary.pk]


def test_hiragana_finds_a_kanji_word_only_in_the_body_text():
    in_description = ResourceFactory(
        name="ひだまりの会",
        description="<p>毎回、血圧測定と軽い体操があります。</p>",
    )
    ResourceFactory(name="そよかぜの会", description="<p>毎回、お茶の時間があります。</p>")
    assert found("けつあつ") == [in_description]
    # A reading of body text must be whole words: 「けつ」 is not 血圧.
    assert found("けつ") == []


def test_drafts_hidden_and_approximate_addresses_are_never_found():
    ResourceFactory(name="モルック下書きの会", live=False)
    ResourceFactory(name="モルック非公開の会", location_privacy=LocationPrivacy.HIDDEN)
    ResourceFactory(
        name="ひだまりの会",
        location_privacy=LocationPrivacy.APPROXIMATE,
        venue="モルック好きの山田さん宅",
        access="ペタンク通りから徒歩3分",
        address="東京都大田区大森西9-9-9",
    )
    assert found("モルック", Resource.objects.public()) == []
    assert found("ペタンク", Resource.objects.public()) == []
    # Staff find a never-published draft in the admin; public searches pass public listings only.
    assert found("モルック", Resource.objects.all()) != []


def test_unpublished_changes_are_not_searchable_until_published():
    resource = ResourceFactory(name="ペタンク同好会", name_kana="ぺたんくどうこうかい")
    resource.save_revision().publish()
    resource.name, resource.name_kana = "モルック同好会", "もるっくどうこうかい"
    resource.save_revision()  # a draft: the live row keeps the published name
    assert [r.name for r in found("ペタンク")] == ["ペタンク同好会"]
    assert found("モルック") == []

    resource.get_latest_revision().publish()
    assert [r.name for r in found("モルック")] == ["モルック同好会"]
    assert found("ペタンク") == []

    Resource.objects.get(pk=resource.pk).unpublish()
    assert found("モルック") == []
    assert found("モルック", Resource.objects.all()) != []  # staff still find it in the admin


def test_the_index_follows_renames_of_the_organising_group():
    resource = ResourceFactory(name="ひなたの会")
    assert found("モルック") == []
    resource.organization.name = "大森モルック協会"
    resource.organization.save()
    assert found("モルック") == [resource]


def test_a_synonym_added_in_the_database_takes_effect_at_once():
    resource = ResourceFactory(name="ペタンク同好会")
    assert found("ブール") == []
    SearchSynonym.objects.create(terms="ペタンク、ブール")
    assert found("ブール") == [resource]


def test_a_synonym_needs_two_different_words():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SearchSynonym(terms="ペタンク").full_clean()
    SearchSynonym(terms="ペタンク ブール", note="フランスの球技").full_clean()


def test_pattern_characters_in_a_term_are_only_characters():
    ResourceFactory(name="モルック同好会")
    resources = Resource.objects.all()
    for pattern in ("%", "_____", "*", ".*", "\\", "' OR 1=1 --"):
        term = Term((Alternative((pattern,), pattern),))
        assert not resources.filter(term_in(term, "name_tokens").q()).exists(), pattern
    term = Term((Alternative(("モルック",), "モルック"),))
    assert resources.filter(term_in(term, "name_tokens").q()).exists()


def test_searching_near_a_point_orders_by_distance():
    near_omori = ResourceFactory(name="モルック大森")  # 大森西の区民活動施設
    near_haneda = ResourceFactory(
        name="モルック羽田",
        area=area("haneda"),
        latitude="35.548000",
        longitude="139.760000",
        address="東京都大田区羽田1-1-1",
    )
    haneda_airport = (35.549, 139.779)
    results = search_resources(Resource.objects.listed(), "モルック", near=haneda_airport)
    assert list(results.queryset) == [near_haneda, near_omori]


def test_facet_counts_come_with_the_results():
    ResourceFactory(name="モルック大森", kind=Kind.SALON)
    ResourceFactory(name="モルック羽田", kind=Kind.SALON, area=area("haneda"))
    ResourceFactory(name="モルック羽田の食事会", kind=Kind.FOOD, area=area("haneda"))
    facets = search_resources(Resource.objects.listed(), "モルック").facet_counts()
    assert facets["area"] == [("haneda", 2), ("omori-nishi", 1)]
    assert facets["kind"] == [("salon", 2), ("food", 1)]


# --- through the directory page ----------------------------------------------------------------


def test_the_page_shows_where_the_words_matched(client, directory_page):
    ResourceFactory(
        name="<b>モルック</b>同好会",
        summary="初めての方も歓迎します。",
        description="<p>フィンランド生まれの<em>モルック</em>を楽しみます。</p>",
    )
    html = client.get(directory_page.url, {"q": "ﾓﾙｯｸ"}).content.decode()
    assert "&lt;b&gt;<mark>モルック</mark>&lt;/b&gt;同好会" in html
    assert "一致:</span> 名称・説明" in html
    assert "フィンランド生まれの<mark>モルック</mark>を楽しみます。" in html
    assert "<b>モルック" not in html


def test_search_combines_with_every_filter(client, directory_page):
    ScheduleRuleFactory(resource=ResourceFactory(name="モルック大森 水曜", kind=Kind.SALON))
    ScheduleRuleFactory(
        resource=ResourceFactory(
            name="モルック蒲田 水曜", kind=Kind.SALON, area=area("kamata-nishi")
        )
    )
    ScheduleRuleFactory(
        resource=ResourceFactory(
            name="モルック蒲田 金曜", kind=Kind.SALON, area=area("kamata-nishi")
        ),
        weekdays=[4],
    )
    ResourceFactory(name="モルック蒲田 終了", area=area("kamata-nishi"), status=Status.ENDED)
    ResourceFactory(name="ペタンク蒲田 水曜", area=area("kamata-nishi"))

    def search(**params):
        return sorted(names(client.get(directory_page.url, {"q": "モルック", **params})))

    assert search() == ["モルック大森 水曜", "モルック蒲田 水曜", "モルック蒲田 金曜"]
    assert search(region="kamata") == ["モルック蒲田 水曜", "モルック蒲田 金曜"]
    assert search(region="kamata", weekday="2") == ["モルック蒲田 水曜"]
    assert search(area="omori-nishi", kind="salon") == ["モルック大森 水曜"]
    assert search(kind="food") == []
    area_page = client.get(directory_page.area_url(area("kamata-nishi")), {"q": "モルック"})
    assert sorted(names(area_page)) == ["モルック蒲田 水曜", "モルック蒲田 金曜"]


def test_an_overlong_query_gets_a_message_not_an_error(client, directory_page):
    ResourceFactory(name="モルック同好会")
    response = client.get(directory_page.url, {"q": "モルック" * 60})
    assert response.status_code == 200
    assert "条件の一部が正しくないため" in response.content.decode()


# --- keeping the index -------------------------------------------------------------------------


def test_rebuild_recreates_every_document_with_progress(capsys):
    ResourceFactory(name="モルック同好会")
    ResourceFactory(name="モルック下書き", live=False)
    ResourceSearchDocument.objects.all().delete()
    assert found("モルック") == []
    call_command("search_index", "--rebuild")
    output = capsys.readouterr().out
    assert "[##############################] 2 / 2 件" in output  # the draft too (staff search)
    assert "データベース: 2 件を登録しました" in output
    assert [r.name for r in found("モルック")] == ["モルック同好会"]
    call_command("search_index")
    assert "データベースの検索用データ: 2 件" in capsys.readouterr().out


def test_editors_keep_the_synonym_list_in_the_admin(client, django_user_model):
    from django.urls import reverse

    editor = django_user_model.objects.create_superuser("editor", "e@example.jp", "a-long-pass-1")
    login_verified(client, editor)
    resource = ResourceFactory(name="ペタンク同好会")
    add = reverse("wagtailsnippets_directory_searchsynonym:add")
    response = client.post(add, {"terms": "ペタンク", "note": ""})
    assert response.status_code == 200  # one word is not a synonym: the form says so
    assert "2つ以上" in response.content.decode()
    assert client.post(add, {"terms": "ペタンク、ブール", "note": "球技"}).status_code == 302
    listing = client.get(reverse("wagtailsnippets_directory_searchsynonym:list"), {"q": "ブール"})
    assert "ペタンク" in listing.content.decode()
    assert found("ブール") == [resource]
