"""Follow-ups (フォローアップ) scheduled from 参加開始, and what they found."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from matching.fields import SensitiveTextField


class FollowUpMethod(models.TextChoices):
    VISIT = "visit", "訪問"
    PHONE = "phone", "電話"
    AT_PLACE = "at_place", "居場所で面談"


class FollowUpOutcome(models.TextChoices):
    CONTINUING = "continuing", "継続"
    ADJUST = "adjust", "要調整"
    STOPPED = "stopped", "中断"


class FollowUp(models.Model):
    """A check on how a placement is going, due a set number of days after 参加開始."""

    placement = models.ForeignKey(
        "matching.Placement",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name="つなぎ",
    )
    offset_days = models.PositiveSmallIntegerField(
        "参加開始からの日数", help_text="例: 14, 30, 91, 182"
    )
    due_on = models.DateField("予定日")
    done_on = models.DateField("実施日", null=True, blank=True)
    method = models.CharField("方法", max_length=20, choices=FollowUpMethod.choices, blank=True)
    outcome = models.CharField("結果", max_length=20, choices=FollowUpOutcome.choices, blank=True)
    wellbeing = models.PositiveSmallIntegerField(
        "本人の様子（1〜5）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 とても不調 〜 5 とても良い",
    )
    new_connections = models.PositiveSmallIntegerField(
        "新しくできたつながり（人・場所の数）", default=0
    )
    note = SensitiveTextField("メモ", blank=True)
    cancelled = models.BooleanField(
        "取りやめ",
        default=False,
        editable=False,
        help_text="つなぎの終了・同意撤回などで不要になった予定。",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="記録者",
    )
    recorded_at = models.DateTimeField("記録日時", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "フォローアップ"
        verbose_name_plural = "フォローアップ"
        indexes = [models.Index(fields=["due_on", "done_on"])]

    def __str__(self) -> str:
        return f"{self.offset_days}日後（{self.due_on}）"

    @property
    def is_pending(self) -> bool:
        return self.done_on is None and not self.cancelled
