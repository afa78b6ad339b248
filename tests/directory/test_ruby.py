"""Inline furigana become <ruby>; nothing else a person typed becomes markup."""

import pytest
from django.urls import reverse

from directory.ruby import ruby_html, without_readings
from tests.factories import ResourceFactory, login_verified


def ruby(base: str, reading: str) -> str:
    return f"<ruby>{base}<rp>(</rp><rt>{reading}</rt><rp>)</rp></ruby>"


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("小(ちい)さい", ruby("小", "ちい") + "さい"),
        ("小（ちい）さい", ruby("小", "ちい") + "さい"),
        ("小《ちい》さい", ruby("小", "ちい") + "さい"),
        ("子(こ)ども食堂(しょくどう)", ruby("子", "こ") + "ども" + ruby("食堂", "しょくどう")),
        ("申(もう)し込(こ)み", ruby("申", "もう") + "し" + ruby("込", "こ") + "み"),
        ("｜東京タワー《とうきょうタワー》", ruby("東京タワー", "とうきょうタワー")),
        ("日本語(にほんご)", ruby("日本語", "にほんご")),
    ],
)
def test_readings_in_brackets_become_ruby(typed, shown):
    assert ruby_html(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "大人300円(税込)",  # not a reading: kanji in the bracket
        "ごはん(こめ)",  # no kanji before the bracket
        "会場(2階)",
        "小()さい",
    ],
)
def test_brackets_that_are_not_readings_stay_text(typed):
    assert ruby_html(typed) == typed


def test_plain_text_keeps_the_bases_and_leaves_out_the_readings():
    typed = "子(こ)どもは お金(かね)を はらわないで ｜東京タワー《とうきょうタワー》へ。300円(税込)"
    assert without_readings(typed) == "子どもは お金を はらわないで 東京タワーへ。300円(税込)"


def test_everything_else_is_escaped():
    typed = '<script>alert(1)</script>小(ちい)さい "&" <b>字(じ)</b>'
    html = ruby_html(typed)
    assert "<script>" not in html and "<b>" not in html
    assert html.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "&quot;&amp;&quot;" in html and ruby("字", "じ") in html


def test_a_reading_cannot_smuggle_markup():
    assert "<img" not in ruby_html("字(<img src=x onerror=alert(1)>)")
    assert "<img" not in ruby_html("｜<img src=x>《じ》")


@pytest.mark.django_db
def test_a_result_cards_snippet_shows_the_easy_japanese_without_its_readings(
    client, directory_page
):
    ResourceFactory(
        name="ひだまり",
        summary="夕ごはんの会です。",
        easy_japanese_summary="ちいさな 畑(はたけ)で やさいを つくります。",
    )
    html = client.get(directory_page.url, {"q": "やさい"}).content.decode()
    snippet = html[html.index('class="card__snippet"') :]
    snippet = snippet[: snippet.index("</p>")]
    assert "畑で" in snippet and "(はたけ)" not in snippet


@pytest.mark.django_db
def test_the_listing_page_shows_the_easy_japanese_summary_with_ruby(client, directory_page):
    resource = ResourceFactory(easy_japanese_summary="小(ちい)さい 子(こ)ども\n<i>だれでも</i>")
    html = client.get(directory_page.resource_url(resource)).content.decode()
    assert ruby("小", "ちい") + "さい " + ruby("子", "こ") + "ども<br>&lt;i&gt;" in html


@pytest.mark.django_db
def test_the_admin_form_explains_how_to_write_readings(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "e@example.jp", "a-long-pass-1")
    login_verified(client, editor)
    resource = ResourceFactory()
    html = client.get(
        reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk])
    ).content.decode()
    assert "小(ちい)さい、小《ちい》さい" in html
