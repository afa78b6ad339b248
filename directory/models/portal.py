"""The group portal: who belongs to which group, invitations, problem reports and reminders."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel


class Membership(models.Model):
    """A person who may keep an organisation's listings current through the portal.

    Members get no Wagtail admin access; the portal scopes everything they see to the
    organisations they belong to. One person may belong to several organisations.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_memberships",
        verbose_name="ユーザー",
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="団体",
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    panels = [FieldPanel("user", read_only=True), FieldPanel("organization", read_only=True)]

    class Meta:
        verbose_name = "団体のメンバー"
        verbose_name_plural = "団体のメンバー"
        ordering = ["organization__name_kana", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_one_per_user_and_organization"
            )
        ]
        # Coordinators are defined by the matching app, which directory must not import; the
        # coordinators' group is given this permission instead (see docs/portal.md).
        permissions = [
            ("confirm_on_behalf", "団体に代わって地域資源を更新・確認できる（代理更新）"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.organization}）"


def invitation_token_hash(token: str) -> str:
    """The stored form of an invitation token: only its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.PORTAL_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def usable(self) -> InvitationQuerySet:
        """Invitations that can still be accepted: not used, not expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link, sent by email, that makes the person who opens it a member."""

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="団体",
    )
    email = models.EmailField("招待するメールアドレス")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="招待した職員",
    )
    created_at = models.DateTimeField("招待日時", auto_now_add=True)
    expires_at = models.DateTimeField("有効期限", default=invitation_default_expiry, editable=False)
    accepted_at = models.DateTimeField("受諾日時", null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="登録したユーザー",
    )

    objects = InvitationQuerySet.as_manager()

    panels = [FieldPanel("organization"), FieldPanel("email")]

    class Meta:
        verbose_name = "団体メンバーの招待"
        verbose_name_plural = "団体メンバーの招待"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email}（{self.organization}）"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "登録済み"
        if self.expires_at <= timezone.now():
            return "期限切れ"
        return "未登録"


class ConfirmationMethod(models.TextChoices):
    PORTAL = "portal", "団体がポータルで確認"
    PHONE = "phone", "電話"
    VISIT = "visit", "訪問"
    EMAIL = "email", "メール"
    COUNTER = "counter", "窓口"


class ProblemKind(models.TextChoices):
    OUTDATED = "outdated", "情報が古い"
    UNREACHABLE = "unreachable", "連絡がつかない"
    CLOSED = "closed", "閉鎖・休止している"
    OTHER = "other", "その他"


class ProblemStatus(models.TextChoices):
    NEW = "new", "未対応"
    IN_PROGRESS = "in_progress", "対応中"
    DONE = "done", "対応済"


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        """Reports nobody has dealt with yet (未対応 or 対応中)."""
        return self.exclude(status=ProblemStatus.DONE)


class ProblemReport(models.Model):
    """A problem a visitor reported on a public listing page. Holds no personal data."""

    resource = models.ForeignKey(
        "directory.Resource",
        on_delete=models.CASCADE,
        related_name="problem_reports",
        verbose_name="地域資源",
    )
    kind = models.CharField("内容", max_length=20, choices=ProblemKind.choices)
    comment = models.TextField("コメント", max_length=500, blank=True)
    status = models.CharField(
        "対応状況", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.NEW
    )
    staff_note = models.TextField(
        "対応メモ", blank=True, help_text="職員用のメモ。公開されません。"
    )
    group_reply = models.TextField(
        "団体からの返答",
        max_length=500,
        blank=True,
        help_text="団体がポータルで「対応しました」を押したときの一言。",
    )
    group_replied_at = models.DateTimeField("団体が対応した日時", null=True, blank=True)
    group_replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="対応した団体のメンバー",
    )
    created_at = models.DateTimeField("受付日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    panels = [
        FieldPanel("resource", read_only=True),
        FieldPanel("kind", read_only=True),
        FieldPanel("comment", read_only=True),
        FieldPanel("group_reply", read_only=True),
        FieldPanel("group_replied_at", read_only=True),
        FieldPanel("status"),
        FieldPanel("staff_note"),
    ]

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = "情報の誤りの報告"
        verbose_name_plural = "情報の誤りの報告"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.resource}: {self.get_kind_display()}"


class FreshnessReminder(models.Model):
    """One reminder sent for one listing in one staleness period (so a rerun sends nothing new).

    ``period_start`` is the day the listing became stale in this period: the last confirmation
    (or creation) date plus a whole number of FRESHNESS_DAYS.
    """

    resource = models.ForeignKey(
        "directory.Resource",
        on_delete=models.CASCADE,
        related_name="freshness_reminders",
        verbose_name="地域資源",
    )
    period_start = models.DateField("期間の開始日")
    sent_at = models.DateTimeField("送信日時", auto_now_add=True)
    recipient_count = models.PositiveIntegerField("送信先の数", default=0)

    class Meta:
        verbose_name = "情報確認のお願い（送信記録）"
        verbose_name_plural = "情報確認のお願い（送信記録）"
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "period_start"], name="freshness_reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}（{self.period_start}）"
