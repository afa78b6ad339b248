"""The anonymous page cache: what it keeps, what it never keeps, and that every change of what the
public sees reaches an anonymous visitor on the next request."""

import datetime as dt
import gzip
import re

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from cms.models import HomePage
from demo.synthetic import generate_synthetic
from directory.models import Category, ScheduleException, Status
from directory.pagecache.middleware import PageCacheMiddleware
from directory.pagecache.public import public_response
from directory.portal.services import resource_confirm
from tests.factories import (
    OrganizationFactory,
    ResourceFactory,
    ScheduleRuleFactory,
    area,
    login_verified,
)

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))


def state(response) -> str | None:
    return response.get("X-Page-Cache")


def text(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def download(client, url: str):
    """GET ``url`` and read all of it, as a browser does (a streamed export is kept only once its
    last chunk has gone); the body is in ``response.body``."""
    response = client.get(url)
    streamed = response.streaming
    response.body = b"".join(response.streaming_content) if streamed else response.content
    return response


@pytest.fixture
def listing(directory_page):
    return ResourceFactory(name="ひだまりサロン", name_kana="ひだまりさろん")


def public_urls(directory_page, listing) -> list[str]:
    detail = directory_page.resource_url(listing)
    omori = directory_page.area_url(area("omori-nishi"))
    return [
        "/",
        directory_page.url,
        f"{directory_page.url}?kind=place&weekday=2&time_of_day=morning&q=サロン",
        f"{directory_page.url}markers/?kind=place",
        detail,
        f"{detail}next-date/",
        omori,
        f"{omori}markers/",
        directory_page.area_print_url(area("omori-nishi")),
        "/api/hsds/services",
        "/api/hsds/taxonomies",
        "/api/open-data/resources.csv",
    ]


# --- what is kept ------------------------------------------------------------------------------


def test_every_public_page_and_open_data_response_is_kept(client, directory_page, listing):
    for url in public_urls(directory_page, listing):
        first = download(client, url)
        assert (first.status_code, state(first)) == (200, "miss"), url
        second = download(client, url)
        assert state(second) == "hit", url
        assert second.body == first.body, url
        assert second["Content-Type"] == first["Content-Type"], url


def test_a_streamed_export_goes_out_as_it_is_made_and_is_kept_at_its_end(
    client, directory_page, listing
):
    url = "/api/open-data/resources.csv"
    left = client.get(url)
    assert left.streaming and state(left) == "miss"
    next(iter(left.streaming_content))  # the visitor leaves after the first chunk
    full = client.get(url)
    assert full.streaming and state(full) == "miss"
    body = b"".join(full.streaming_content)
    assert "ひだまりサロン" in body.decode("utf-8-sig")
    kept = client.get(url)
    assert state(kept) == "hit" and not kept.streaming and kept.content == body
    assert client.get(url, headers={"If-None-Match": kept["ETag"]}).status_code == 304


def test_a_kept_page_is_sent_gzipped_to_browsers_that_take_it(client, directory_page, listing):
    plain = client.get(directory_page.url)
    zipped = client.get(directory_page.url, headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)


def test_pages_answer_conditional_requests_with_304(client, directory_page, listing):
    first_etags = {}
    for url in (directory_page.resource_url(listing), "/api/hsds/services"):
        first = client.get(url)
        first_etags[url] = first["ETag"]
        assert first["ETag"].startswith('W/"') and first["Last-Modified"]
        assert "max-age=0" in first["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304
    listing.summary = "内容が変わりました。"
    listing.save()
    for url in (directory_page.resource_url(listing), "/api/hsds/services"):
        assert client.get(url, headers={"If-None-Match": first_etags[url]}).status_code == 200


def test_without_the_cache_pages_are_rendered_each_time_and_still_answer_304(
    client, directory_page, listing, settings
):
    settings.PAGE_CACHE_ENABLED = False
    first = client.get(directory_page.url)
    assert state(first) is None and first["ETag"]
    assert (
        client.get(directory_page.url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    )


# --- what is never kept ------------------------------------------------------------------------


def test_signed_in_people_never_get_or_leave_a_kept_page(
    client, directory_page, listing, django_user_model
):
    anonymous = Client()
    assert state(anonymous.get("/")) == "miss"
    staff = django_user_model.objects.create_superuser("editor", "e@example.jp", "x" * 12)
    login_verified(client, staff)
    for url in public_urls(directory_page, listing)[:5]:
        response = client.get(url)
        assert response.status_code == 200 and state(response) is None, url
    home = client.get("/").content.decode()
    assert "wagtail-userbar" in home or "userbar" in home  # the editor's own bar
    assert "userbar" not in anonymous.get("/").content.decode()
    assert state(anonymous.get("/")) == "hit"


@pytest.mark.parametrize("url", ["/portal/login/", "/coordinator/", "/admin/login/", "/account/"])
def test_the_portal_workspace_admin_and_accounts_are_never_kept(client, url):
    for _ in range(2):
        assert state(client.get(url)) is None


def test_no_kept_page_holds_a_csrf_token_or_sets_a_cookie(client, directory_page, listing):
    # One visitor has a CSRF cookie from the portal's login page; the next has nothing.
    client.get("/portal/login/")
    assert "csrftoken" in client.cookies
    for url in public_urls(directory_page, listing):
        download(client, url)
    stranger = Client()
    for url in public_urls(directory_page, listing):
        response = stranger.get(url)
        assert state(response) == "hit", url
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert "Set-Cookie" not in response, url


def test_a_response_that_sets_a_cookie_is_not_kept(db):
    def view(request):
        response = public_response(HttpResponse("x"))
        response.set_cookie("theirs", "secret")
        return response

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/somewhere/"))
        assert state(response) is None and response.cookies["theirs"].value == "secret"


# --- a cached page's forms ------------------------------------------------------------------------


def test_the_report_form_of_a_kept_page_submits(directory_page, listing):
    browser = Client(enforce_csrf_checks=True)
    url = directory_page.resource_url(listing)
    browser.get(url)
    page = browser.get(url)
    assert state(page) == "hit"
    form = re.search(r'<form method="post" action="([^"]+)">', page.content.decode())
    response = browser.post(
        form.group(1),
        {"kind": "outdated", "comment": "時間が変わりました"},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?report=sent#report")
    assert "ご報告ありがとうございました" in text(browser, response["Location"].split("#")[0])
    assert listing.problem_reports.count() == 1


def test_a_report_sent_from_another_site_is_refused(directory_page, listing):
    url = reverse("portal:problem_report", args=[listing.pk])
    refused = (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a data: page
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/x"},
        {},  # neither header: not a browser on this site's page
    )
    for headers in refused:
        response = Client().post(url, {"kind": "outdated"}, headers=headers)
        assert response.status_code == 403, headers
        assert "このサイトのページから送られていない" in response.content.decode()
    assert not listing.problem_reports.exists()


def test_a_report_with_only_this_sites_referer_is_taken(directory_page, listing):
    # Browsers that leave Origin out still send the page's address (Referrer-Policy same-origin).
    url = reverse("portal:problem_report", args=[listing.pk])
    headers = {"Referer": f"http://testserver{directory_page.resource_url(listing)}"}
    response = Client().post(url, {"kind": "outdated", "comment": "休止中です"}, headers=headers)
    assert response.status_code == 302 and listing.problem_reports.count() == 1


# --- every change reaches the next request ----------------------------------------------------


def seen(client, url, *texts) -> None:
    """Load ``url`` twice (the second from the cache), so that the change below must invalidate."""
    for _ in range(2):
        html = text(client, url)
    for expected in texts:
        assert expected in html, expected


def test_publishing_and_unpublishing_a_listing(client, directory_page, listing):
    seen(client, directory_page.url, "ひだまりサロン")
    new = ResourceFactory(name="できたての会", live=False)
    assert "できたての会" not in text(client, directory_page.url)
    new.save_revision().publish()
    assert "できたての会" in text(client, directory_page.url)
    assert "できたての会" in text(client, directory_page.url + "markers/")
    new.refresh_from_db()
    new.unpublish()
    assert "できたての会" not in text(client, directory_page.url)
    assert "できたての会" not in text(client, directory_page.url + "markers/")


def test_approving_a_groups_change(client, directory_page, listing):
    url = directory_page.resource_url(listing)
    seen(client, url, "ひだまりサロン")
    listing.summary = "毎週お茶会をしています。"
    revision = listing.save_revision()
    assert "毎週お茶会" not in text(client, url)  # a draft changes nothing
    revision.publish()
    assert "毎週お茶会" in text(client, url)


def test_an_organisation_edit(client, directory_page, listing):
    url = directory_page.resource_url(listing)
    seen(client, url, listing.organization.name)
    organization = listing.organization
    organization.name = "新しい名前の会"
    organization.save()
    assert "新しい名前の会" in text(client, url)
    listing.organization = OrganizationFactory(name="ほかの会")
    listing.save()
    assert "ほかの会" in text(client, url)


def test_a_schedule_change_and_a_cancellation(client, directory_page, listing):
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, tzinfo=JST), tick=False):
        rule = ScheduleRuleFactory(resource=listing)  # 毎週水曜
        url = directory_page.resource_url(listing)
        seen(client, directory_page.url, "2026年12月2日（水）")
        seen(client, url, "毎週水曜")
        ScheduleException.objects.create(resource=listing, date=dt.date(2026, 12, 2))
        assert "2026年12月9日（水）" in text(client, directory_page.url)
        assert "<del>2026年12月2日（水）</del>" in text(client, url)
        rule.weekdays = [4]
        rule.save()
        assert "毎週金曜" in text(client, url)
        rule.delete()
        assert "毎週金曜" not in text(client, url)


def test_an_area_or_vocabulary_edit(client, directory_page, listing):
    url = directory_page.area_url(area("omori-nishi"))
    seen(client, url, "大森西エリア")
    omori = area("omori-nishi")
    omori.name = "大森西（改）"
    omori.save()
    assert "大森西（改）エリア" in text(client, url)
    seen(client, directory_page.url, "囲碁・将棋")
    category = Category.objects.get(slug="go-shogi")
    category.name = "囲碁と将棋"
    category.save()
    assert "囲碁と将棋" in text(client, directory_page.url)
    listing.categories.set([category])
    listing.save()
    assert "囲碁と将棋" in text(client, directory_page.resource_url(listing))


def test_a_report_that_ends_a_listing_and_a_confirmation_by_its_group(
    client, directory_page, listing, django_user_model
):
    url = directory_page.resource_url(listing)
    seen(client, directory_page.url, "ひだまりサロン")
    report = Client(headers={"Origin": "http://testserver"}).post(
        reverse("portal:problem_report", args=[listing.pk]), {"kind": "closed"}
    )
    assert report.status_code == 302
    # Staff act on the report: the listing has ended and leaves the list.
    listing.status = Status.ENDED
    listing.save_revision().publish()
    assert "ひだまりサロン" not in text(client, directory_page.url)
    assert "この活動は終了しました" in text(client, url)
    # The group says 情報は最新です (a write that bypasses save()).
    seen(client, url, "情報確認日: 2026年11月1日")
    member = django_user_model.objects.create_user("member", "m@example.jp", "x" * 12)
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=JST), tick=False):
        resource_confirm(resource=listing, user=member)
        assert "情報確認日: 2026年12月3日" in text(client, url)


def test_a_site_page_edit(client, directory_page):
    seen(client, "/")
    home = HomePage.objects.get()
    home.intro = "ようこそ、つながりマップへ。"
    home.save_revision().publish()
    assert "ようこそ、つながりマップへ。" in text(client, "/")


def test_a_bulk_import_reaches_the_pages(client, directory_page, listing):
    seen(client, directory_page.url, "ひだまりサロン")
    generate_synthetic(3)
    assert "合成データ 00001" in text(client, directory_page.url)


def test_next_dates_move_on_at_midnight_in_japan(client, directory_page, listing):
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, tzinfo=JST), tick=False):
        ScheduleRuleFactory(resource=listing, weekdays=[2, 3])  # 毎週水・木曜
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 59, tzinfo=JST), tick=False):
        seen(client, directory_page.url, "2026年12月2日（水）")
    with time_machine.travel(dt.datetime(2026, 12, 3, 0, 1, tzinfo=JST), tick=False):
        html = text(client, directory_page.url)
        assert "2026年12月2日（水）" not in html and "2026年12月3日（木）" in html
