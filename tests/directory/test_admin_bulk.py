"""Staff act on a selection of listings: ask the groups to re-confirm (flag + email with their
message), change the 活動状況 (published at once, pending changes untouched), export as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from directory.models import Membership, Resource, Status
from directory.portal import services as portal
from tests.factories import OrganizationFactory, ResourceFactory, area, login_verified

pytestmark = pytest.mark.django_db


def bulk_url(action: str, *resources, **params) -> str:
    url = reverse("wagtail_bulk_action", args=["directory", "resource", action])
    ids = "&".join(f"id={r.pk}" for r in resources)
    extra = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{ids}&next=/admin/snippets/directory/resource/" + (f"&{extra}" if extra else "")


@pytest.fixture
def group(django_user_model):
    organization = OrganizationFactory(name="ひまわりの会")
    member = django_user_model.objects.create_user("member", "member@example.jp", "a-long-pass-1")
    Membership.objects.create(user=member, organization=organization)
    return organization


def test_staff_ask_the_groups_to_reconfirm_with_a_message(editor, group):
    with_members = ResourceFactory(name="ひまわり食堂", organization=group)
    without = ResourceFactory(name="だれもいない会")
    url = bulk_url("request_reconfirmation", with_members, without)
    page = editor.get(url)
    assert page.status_code == 200
    assert "ひまわり食堂" in page.content.decode() and "団体へのメッセージ" in page.content.decode()

    response = editor.post(
        url, {"message": "開催日が変わっていないか確認してください。"}, follow=True
    )
    assert "2 件の地域資源に再確認の依頼を記録し、1 件の団体にメールを送りました" in (
        response.content.decode()
    )
    flagged = Resource.objects.get(pk=with_members.pk)
    assert flagged.reconfirmation_requested_at is not None
    assert flagged.reconfirmation_reason == "開催日が変わっていないか確認してください。"
    (message,) = mail.outbox
    assert message.to == ["member@example.jp"]
    assert "開催日が変わっていないか確認してください。" in message.body
    assert reverse("portal:resource_detail", args=[flagged.pk]) in message.body
    assert ModelLogEntry.objects.filter(
        object_id=str(flagged.pk), action="directory.reconfirmation_request"
    ).exists()

    # The group confirms in the portal: the request is cleared.
    portal.resource_confirm(resource=flagged, user=group.memberships.get().user)
    assert Resource.objects.get(pk=flagged.pk).reconfirmation_requested_at is None


def test_a_request_without_a_message_is_refused_and_changes_nothing(editor, group):
    resource = ResourceFactory(organization=group)
    response = editor.post(bulk_url("request_reconfirmation", resource), {"message": "  "})
    assert response.status_code == 200
    assert "団体へのメッセージを入力してください。" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).reconfirmation_requested_at is None
    assert mail.outbox == []


def test_staff_change_the_status_of_published_and_draft_listings(editor, group, django_user_model):
    published = ResourceFactory(name="公開中の会")
    draft = ResourceFactory(name="下書きの会", live=False)
    pending = ResourceFactory(name="審査待ちの会", organization=group)
    pending.alert = "今月は休み"
    portal.resource_submit_changes(resource=pending, user=group.memberships.get().user)
    already = ResourceFactory(name="休止中の会", status=Status.PAUSED)

    url = bulk_url("change_status", published, draft, pending, already)
    response = editor.post(url, {"status": "paused"}, follow=True)
    html = response.content.decode()
    assert "2 件の活動状況を「休止中」にしました" in html
    assert "1 件はすでに「休止中」でした" in html
    assert "審査待ちの会" in html  # named among those left alone

    published = Resource.objects.get(pk=published.pk)
    assert published.status == Status.PAUSED and published.live
    assert not published.has_unpublished_changes  # published at once, as a revision
    assert published.live_revision.content["status"] == "paused"
    assert Resource.objects.get(pk=draft.pk).status == Status.PAUSED
    assert not Resource.objects.get(pk=draft.pk).live
    pending = Resource.objects.get(pk=pending.pk)
    assert pending.status == Status.ACTIVE
    assert pending.get_latest_revision_as_object().alert == "今月は休み"  # nothing lost


def test_an_unknown_status_is_refused_with_a_message(editor):
    resource = ResourceFactory()
    response = editor.post(bulk_url("change_status", resource), {"status": "closed-forever"})
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).status == Status.ACTIVE


def test_staff_without_the_publish_permission_change_nothing_published(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", "c@example.jp", "a-long-pass-1")
    clerk.is_staff = True
    clerk.save()
    group = Group.objects.create(name="閲覧と変更だけ")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_resource"),
    )
    clerk.groups.add(group)
    login_verified(client, clerk)
    resource = ResourceFactory(name="公開中の会")
    response = client.post(bulk_url("change_status", resource), {"status": "ended"}, follow=True)
    assert response.status_code == 200
    assert Resource.objects.get(pk=resource.pk).status == Status.ACTIVE


def test_the_selection_exports_as_csv_that_excel_reads(editor):
    chosen = ResourceFactory(name="子ども食堂ひまわり", kind="food", area=area("kamata-nishi"))
    ResourceFactory(name="選ばれなかった会")
    response = editor.get(bulk_url("export_csv", chosen))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["名称"] for row in rows] == ["子ども食堂ひまわり"]
    assert rows[0]["種類"] == "フード支援" and rows[0]["特別出張所エリア"] == "蒲田西"


def test_select_all_keeps_the_filters_and_search_of_the_list(editor):
    ResourceFactory(name="子ども食堂ひまわり", kind="food")
    ResourceFactory(name="地域食堂あおぞら", kind="food", status=Status.PAUSED)
    ResourceFactory(name="囲碁の会", kind="place")
    url = reverse("wagtail_bulk_action", args=["directory", "resource", "export_csv"])
    response = editor.get(url, {"id": "all", "q": "食堂", "status": "active"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["名称"] for row in csv.DictReader(io.StringIO(body))] == ["子ども食堂ひまわり"]
