"""E-mail the workspace sends: the daily digest of follow-ups. The one module of ``matching`` that
talks to the mail server (settings decide how: the console in development, SMTP in production,
memory in tests).

A digest carries case codes (pseudonyms), due dates and links into the workspace — never a
listing's name, a note or anything else about the person: mail leaves the ward's systems.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from directory.absolute_urls import absolute_url

from .models import FollowUp
from .selectors import DueFollowUps, TeamOverdue


def _lines(follow_ups: list[FollowUp]) -> list[str]:
    return [
        f"・{f.placement.client.case_code}（参加開始から{f.offset_days}日・予定日 "
        f"{f.due_on.month}月{f.due_on.day}日） "
        + absolute_url(reverse("matching:follow_up_record", args=[f.pk]))
        for f in follow_ups
    ]


def digest_body(*, due: DueFollowUps, team: list[TeamOverdue]) -> str:
    """The digest's text: overdue, due today, later this week, and for supervisors the team's
    overdue counts per 担当."""
    parts = []
    for heading, rows in (
        ("期限を過ぎたフォローアップ", due.overdue),
        ("今日が予定日のフォローアップ", due.due_today),
        (
            f"今週（{due.week_end.month}月{due.week_end.day}日まで）のフォローアップ",
            due.later_this_week,
        ),
    ):
        parts.append(f"■ {heading} {len(rows)}件")
        parts.extend(_lines(rows))
        parts.append("")
    if team:
        parts.append(f"■ チームの期限切れ 計{sum(t.count for t in team)}件")
        parts.extend(f"・{t.coordinator or '担当なし'}: {t.count}件" for t in team)
        parts.append("")
    parts.append("一覧: " + absolute_url(reverse("matching:dashboard")))
    parts.append(
        "このメールには個人を特定する情報を含めていません。内容はログインして確認してください。"
    )
    return "\n".join(parts)


def digest_send(*, email: str, due: DueFollowUps, team: list[TeamOverdue], today: dt.date) -> int:
    """Send one digest to ``email``; returns the number of messages sent (0 or 1)."""
    overdue = len(due.overdue) + sum(t.count for t in team)
    subject = f"[{settings.SITE_NAME}] フォローアップのお知らせ {today.month}月{today.day}日" + (
        f"（期限切れ {overdue}件）" if overdue else ""
    )
    body = digest_body(due=due, team=team)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
