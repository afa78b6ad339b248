"""Emails the portal sends. The one module that talks to the mail server (settings decide how:
the console in development, SMTP from the environment in production, memory in tests)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from directory.absolute_urls import absolute_url
from directory.models import Organization, ProblemReport, Resource

from .moderation import REVIEWER_GROUP_NAME

logger = logging.getLogger(__name__)


def staff_recipients() -> list[str]:
    """STAFF_NOTIFICATION_EMAILS, or else the reviewers' own addresses."""
    if settings.STAFF_NOTIFICATION_EMAILS:
        return list(settings.STAFF_NOTIFICATION_EMAILS)
    users = (
        get_user_model()
        .objects.filter(groups__name=REVIEWER_GROUP_NAME, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def member_recipients(organization: Organization | None) -> list[str]:
    if organization is None:
        return []
    users = (
        get_user_model()
        .objects.filter(portal_memberships__organization=organization, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(subject: str, body: str, recipients: list[str]) -> int:
    if not recipients:
        logger.info("No recipients for %r; nothing sent.", subject)
        return 0
    return send_mail(
        f"[{settings.SITE_NAME}] {subject}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=False,
    )


def send_invitation(*, email: str, organization: Organization, token: str) -> None:
    link = absolute_url(reverse("portal:invitation_accept", args=[token]))
    days = settings.PORTAL_INVITATION_DAYS
    _send(
        f"{organization.name}の掲載情報の更新へのご招待",
        f"{organization.name}の掲載情報を更新できるよう、{settings.SITE_NAME}の団体ポータルに"
        f"ご招待します。\n\n次のリンクを開き、パスワードを設定してください"
        f"（{days}日間有効・1回限り）。\n{link}\n\n"
        "心当たりがない場合は、このメールを破棄してください。",
        [email],
    )


def notify_staff_submission(*, resource: Resource, user, is_new: bool) -> None:
    what = "新しい掲載の提案" if is_new else "掲載情報の更新"
    link = absolute_url(reverse("wagtailsnippets_directory_resource:edit", args=[resource.pk]))
    _send(
        f"審査依頼: {resource.name}（{what}）",
        f"{user.get_username()} さんから{what}が届きました。審査をお願いします。\n\n"
        f"地域資源: {resource.name}\n団体: {resource.organization or '―'}\n{link}",
        staff_recipients(),
    )


def notify_staff_problem_report(*, report: ProblemReport) -> None:
    link = absolute_url(reverse("wagtailsnippets_directory_problemreport:edit", args=[report.pk]))
    _send(
        f"情報の誤りの報告: {report.resource.name}",
        f"公開ページから報告が届きました。\n\n地域資源: {report.resource.name}\n"
        f"内容: {report.get_kind_display()}\nコメント: {report.comment or '（なし）'}\n\n{link}",
        staff_recipients(),
    )


def notify_staff_problem_answered(*, report: ProblemReport, user) -> None:
    link = absolute_url(reverse("wagtailsnippets_directory_problemreport:edit", args=[report.pk]))
    _send(
        f"団体が対応しました: {report.resource.name}",
        f"{user.get_username()} さんが、報告「{report.get_kind_display()}」に対応しました。\n\n"
        f"地域資源: {report.resource.name}\n団体からの返答: {report.group_reply or '（なし）'}\n"
        f"報告のコメント: {report.comment or '（なし）'}\n\n{link}",
        staff_recipients(),
    )


def notify_members_decision(
    *, resource: Resource, approved: bool, comment: str, requested_by=None
) -> None:
    recipients = set(member_recipients(resource.organization))
    if requested_by is not None and requested_by.email:
        recipients.add(requested_by.email)
    link = absolute_url(reverse("portal:resource_detail", args=[resource.pk]))
    if approved:
        subject = f"公開されました: {resource.name}"
        body = f"「{resource.name}」の更新が承認され、公開されました。"
    else:
        subject = f"差し戻されました: {resource.name}"
        body = (
            f"「{resource.name}」の更新が差し戻されました。内容を見直して、もう一度送ってください。"
        )
    if comment:
        body += f"\n\n審査担当者のコメント:\n{comment}"
    _send(subject, f"{body}\n\n{link}", sorted(recipients))


def _how_to_confirm(resource: Resource) -> str:
    link = absolute_url(reverse("portal:resource_detail", args=[resource.pk]))
    return (
        "次のページで内容を確かめ、正しければ「情報は最新です」を押してください。"
        f"変更があれば、同じページから更新できます。\n\n{link}"
    )


def send_freshness_reminder(*, resource: Resource, recipients: list[str], days: int) -> int:
    confirmed = resource.confirmed_on.isoformat() if resource.confirmed_on else "未確認"
    return _send(
        f"掲載情報の確認のお願い: {resource.name}",
        f"「{resource.name}」の情報が{days}日以上確認されていません（情報確認日: {confirmed}）。\n"
        + _how_to_confirm(resource),
        recipients,
    )


def send_reconfirmation_request(*, resource: Resource, recipients: list[str], message: str) -> int:
    """Staff ask a group to check a listing (bulk action in the admin), with their message."""
    return _send(
        f"掲載情報の再確認のお願い: {resource.name}",
        f"「{resource.name}」の掲載情報について、区の担当者から確認のお願いです。\n\n{message}\n\n"
        + _how_to_confirm(resource),
        recipients,
    )
