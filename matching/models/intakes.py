"""受付 (Intake): a 「つながりたい」 request sent from the public site, for the area's coordinators.

Unlike a client record, an intake holds a name and a way to reach the person: the request is how
the coordinators first contact them. Every free-text column is encrypted at rest
(``SensitiveTextField``), cleared by retention (``apply_retention``), and read only by the
coordinators of the intake's area. Turning an intake into a client links the two, so the client
keeps where it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from matching.fields import SensitiveTextField


class IntakeRequester(models.TextChoices):
    SELF = "self", "本人"
    FAMILY = "family", "家族"
    MINSEI = "minsei", "民生委員・児童委員"
    OTHER = "other", "その他（支援者・知人など）"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "電話"
    EMAIL = "email", "メール"


class IntakeStatus(models.TextChoices):
    NEW = "new", "未対応"
    CONTACTED = "contacted", "連絡済み・対応中"
    CONVERTED = "converted", "本人として登録済み"
    CLOSED = "closed", "対応終了"


OPEN_INTAKE_STATUSES = (IntakeStatus.NEW, IntakeStatus.CONTACTED)


class IntakeQuerySet(models.QuerySet):
    def in_areas(self, area_ids) -> IntakeQuerySet:
        return self.filter(area_id__in=area_ids)

    def open(self) -> IntakeQuerySet:
        return self.filter(status__in=OPEN_INTAKE_STATUSES)


class Intake(models.Model):
    """One 「つながりたい」 request: who asks, for which area, what they would like, how to
    reach them, and what they agreed to."""

    area = models.ForeignKey(
        "directory.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="特別出張所エリア",
    )
    requester = models.CharField("申し込んだ人", max_length=20, choices=IntakeRequester.choices)
    name = SensitiveTextField("お名前（呼び名）")
    contact_method = models.CharField("連絡の方法", max_length=10, choices=ContactMethod.choices)
    contact = SensitiveTextField("連絡先")
    contact_time = SensitiveTextField("連絡してよい時間帯", blank=True)
    wishes = SensitiveTextField("相談したいこと")
    consent_text = models.TextField(
        "同意した文", help_text="申込のときに画面に表示し、本人等が同意した文（そのまま保存）。"
    )
    on_behalf_consent = models.BooleanField(
        "本人の了解あり", default=False, help_text="本人以外が申し込むときに確認します。"
    )
    status = models.CharField(
        "状態", max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.NEW
    )
    note = SensitiveTextField("対応メモ", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="対応した人",
    )
    client = models.OneToOneField(
        "matching.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake",
        verbose_name="登録した本人",
    )
    received_at = models.DateTimeField("受付日時", auto_now_add=True)
    closed_on = models.DateField("対応終了日", null=True, blank=True)
    # Set by `manage.py apply_retention` when the name, contact and free text were cleared.
    anonymised_on = models.DateField("匿名化した日", null=True, blank=True)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "受付（つながりたい）"
        verbose_name_plural = "受付（つながりたい）"
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return f"受付 {self.pk}"
