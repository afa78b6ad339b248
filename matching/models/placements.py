"""Placements (つなぎ): a client joined to a listing, and the stages it moves through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from matching.fields import SensitiveTextField


class Stage(models.TextChoices):
    PROPOSED = "proposed", "提案"
    TRIAL = "trial", "見学・体験"
    STARTED = "started", "参加開始"
    SETTLED = "settled", "定着"
    ENDED = "ended", "終了"
    NOT_REALISED = "not_realised", "不成立"


# Where each stage may go next. 見学・体験 may be skipped (many places need no visit first);
# a person who stops after starting is 終了, not 不成立, so the start still counts as a つなぎ.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.PROPOSED: (Stage.TRIAL, Stage.STARTED, Stage.NOT_REALISED),
    Stage.TRIAL: (Stage.STARTED, Stage.NOT_REALISED),
    Stage.STARTED: (Stage.SETTLED, Stage.ENDED),
    Stage.SETTLED: (Stage.ENDED,),
    Stage.ENDED: (),
    Stage.NOT_REALISED: (),
}
OPEN_STAGES = (Stage.PROPOSED, Stage.TRIAL, Stage.STARTED, Stage.SETTLED)
# Stages in which the person takes up a place at the listing (for remaining capacity).
ATTENDING_STAGES = (Stage.TRIAL, Stage.STARTED, Stage.SETTLED)
TERMINAL_STAGES = (Stage.ENDED, Stage.NOT_REALISED)
# The date column stamped when a placement enters each stage.
STAGE_DATE_FIELD = {
    Stage.PROPOSED: "proposed_on",
    Stage.TRIAL: "trial_on",
    Stage.STARTED: "started_on",
    Stage.SETTLED: "settled_on",
    Stage.ENDED: "ended_on",
    Stage.NOT_REALISED: "ended_on",
}


class FailureReason(models.TextChoices):
    FULL = "full", "満員"
    NOT_ELIGIBLE = "not_eligible", "対象外"
    OUTDATED = "outdated", "情報が古い"
    UNREACHABLE = "unreachable", "連絡がつかない"
    PERSON_DECLINED = "declined", "本人の希望"
    ATMOSPHERE = "atmosphere", "雰囲気が合わない"
    OTHER = "other", "その他"


# Reasons that mean the listing itself needs checking: they flag it for re-confirmation.
RECONFIRMATION_REASONS = (FailureReason.OUTDATED, FailureReason.UNREACHABLE)


class Placement(models.Model):
    """つなぎ: one client and one listing, from 提案 to 定着 (or 不成立)."""

    client = models.ForeignKey(
        "matching.Client",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="本人",
    )
    resource = models.ForeignKey(
        "directory.Resource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="地域資源",
    )
    stage = models.CharField(
        "段階", max_length=20, choices=Stage.choices, default=Stage.PROPOSED, editable=False
    )
    proposed_on = models.DateField("提案日")
    trial_on = models.DateField("見学・体験日", null=True, blank=True, editable=False)
    started_on = models.DateField("参加開始日", null=True, blank=True, editable=False)
    settled_on = models.DateField("定着日", null=True, blank=True, editable=False)
    ended_on = models.DateField("終了・不成立日", null=True, blank=True, editable=False)
    failure_reason = models.CharField(
        "不成立の理由", max_length=20, choices=FailureReason.choices, blank=True, editable=False
    )
    accompanied = models.BooleanField("同行した", default=False)
    host_prepared = models.BooleanField(
        "受け入れ先へ事前調整した",
        default=False,
        help_text="受け入れ先に、本人が来ること・配慮してほしいことを前もって伝えた。",
    )
    note = SensitiveTextField("メモ", blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="記録したコーディネーター",
    )
    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = "つなぎ"
        verbose_name_plural = "つなぎ"
        constraints = [
            # One open placement per client and listing; a failed one may be tried again later.
            models.UniqueConstraint(
                fields=["client", "resource"],
                condition=Q(stage__in=["proposed", "trial", "started", "settled"]),
                name="placement_one_open_per_client_and_resource",
            )
        ]
        indexes = [
            models.Index(fields=["started_on"]),
            models.Index(fields=["stage", "resource"]),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}→{self.resource_id}（{self.get_stage_display()}）"

    def last_stage_date(self):
        """The date of the most recent stage reached (no new stage may be dated before it)."""
        return getattr(self, STAGE_DATE_FIELD[self.stage])


class PlacementEvent(models.Model):
    """One stamped step of a placement: which stage, on which day, recorded by whom and when."""

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="events", verbose_name="つなぎ"
    )
    from_stage = models.CharField("前の段階", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新しい段階", max_length=20, choices=Stage.choices)
    on_date = models.DateField("日付")
    failure_reason = models.CharField(
        "不成立の理由", max_length=20, choices=FailureReason.choices, blank=True
    )
    note = SensitiveTextField("メモ", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録者"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = "つなぎの経過"
        verbose_name_plural = "つなぎの経過"

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or '—'}→{self.get_to_stage_display()}"
