"""The staff home: panels for submissions awaiting review (oldest first, with their age), open
problem reports, stale listings per area and re-confirmation requests, each linking to the
filtered list; shown only to staff who may act on them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import ProblemReport, ProblemStatus, Resource
from directory.portal import services as portal
from directory.portal.moderation import REVIEWER_GROUP_NAME
from directory.services import resource_request_reconfirmation
from tests.factories import OrganizationFactory, ResourceFactory, area, login_verified

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=JST)
HOME = "wagtailadmin_home"


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", "m@example.jp", "a-long-pass-1")


def home(client) -> str:
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}')
    return html[start : html.index("</section>", start)]


def list_of(client, html: str, panel_id: str, link_text: str) -> list[str]:
    """Follow the panel's link to the filtered list; the names it shows."""
    link = re.search(rf'href="([^"]+)">{link_text}', panel(html, panel_id)).group(1)
    response = client.get(link.replace("&amp;", "&"))
    return [r.name for r in response.context["object_list"]]


def test_submissions_wait_oldest_first_with_their_age(editor, member):
    org = OrganizationFactory(name="ひまわりの会")
    for name, day in (("新しい提出", 30), ("古い提出", 10)):
        resource = ResourceFactory(name=name, organization=org)
        resource.alert = "今月は休み"
        with time_machine.travel(dt.datetime(2026, 11, day, 9, 0, tzinfo=JST), tick=False):
            portal.resource_submit_changes(resource=resource, user=member)
    ResourceFactory(name="審査のない会")
    with time_machine.travel(TODAY, tick=False):
        html = home(editor)
        submissions = panel(html, "directory-submissions")
        assert submissions.index("古い提出") < submissions.index("新しい提出")
        assert "21 日" in submissions and "1 日" in submissions and "member" in submissions
        assert list_of(editor, html, "directory-submissions", "審査待ちをすべて") == [
            "古い提出",
            "新しい提出",
        ]


def test_open_problem_reports_are_counted_by_kind_and_listed(editor):
    reported = ResourceFactory(name="報告ありの会")
    ProblemReport.objects.create(resource=reported, kind="outdated", comment="日付が違う")
    ProblemReport.objects.create(resource=reported, kind="unreachable")
    ProblemReport.objects.create(
        resource=ResourceFactory(name="対応済みの会"), kind="closed", status=ProblemStatus.DONE
    )
    html = home(editor)
    reports = panel(html, "directory-problem-reports")
    assert "情報が古い 1 件・連絡がつかない 1 件・閉鎖・休止している 0 件" in reports
    assert "対応済みの会" not in reports
    assert list_of(editor, html, "directory-problem-reports", "報告のある地域資源") == [
        "報告ありの会"
    ]


def test_stale_listings_are_counted_per_area_and_link_to_that_area(editor):
    with time_machine.travel(TODAY, tick=False):
        ResourceFactory(name="蒲田の古い会", area=area("kamata-nishi"), confirmed_on=None)
        ResourceFactory(
            name="蒲田の古い会2", area=area("kamata-nishi"), confirmed_on=dt.date(2025, 1, 1)
        )
        ResourceFactory(name="蒲田の新しい会", area=area("kamata-nishi"))
        ResourceFactory(name="羽田の古い会", area=area("haneda"), confirmed_on=None)
        ResourceFactory(name="下書きの古い会", confirmed_on=None, live=False)
        html = home(editor)
        stale = panel(html, "directory-stale-by-area")
        assert "合計 3 件" in stale
        assert re.search(r"蒲田西</a></td><td>蒲田</td><td>2 件", stale)
        assert set(list_of(editor, html, "directory-stale-by-area", "蒲田西")) == {
            "蒲田の古い会",
            "蒲田の古い会2",
        }


def test_reconfirmation_requests_show_their_reason(editor):
    flagged = ResourceFactory(name="再確認の会")
    resource_request_reconfirmation(resource=flagged, reason="情報が古い（つなぎ不成立）")
    ResourceFactory(name="ふつうの会")
    html = home(editor)
    assert "情報が古い（つなぎ不成立）" in panel(html, "directory-reconfirmation")
    assert list_of(editor, html, "directory-reconfirmation", "再確認の依頼をすべて") == [
        "再確認の会"
    ]


def test_the_home_costs_the_same_queries_for_3_or_30_of_each(editor, member):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = home(editor)
        assert "directory-submissions" in html
        return len(captured)

    def add(n):
        for _ in range(n):
            resource = ResourceFactory(confirmed_on=None)
            ProblemReport.objects.create(resource=resource, kind="outdated")
            resource_request_reconfirmation(resource=resource, reason="情報が古い")
            resource.alert = "休み"
            portal.resource_submit_changes(resource=resource, user=member)

    add(3)
    home(editor)  # the first request of a session fills per-process caches (site, content types)
    before = queries()
    add(27)
    # Wagtail's own 「あなたの確認待ち」 (queries per task) is replaced by the submissions panel.
    assert queries() == before


def test_panels_are_for_staff_who_may_act_on_them(client, django_user_model):
    ResourceFactory(name="再確認の会", confirmed_on=None)
    viewer = django_user_model.objects.create_user(
        "viewer", "v@example.jp", "a-long-pass-1", is_staff=True
    )
    viewer.groups.add(Group.objects.get(name="Editors"))  # Wagtail's group: pages only
    login_verified(client, viewer)
    html = home(client)
    assert 'id="directory-' not in html

    reviewer = django_user_model.objects.create_user(
        "reviewer", "r@example.jp", "a-long-pass-1", is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
    login_verified(client, reviewer)
    html = home(client)
    for panel_id in ("submissions", "problem-reports", "stale-by-area", "reconfirmation"):
        assert f'id="directory-{panel_id}' in html
    assert Resource.objects.count() == 1
