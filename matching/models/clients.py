"""The client (本人): a minimal, pseudonymous record of one person being supported.

No name, address, phone number or birth date is held: the case code is the only identifier.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from directory.fields import IntegerSetField
from directory.models.schedules import WEEKDAY_CHOICES
from matching.fields import SensitiveTextField

# 時間帯: the slots a client says they are free, and how a listing's start time is classified.
TIME_OF_DAY_CHOICES = [(0, "午前"), (1, "午後"), (2, "夜")]
TIME_OF_DAY_NAMES = dict(TIME_OF_DAY_CHOICES)
AFTERNOON_STARTS = dt.time(12)
EVENING_STARTS = dt.time(17)


def time_of_day(value: dt.time) -> int:
    """0 午前 (before noon), 1 午後 (noon to 17:00), 2 夜 (17:00 and later)."""
    if value < AFTERNOON_STARTS:
        return 0
    if value < EVENING_STARTS:
        return 1
    return 2


# The client's many-to-many facts: saved apart from the plain columns.
CLIENT_M2M_FIELDS = ("audiences", "interests", "accessibility_needs", "languages")
# Consent is given as these three together, at registration or later.
CONSENT_FIELDS = ("consent_given_on", "consent_scope", "consent_method")


class AgeBand(models.TextChoices):
    UNDER_20 = "under20", "19歳以下"
    TWENTIES = "20s", "20代"
    THIRTIES = "30s", "30代"
    FORTIES = "40s", "40代"
    FIFTIES = "50s", "50代"
    SIXTIES = "60s", "60代"
    SEVENTIES = "70s", "70代"
    EIGHTY_PLUS = "80plus", "80歳以上"
    UNKNOWN = "unknown", "不明"


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "支援中"
    WITHDRAWN = "withdrawn", "同意撤回（記録凍結）"
    CLOSED = "closed", "支援終了"


class ConsentScope(models.TextChoices):
    RECORD = "record", "記録と参加支援での利用のみ"
    HOST = "host", "上記に加え、受け入れ先へ必要な範囲で伝えてよい"
    MEETING = "meeting", "上記に加え、支援会議で共有してよい"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "書面"
    VERBAL = "verbal", "口頭（記録あり）"
    PROXY = "proxy", "代理人（家族・後見人など）"


class CloseReason(models.TextChoices):
    SETTLED = "settled", "定着したため"
    WISH = "wish", "本人の希望"
    MOVED = "moved", "転居"
    UNREACHABLE = "unreachable", "連絡がつかない"
    OTHER_SUPPORT = "other_support", "他の支援につながった"
    OTHER = "other", "その他"


class CaseCodeCounter(models.Model):
    """The last case number issued per prefix and fiscal year (e.g. OTA, 2026 → 17)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="case_code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class ClientQuerySet(models.QuerySet):
    def in_areas(self, area_ids) -> ClientQuerySet:
        return self.filter(area_id__in=area_ids)

    def active(self) -> ClientQuerySet:
        return self.filter(status=ClientStatus.ACTIVE)


class Client(models.Model):
    """本人: area, wishes, strengths and constraints of one person, under a case code."""

    case_code = models.CharField(
        "ケース番号",
        max_length=20,
        unique=True,
        editable=False,
        help_text="自動で付く仮名の番号（例: OTA-2026-0001）。氏名の代わりに使います。",
    )
    area = models.ForeignKey(
        "directory.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="特別出張所エリア",
    )
    town = models.ForeignKey(
        "directory.Town",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="町丁目",
        help_text="任意。入れると距離をより正確に計算します（番地は入れません）。",
    )
    age_band = models.CharField(
        "年代", max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    audiences = models.ManyToManyField(
        "directory.Audience",
        blank=True,
        related_name="+",
        verbose_name="あてはまる対象",
        help_text="地域資源の「対象」と照らし合わせます（例: 高齢の方、ひとり暮らしの方）。",
    )
    interests = models.ManyToManyField(
        "directory.Category",
        blank=True,
        related_name="+",
        verbose_name="関心のあること",
        help_text="地域資源の活動分類と同じ一覧から選びます。",
    )
    strengths = SensitiveTextField(
        "強み・得意なこと", blank=True, help_text="例: 昔、書道を教えていた。聞き上手。"
    )
    wishes = SensitiveTextField(
        "本人の希望", blank=True, help_text="本人の言葉に近い形で。例: 週1回くらい外に出たい。"
    )
    free_weekdays = IntegerSetField(
        "参加しやすい曜日", choices=WEEKDAY_CHOICES, help_text="空欄なら曜日の希望なし。"
    )
    free_times = IntegerSetField(
        "参加しやすい時間帯", choices=TIME_OF_DAY_CHOICES, help_text="空欄なら時間帯の希望なし。"
    )
    max_distance_km = models.DecimalField(
        "行ける距離（km）",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="この距離より遠い場所は提案しません。空欄なら制限なし。",
    )
    accessibility_needs = models.ManyToManyField(
        "directory.AccessibilityFeature",
        blank=True,
        related_name="+",
        verbose_name="必要な設備（移動・身体）",
        help_text="選んだ設備がすべてある場所だけを提案します。",
    )
    languages = models.ManyToManyField(
        "directory.Language",
        blank=True,
        related_name="+",
        verbose_name="必要な言語",
        help_text="選ぶと、そのどれかに対応している場所だけを提案します。日本語でよければ空欄。",
    )
    needs_companion = models.BooleanField(
        "同行が必要", default=False, help_text="初回などに支援者の同行が必要な場合。"
    )
    constraints_note = SensitiveTextField(
        "配慮が必要なこと", blank=True, help_text="例: 人の多い場所は苦手。午前中は通院。"
    )
    referral_source = models.ForeignKey(
        "matching.ReferralSource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="紹介元",
    )
    referred_on = models.DateField("紹介を受けた日")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="担当コーディネーター",
    )

    consent_given_on = models.DateField(
        "同意を得た日",
        null=True,
        blank=True,
        help_text="同意がないと、つなぎ（提案）を記録できません。",
    )
    consent_scope = models.CharField(
        "同意の範囲", max_length=20, choices=ConsentScope.choices, blank=True
    )
    consent_method = models.CharField(
        "同意の方法", max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_withdrawn_on = models.DateField("同意撤回日", null=True, blank=True, editable=False)

    status = models.CharField(
        "状態",
        max_length=20,
        choices=ClientStatus.choices,
        default=ClientStatus.ACTIVE,
        editable=False,
    )
    closed_on = models.DateField("支援終了日", null=True, blank=True, editable=False)
    close_reason = models.CharField(
        "支援終了の理由", max_length=20, choices=CloseReason.choices, blank=True, editable=False
    )
    # Set by `manage.py apply_retention` when the free text and details were cleared.
    anonymised_on = models.DateField("匿名化した日", null=True, blank=True, editable=False)

    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="登録した人",
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = "本人"
        verbose_name_plural = "本人"
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return self.case_code

    @property
    def has_consent(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None

    @property
    def is_frozen(self) -> bool:
        """Withdrawn consent freezes the record; a closed case is read-only too."""
        return self.status != ClientStatus.ACTIVE
