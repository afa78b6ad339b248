"""Resource gaps (地域資源の不足): needs no listing answers, gathered for 地域づくり."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from directory.fields import IntegerSetField
from directory.models.schedules import WEEKDAY_CHOICES
from matching.fields import SensitiveTextField

from .clients import TIME_OF_DAY_CHOICES


class GapReason(models.TextChoices):
    NONE = "none", "合う場がない"
    FULL = "full", "満員"
    NOT_ELIGIBLE = "not_eligible", "対象外"
    FAR = "far", "遠い"
    COST = "cost", "費用"
    ATMOSPHERE = "atmosphere", "雰囲気"


class GapStatus(models.TextChoices):
    REGISTERED = "registered", "登録"
    CONSIDERING = "considering", "検討中"
    CREATED = "created", "創出済"
    DECLINED = "declined", "見送り"


GAP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    GapStatus.REGISTERED: (GapStatus.CONSIDERING, GapStatus.CREATED, GapStatus.DECLINED),
    GapStatus.CONSIDERING: (GapStatus.CREATED, GapStatus.DECLINED, GapStatus.REGISTERED),
    GapStatus.CREATED: (),
    GapStatus.DECLINED: (GapStatus.CONSIDERING,),
}
CLOSED_GAP_STATUSES = (GapStatus.CREATED, GapStatus.DECLINED)
# What a coordinator fills in about a gap (the form and the service).
GAP_FIELDS = (
    "area",
    "audience",
    "category",
    "weekdays",
    "times_of_day",
    "reason",
    "description",
    "opened_on",
)


class ResourceGap(models.Model):
    """地域資源の不足: in this area, for these people, at these times, nothing fits — and why."""

    area = models.ForeignKey(
        "directory.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="特別出張所エリア",
    )
    audience = models.ForeignKey(
        "directory.Audience",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="対象",
    )
    category = models.ForeignKey(
        "directory.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="活動分類",
    )
    weekdays = IntegerSetField(
        "曜日", choices=WEEKDAY_CHOICES, help_text="空欄なら曜日を問わない。"
    )
    times_of_day = IntegerSetField(
        "時間帯", choices=TIME_OF_DAY_CHOICES, help_text="空欄なら時間帯を問わない。"
    )
    reason = models.CharField("理由", max_length=20, choices=GapReason.choices)
    description = SensitiveTextField(
        "どんな場所が必要か",
        help_text="個人が特定できることは書かず、必要な場所の姿を書きます。"
        "例: 平日夜に若者が一人で行ける、静かな居場所。",
    )
    clients = models.ManyToManyField(
        "matching.Client",
        blank=True,
        related_name="resource_gaps",
        verbose_name="この不足にあてはまる本人",
    )
    status = models.CharField(
        "状況",
        max_length=20,
        choices=GapStatus.choices,
        default=GapStatus.REGISTERED,
        editable=False,
    )
    answered_by = models.ForeignKey(
        "directory.Resource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="この不足にこたえた地域資源",
    )
    status_note = models.CharField("状況のメモ", max_length=200, blank=True, editable=False)
    closed_on = models.DateField("創出・見送りの日", null=True, blank=True, editable=False)
    shareable = models.BooleanField(
        "公開ページで知らせる",
        default=False,
        editable=False,
        help_text="「こんな場が求められています」に、分野・対象・曜日・件数の幅だけを載せます"
        "（説明文やケース番号は載りません）。",
    )
    opened_on = models.DateField("登録日")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="登録した人",
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "地域資源の不足"
        verbose_name_plural = "地域資源の不足"
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        parts = [self.area.name]
        if self.category_id:
            parts.append(self.category.name)
        parts.append(self.get_reason_display())
        return " · ".join(parts)

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return GAP_TRANSITIONS[self.status]
