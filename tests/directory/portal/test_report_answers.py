"""What others report, shown to the group: open problem reports and re-confirmation requests on
each listing, answered with 「対応しました」, which tells staff and closes the report."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import ProblemReport, Resource
from directory.services import resource_request_reconfirmation
from tests.factories import login_verified

pytestmark = pytest.mark.django_db


def answer_url(report):
    return reverse("portal:problem_report_answer", args=[report.resource_id, report.pk])


def test_the_group_sees_open_reports_and_re_confirmation_requests(
    client, alice, listing_a, report_a
):
    ProblemReport.objects.create(resource=listing_a, kind="closed", status="done")
    resource_request_reconfirmation(resource=listing_a, reason="情報が古い（つなぎが不成立）")
    client.force_login(alice)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "報告 1件" in html and "再確認の依頼" in html
    html = client.get(reverse("portal:resource_detail", args=[listing_a.pk])).content.decode()
    assert "公開ページからの報告: 情報が古い" in html and "開始時刻が違うようです" in html
    assert "閉鎖・休止している" not in html  # a report staff closed is not the group's task
    assert "情報が古い（つなぎが不成立）" in html
    assert answer_url(report_a) in html


def test_answering_closes_the_report_and_tells_staff(client, alice, reviewer, listing_a, report_a):
    client.force_login(alice)
    assert "報告への対応" in client.get(answer_url(report_a)).content.decode()
    response = client.post(answer_url(report_a), {"reply": "開始時刻を直して送りました"})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == "done"
    assert report_a.group_reply == "開始時刻を直して送りました"
    assert report_a.group_replied_by == alice and report_a.group_replied_at is not None
    email = next(m for m in mail.outbox if "団体が対応しました" in m.subject)
    assert reviewer.email in email.to and "開始時刻を直して送りました" in email.body
    html = client.get(reverse("portal:resource_detail", args=[listing_a.pk])).content.decode()
    assert "公開ページからの報告" not in html
    assert client.post(answer_url(report_a), {"reply": "2回目"}).status_code == 404

    client.logout()
    login_verified(client, reviewer)
    queue = client.get(reverse("wagtailsnippets_directory_problemreport:list"), {"status": "done"})
    assert listing_a.name in queue.content.decode()
    assert "団体が対応した日時" in queue.content.decode()
    edit = client.get(reverse("wagtailsnippets_directory_problemreport:edit", args=[report_a.pk]))
    assert "開始時刻を直して送りました" in edit.content.decode()


def test_a_too_long_reply_is_refused_in_japanese_and_changes_nothing(
    client, alice, listing_a, report_a
):
    client.force_login(alice)
    response = client.post(answer_url(report_a), {"reply": "x" * 501})
    assert response.status_code == 400
    assert "500 文字以下" in response.content.decode()
    report_a.refresh_from_db()
    assert (report_a.status, report_a.group_reply) == ("new", "")
    assert not any("団体が対応しました" in m.subject for m in mail.outbox)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_never_reads_or_answers_another_groups_report(
    client, bob, listing_a, listing_b, report_a, method
):
    """Bob tries listing A's report through listing A, and through his own listing B."""
    client.force_login(bob)
    for url in (
        answer_url(report_a),
        reverse("portal:problem_report_answer", args=[listing_b.pk, report_a.pk]),
    ):
        response = getattr(client, method)(url, {"reply": "乗っ取り"})
        assert response.status_code == 404
        assert "開始時刻が違うようです" not in response.content.decode()
    html = client.get(reverse("portal:resource_detail", args=[listing_b.pk])).content.decode()
    assert "開始時刻が違うようです" not in html
    report_a.refresh_from_db()
    assert (report_a.status, report_a.group_reply) == ("new", "")
    assert Resource.objects.get(pk=listing_a.pk).problem_reports.open().count() == 1
