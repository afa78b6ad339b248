"""A member's change becomes a revision under moderation; the live listing changes only on approval."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import Resource, Status
from directory.portal import selectors
from tests.markup import described_by_without_target

from .conftest import portal_form, rule_form

pytestmark = pytest.mark.django_db


def submit(client, user, resource, **kwargs):
    client.force_login(user)
    return client.post(
        reverse("portal:resource_update", args=[resource.pk]), portal_form(resource, **kwargs)
    )


def approve(resource, reviewer, comment=""):
    state = WorkflowState.objects.for_instance(resource).get(status="in_progress")
    state.current_task_state.approve(user=reviewer, comment=comment)


def reject(resource, reviewer, comment):
    state = WorkflowState.objects.for_instance(resource).get(status="in_progress")
    state.current_task_state.reject(user=reviewer, comment=comment)


def test_a_member_sees_only_their_organisations_listings(client, alice, listing_a, listing_b):
    client.force_login(alice)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert listing_a.name in html
    assert listing_b.name not in html


def test_a_submitted_schedule_waits_for_approval_while_the_old_one_stays_live(
    client, alice, reviewer, listing_a
):
    response = submit(
        client,
        alice,
        listing_a,
        rules=[rule_form(frequency="monthly_nth", weekdays=["1"], week_positions=["2", "4"])],
        exceptions=[{"date": "2026-12-08", "cancelled": "on", "note": "会場点検のため"}],
        alert="12月8日は休みです",
        description_text="お茶とおしゃべり<script>alert(1)</script>\n\n2段落目",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    live = Resource.objects.get(pk=listing_a.pk)
    assert live.schedule_description() == "毎週水曜 13:30〜15:30"
    assert live.alert == ""
    assert live.has_unpublished_changes
    assert selectors.resource_portal_state(resource=live).label == "審査中"
    assert any("審査依頼" in m.subject for m in mail.outbox)

    approve(live, reviewer)

    live = Resource.objects.get(pk=listing_a.pk)
    assert live.schedule_description() == "毎月第2・第4火曜 13:30〜15:30（年末年始休み）"
    assert live.alert == "12月8日は休みです"
    assert [e.note for e in live.schedule_exceptions.all()] == ["会場点検のため"]
    assert live.description == (
        "<p>お茶とおしゃべり&lt;script&gt;alert(1)&lt;/script&gt;</p><p>2段落目</p>"
    )
    assert selectors.resource_portal_state(resource=live).label == "公開済"
    assert any("公開されました" in m.subject and "alice@example.jp" in m.to for m in mail.outbox)


def test_a_rejected_change_shows_the_reviewers_comment_and_stays_unpublished(
    client, alice, reviewer, listing_a
):
    submit(client, alice, listing_a, alert="臨時休業")
    reject(listing_a, reviewer, "日付をもう一度確認してください")
    live = Resource.objects.get(pk=listing_a.pk)
    assert live.alert == ""
    state = selectors.resource_portal_state(resource=live)
    assert (state.label, state.comment) == ("差し戻し", "日付をもう一度確認してください")
    html = client.get(reverse("portal:resource_detail", args=[live.pk])).content.decode()
    assert "差し戻し" in html and "日付をもう一度確認してください" in html
    assert any("差し戻されました" in m.subject for m in mail.outbox)

    # Resubmitting starts a new review; approving it publishes the latest version.
    submit(client, alice, live, alert="12月は休み")
    assert selectors.resource_portal_state(resource=live).label == "審査中"
    approve(live, reviewer)
    assert Resource.objects.get(pk=live.pk).alert == "12月は休み"


def test_the_edit_form_starts_from_the_pending_version(client, alice, listing_a):
    submit(client, alice, listing_a, alert="審査待ちのお知らせ")
    html = client.get(reverse("portal:resource_update", args=[listing_a.pk])).content.decode()
    assert "審査待ちのお知らせ" in html


def test_bad_input_gets_japanese_errors_and_submits_nothing(client, alice, listing_a):
    response = submit(
        client, alice, listing_a, rules=[rule_form(start_time="15:30", end_time="13:30")]
    )
    assert response.status_code == 400
    assert "終了時刻は開始時刻より後" in response.content.decode()
    assert described_by_without_target(response.content.decode()) == []
    assert not WorkflowState.objects.for_instance(listing_a).exists()
    assert Resource.objects.get(pk=listing_a.pk).has_unpublished_changes is False


def test_preview_renders_the_public_page_from_the_unsaved_version(client, alice, listing_a):
    client.force_login(alice)
    response = client.post(
        reverse("portal:resource_preview", args=[listing_a.pk]),
        portal_form(listing_a, rules=[rule_form(weekdays=["4"])], alert="プレビューのお知らせ"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "プレビューのお知らせ" in html and "毎週金曜" in html
    live = Resource.objects.get(pk=listing_a.pk)
    assert live.alert == "" and not live.has_unpublished_changes


def test_a_member_can_propose_a_new_listing_as_a_draft_under_review(client, alice, reviewer, org_a):
    from directory.models import Area

    client.force_login(alice)
    data = portal_form(
        kind="salon",
        name="新しい体操の会",
        name_kana="あたらしいたいそうのかい",
        summary="椅子に座ってできる体操です。",
        area=str(Area.objects.get(slug="omori-nishi").pk),
        address="東京都大田区大森西2-16-2",
        location_privacy="exact",
        is_free="on",
        cost="",
        status=Status.ACTIVE,
    )
    response = client.post(reverse("portal:resource_propose", args=[org_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(name="新しい体操の会")
    assert resource.organization == org_a
    assert resource.live is False
    assert not Resource.objects.public().filter(pk=resource.pk).exists()
    approve(resource, reviewer)
    assert Resource.objects.public().filter(pk=resource.pk).exists()


def test_information_is_current_updates_only_the_confirmation_and_keeps_a_pending_draft(
    client, alice, listing_a
):
    submit(client, alice, listing_a, alert="審査待ち")
    response = client.post(reverse("portal:resource_confirm", args=[listing_a.pk]))
    assert response.status_code == 302
    live = Resource.objects.get(pk=listing_a.pk)
    assert live.confirmed_on.isoformat() == "2026-11-27"
    assert live.confirmed_by == "alice（団体）"
    assert live.alert == ""  # the pending draft was not published
    assert live.has_unpublished_changes
    assert selectors.resource_portal_state(resource=live).label == "審査中"
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="directory.confirm", user=alice).exists()


def test_staff_and_coordinators_record_a_confirmation_on_the_groups_behalf(
    client, proxy, listing_a
):
    client.force_login(proxy)
    url = reverse("portal:resource_confirm_on_behalf", args=[listing_a.pk])
    assert client.post(url, {"method": "nope"}).status_code == 400
    response = client.post(url, {"method": "phone", "note": "代表の方に電話"})
    assert response.status_code == 302
    live = Resource.objects.get(pk=listing_a.pk)
    assert live.confirmed_by == "proxy（電話で確認）"


def test_a_member_cannot_use_the_proxy_form_even_for_their_own_listing(client, alice, listing_a):
    client.force_login(alice)
    url = reverse("portal:resource_confirm_on_behalf", args=[listing_a.pk])
    assert client.get(url).status_code == 404
