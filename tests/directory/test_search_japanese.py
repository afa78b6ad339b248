"""How the search reads Japanese the way residents type it: readings of every field, short and
long units, kanji inside compounds, romaji, helper verbs, synonyms as data, and the ranking that
puts names and whole words first. Each test makes its own listings (the database backend)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from directory.models import AccessibilityFeature, Category, Kind, Language, Resource
from directory.search.backends import search_resources
from directory.search.models import ResourceSearchDocument, SearchSynonym
from tests.factories import ResourceFactory, area

pytestmark = pytest.mark.django_db


def found(query: str) -> list[Resource]:
    return list(search_resources(Resource.objects.listed(), query).queryset)


# --- readings -----------------------------------------------------------------------------------


def test_hiragana_finds_a_kanji_word_wherever_it_is_written():
    in_details = ResourceFactory(name="ひだまりの会", what_to_bring="上履きと筆記用具")
    ResourceFactory(name="そよかぜの会", what_to_bring="飲み物")
    assert found("ひっきようぐ") == [in_details]


def test_a_kana_query_finds_the_synonyms_of_the_word_it_reads_as():
    SearchSynonym.objects.create(terms="ペタンク、ブール")
    written_in_katakana = ResourceFactory(name="ブール同好会")
    # 「ぺたんく」 reads ペタンク, which the synonym list makes the same as ブール.
    assert found("ぺたんく") == [written_in_katakana]


def test_a_romaji_word_is_read_as_kana_long_vowels_or_not():
    shogi = ResourceFactory(name="将棋の会", area=area("haneda"), address="東京都大田区羽田1-1-1")
    omori = ResourceFactory(name="まちの縁側")  # in 大森西
    assert found("shogi") == [shogi]
    assert found("shougi") == [shogi]
    assert found("omori") == [omori]
    assert found("syogi") == [shogi]  # kunrei spelling


# --- short units, long units, kanji runs ------------------------------------------------------


def test_a_word_is_found_inside_a_compound_that_sudachi_cuts_elsewhere():
    # Sudachi reads 「囲碁盤で」 as 囲 + 碁盤: the run of kanji still holds 囲碁.
    board = ResourceFactory(name="まちの縁側", description="<p>囲碁盤で遊んだりできます。</p>")
    assert found("囲碁") == [board]
    assert found("碁盤") == [board]


def test_spellings_that_only_the_long_units_unify_are_the_same_word():
    alone = ResourceFactory(name="ゆうやけの会", summary="一人暮らしの方も気軽にどうぞ。")
    for spelling in ("独り暮らし", "ひとり暮らし", "一人暮らし"):
        assert found(spelling) == [alone], spelling


def test_a_compound_found_as_written_ranks_before_its_parts_found_apart():
    apart = ResourceFactory(name="ひなたの会", summary="地域のみなさんの食堂です。")
    as_written = ResourceFactory(name="そよかぜの会", summary="だれでも入れる地域食堂です。")
    assert found("地域食堂") == [as_written, apart]


# --- what a card shows is searchable ------------------------------------------------------------


def test_kind_flags_accessibility_and_languages_are_searchable_but_not_the_sites_own():
    wheelchair = AccessibilityFeature.objects.get(slug="wheelchair")
    resource = ResourceFactory(name="ひなたの会", kind=Kind.SALON, tour_welcome=True)
    resource.accessibility_features.set([wheelchair])
    resource.languages.set(Language.objects.filter(slug__in=["ja", "en"]))
    resource.save()
    assert found("通いの場") == [resource]  # the kind サロン・通いの場
    assert found("見学") == [resource]  # the flag 見学可
    assert found("車椅子") == [resource]  # 車いすで入れる
    assert found("english") == [resource]
    # Every listing speaks Japanese: 「日本語」 asks for something else.
    assert found("日本語") == []


def test_helper_verbs_ask_for_nothing():
    resource = ResourceFactory(name="ひなたサロン", tour_welcome=True)
    assert found("見学できるサロン") == [resource]
    assert found("見学 できます") == [resource]


# --- synonyms as data ---------------------------------------------------------------------------


def test_a_synonym_written_with_a_space_matches_a_query_of_two_words():
    SearchSynonym.objects.create(terms="ペタンク、petanque boules")
    resource = ResourceFactory(name="ペタンク同好会")
    assert found("petanque boules") == [resource]
    assert found("boules") == []  # one word of the phrase is not the phrase


def test_rows_sharing_a_word_are_one_group():
    SearchSynonym.objects.create(terms="ペタンク ブール")
    SearchSynonym.objects.create(terms="ブール、pétanque")
    resource = ResourceFactory(name="ペタンク同好会")
    assert found("pétanque") == [resource]


def test_the_seeded_list_covers_everyday_words_residents_use():
    pantry = ResourceFactory(name="フードパントリーあおば")
    assert found("フードバンク") == [pantry]
    assert found("food bank") == [pantry]


# --- ranking ----------------------------------------------------------------------------------


def test_a_word_that_is_a_whole_tag_ranks_before_one_inside_a_tag():
    petanque = Category.objects.create(name="ペタンク", slug="petanque")
    players = Category.objects.create(name="ペタンク愛好者", slug="petanque-players")
    inside = ResourceFactory(name="あおばの会", categories=[players])
    whole = ResourceFactory(name="いちょうの会", categories=[petanque])
    assert found("ペタンク") == [whole, inside]


def test_among_equal_matches_the_shorter_name_comes_first():
    long = ResourceFactory(name="モルック広場 ボランティア募集")
    short = ResourceFactory(name="モルック広場")
    assert found("モルック") == [short, long]


# --- keeping the index ------------------------------------------------------------------------


def test_the_migration_rebuilds_documents_for_listings_that_already_exist():
    from importlib import import_module

    from django.apps import apps

    resource = ResourceFactory(name="モルック同好会", summary="血圧を測ります。")
    ResourceSearchDocument.objects.all().delete()
    migration = import_module("directory.migrations.0010_rebuild_search_documents")
    migration.build_documents(apps, None)
    assert found("けつあつ") == [resource]
    call_command("search_index", "--rebuild", verbosity=0)
    assert found("けつあつ") == [resource]
