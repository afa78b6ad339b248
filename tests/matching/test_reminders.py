"""The daily digest: each coordinator hears of their follow-ups overdue, due today and this week,
by case code and link only; supervisors hear how many are overdue per 担当."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from matching.models import AuditEntry, FollowUp, Stage
from matching.services import reminder_digests_send
from tests.factories import ResourceFactory, login_verified
from tests.matching.conftest import TODAY
from tests.matching.factories import ClientFactory, PlacementFactory

pytestmark = pytest.mark.django_db

SECRET_NOTE = "夫の入院で不安が強い"


def follow_ups_for(coordinator, *due_dates):
    client = ClientFactory(coordinator=coordinator)
    placement = PlacementFactory(
        client=client,
        resource=ResourceFactory(name="水曜囲碁サロン"),
        stage=Stage.STARTED,
        started_on=dt.date(2026, 8, 1),
        note=SECRET_NOTE,
    )
    for i, due in enumerate(due_dates):
        FollowUp.objects.create(placement=placement, offset_days=14 + i, due_on=due, note="")
    return client


@pytest.fixture
def omori_due(coordinator_omori):
    coordinator_omori.email = "omori@example.jp"
    coordinator_omori.save()
    # Friday 27 November: one overdue, one today, one on Sunday, one next week (not listed).
    return follow_ups_for(
        coordinator_omori,
        dt.date(2026, 11, 20),
        TODAY,
        dt.date(2026, 11, 29),
        dt.date(2026, 12, 3),
    )


def test_a_coordinator_gets_overdue_today_and_this_week_with_codes_and_links_only(omori_due):
    result = reminder_digests_send(today=TODAY)
    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == ["omori@example.jp"]
    assert "期限切れ 1件" in message.subject
    body = message.body
    assert "■ 期限を過ぎたフォローアップ 1件" in body
    assert "■ 今日が予定日のフォローアップ 1件" in body
    assert "■ 今週（11月29日まで）のフォローアップ 1件" in body
    assert body.count(omori_due.case_code) == 3
    follow_up = FollowUp.objects.get(due_on=TODAY)
    assert reverse("matching:follow_up_record", args=[follow_up.pk]) in body
    assert "水曜囲碁サロン" not in body and SECRET_NOTE not in body and "12月3日" not in body
    entry = AuditEntry.objects.get(action="list", detail__startswith="digest")
    assert entry.user.username == "coord_omori" and "overdue=1" in entry.detail


def test_nobody_is_mailed_when_nothing_is_due_and_a_missing_address_is_counted(
    coordinator_omori, coordinator_kamata
):
    follow_ups_for(coordinator_omori, dt.date(2026, 11, 20))  # no e-mail address
    result = reminder_digests_send(today=TODAY)
    assert (result.sent, result.no_address, result.nothing_due) == (0, 1, 1)
    assert mail.outbox == []


def test_a_supervisor_gets_the_overdue_count_per_coordinator_and_no_case_codes(
    omori_due, supervisor
):
    supervisor.email = "boss@example.jp"
    supervisor.save()
    reminder_digests_send(today=TODAY)
    (boss_mail,) = [m for m in mail.outbox if m.to == ["boss@example.jp"]]
    assert "■ チームの期限切れ 計1件" in boss_mail.body
    assert "・coord_omori: 1件" in boss_mail.body
    assert omori_due.case_code not in boss_mail.body


def test_the_command_reports_what_it_sent_and_refuses_a_bad_date(omori_due):
    out = StringIO()
    call_command("send_reminder_digests", "--date", "2026-11-27", stdout=out)
    assert "2026-11-27: 1 人に送りました" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminder_digests", "--date", "27/11/2026")
    assert len(mail.outbox) == 1


def test_the_dashboard_lists_the_same_follow_ups_and_a_supervisors_team_counts(
    client, omori_due, coordinator_omori, supervisor
):
    login_verified(client, coordinator_omori)
    page = client.get(reverse("matching:dashboard")).content.decode()
    assert "（うち今日 1件）" in page and ">今日</strong>" in page
    client.logout()
    login_verified(client, supervisor)
    page = client.get(reverse("matching:dashboard")).content.decode()
    assert "担当ごとの期限切れフォローアップ" in page
    assert '<th scope="row">coord_omori</th><td>1件</td>' in page
