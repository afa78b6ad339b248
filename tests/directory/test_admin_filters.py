"""Staff narrow the listing index by area, region, kind, status, moderation state, age of the
情報確認日, open problem reports, re-confirmation requests and location privacy, and sort it by
情報確認日 and last change; each filter lives in the URL, at a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import Kind, LocationPrivacy, ProblemReport, ProblemStatus, Status
from directory.portal import services as portal
from directory.services import resource_request_reconfirmation
from tests.factories import OrganizationFactory, ResourceFactory, area

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
LIST = "wagtailsnippets_directory_resource:list"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(TODAY, tick=False):
        yield


def names(editor, **params) -> list[str]:
    response = editor.get(reverse(LIST), params)
    assert response.status_code == 200
    return [r.name for r in response.context["object_list"]]


def submitted(resource, user, **changes):
    """A group member's change of a published listing, waiting for review."""
    for name, value in changes.items():
        setattr(resource, name, value)
    portal.resource_submit_changes(resource=resource, user=user)


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", "m@example.jp", "a-long-pass-1")


def test_area_region_kind_status_and_privacy_narrow_the_list(editor):
    ResourceFactory(name="大森西の居場所")
    ResourceFactory(name="蒲田のサロン", area=area("kamata-nishi"), kind=Kind.SALON)
    ResourceFactory(name="羽田の食堂", area=area("haneda"), kind=Kind.FOOD, status=Status.PAUSED)
    ResourceFactory(name="非公開の会", location_privacy=LocationPrivacy.HIDDEN)
    kamata = area("kamata-nishi")
    assert names(editor, area=kamata.pk) == ["蒲田のサロン"]
    assert names(editor, region=kamata.region_id) == ["蒲田のサロン"]
    assert names(editor, kind="food") == ["羽田の食堂"]
    assert names(editor, status="paused") == ["羽田の食堂"]
    assert names(editor, location_privacy="hidden") == ["非公開の会"]
    assert names(editor, kind="salon", area=area("haneda").pk) == []


def test_live_draft_changed_in_review_and_sent_back(editor, member, django_user_model):
    reviewer = django_user_model.objects.create_superuser("rev", "r@example.jp", "a-long-pass-1")
    ResourceFactory(name="公開中の会")
    ResourceFactory(name="下書きの会", live=False)
    submitted(ResourceFactory(name="審査待ちの会"), member, alert="今月は休み")
    sent_back = ResourceFactory(name="差し戻しの会")
    submitted(sent_back, member, alert="臨時休業")
    state = WorkflowState.objects.for_instance(sent_back).get(status="in_progress")
    state.current_task_state.reject(user=reviewer, comment="日付を確認してください")

    assert names(editor, state="draft") == ["下書きの会"]
    assert names(editor, state="in_review") == ["審査待ちの会"]
    assert names(editor, state="needs_changes") == ["差し戻しの会"]
    assert set(names(editor, state="changed")) == {"審査待ちの会", "差し戻しの会"}
    assert set(names(editor, state="live")) == {"公開中の会", "審査待ちの会", "差し戻しの会"}


def test_information_not_confirmed_for_n_days_includes_never_confirmed(editor):
    ResourceFactory(name="先月確認", confirmed_on=dt.date(2026, 11, 1))
    ResourceFactory(name="去年確認", confirmed_on=dt.date(2025, 11, 1))
    ResourceFactory(name="未確認", confirmed_on=None)
    assert set(names(editor, unconfirmed_days=180)) == {"去年確認", "未確認"}
    assert set(names(editor, unconfirmed_days=0)) == {"去年確認", "先月確認", "未確認"}


@pytest.mark.parametrize("bad", ["-1", "abc", "99999999"])
def test_a_bad_number_of_days_is_refused_with_a_message_and_filters_nothing(editor, bad):
    ResourceFactory(name="先月確認", confirmed_on=dt.date(2026, 11, 1))
    response = editor.get(reverse(LIST), {"unconfirmed_days": bad})
    assert response.status_code == 200
    assert [r.name for r in response.context["object_list"]] == ["先月確認"]
    assert response.context["filters"].errors["unconfirmed_days"]


def test_open_problem_reports_and_reconfirmation_requests(editor):
    reported = ResourceFactory(name="報告ありの会")
    done = ResourceFactory(name="対応済みの会")
    flagged = ResourceFactory(name="再確認の会")
    ProblemReport.objects.create(resource=reported, kind="outdated")
    ProblemReport.objects.create(resource=done, kind="closed", status=ProblemStatus.DONE)
    resource_request_reconfirmation(resource=flagged, reason="情報が古い")
    assert names(editor, problem="open") == ["報告ありの会"]
    assert "報告ありの会" not in names(editor, problem="none")
    assert names(editor, reconfirmation="requested") == ["再確認の会"]
    assert "再確認の会" not in names(editor, reconfirmation="none")


def test_sorted_by_confirmation_date_and_last_change(editor, member):
    old = ResourceFactory(name="古い確認", confirmed_on=dt.date(2025, 1, 1))
    ResourceFactory(name="新しい確認", confirmed_on=dt.date(2026, 11, 1))
    for resource in (old,):
        resource.save_revision()
    assert names(editor, ordering="confirmed_on") == ["古い確認", "新しい確認"]
    assert names(editor, ordering="-confirmed_on") == ["新しい確認", "古い確認"]
    with time_machine.travel(TODAY + dt.timedelta(days=1), tick=False):
        submitted(ResourceFactory(name="新しい確認2"), member, alert="x")
    assert names(editor, ordering="-_updated_at")[0] == "新しい確認2"


def test_the_filters_survive_in_the_links_of_the_list(editor):
    ResourceFactory(name="蒲田のサロン", area=area("kamata-nishi"), kind=Kind.SALON)
    html = editor.get(reverse(LIST), {"kind": "salon", "unconfirmed_days": "30"}).content.decode()
    assert "kind=salon" in html and "unconfirmed_days=30" in html


def test_the_index_and_its_search_cost_the_same_queries_for_5_or_40_listings(editor):
    organization = OrganizationFactory()

    def queries(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(reverse(LIST), params).status_code == 200
        return len(captured)

    ResourceFactory.create_batch(5, organization=organization, name="食堂の会")
    counts = [queries({}), queries({"q": "食堂", "state": "live", "problem": "open"})]
    ResourceFactory.create_batch(35, organization=organization, name="食堂の会")
    assert [queries({}), queries({"q": "食堂", "state": "live", "problem": "open"})] == counts
