"""Activity records (活動の記録): the work between placements that the plan's indicators count.

Minimal and pseudonymous: dates, kinds, counts and links to a client's case or to an area — no
free text at all, so there is nothing personal to encrypt, clear at retention or leak.

- ``SupportContact``  個別支援: a contact with a client (面談 / 電話 / 訪問 / 同行) and its minutes.
- ``CommunityAction`` 地域支援: support given to a group or a listing (立ち上げ支援, ボランティア募集 …).
- ``Meeting``         重層的支援会議 / ケース会議 / 地域ケア会議: area, participants by organisation
                      type, cases discussed (by case code, through the client).
- ``OutreachPlan``    アウトリーチ支援プラン: made in a meeting, for a client, with review dates.
- ``AgencyReferral``  他課題に気づき、関係機関につないだ: which kind of agency, for whom.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ContactKind(models.TextChoices):
    MEETING = "meeting", "面談"
    PHONE = "phone", "電話"
    VISIT = "visit", "訪問"
    ACCOMPANY = "accompany", "同行"


class CommunityActionKind(models.TextChoices):
    LAUNCH = "launch", "立ち上げ支援"
    VOLUNTEERS = "volunteers", "ボランティア募集の支援"
    RUNNING = "running", "運営の相談・支援"
    INCLUSIVE_EVENT = "inclusive_event", "多様な主体が参加する事業"


class CommunityActionResult(models.TextChoices):
    ONGOING = "ongoing", "支援継続中"
    DONE = "done", "完了"
    LAUNCHED = "launched", "活動が始まった"
    STOPPED = "stopped", "見送り"


class MeetingKind(models.TextChoices):
    MULTI_LAYERED = "multi_layered", "重層的支援会議"
    CASE = "case", "ケース会議"
    COMMUNITY_CARE = "community_care", "地域ケア会議"


class OrganisationType(models.TextChoices):
    """Who takes part in meetings, and which kind of agency a person was referred to."""

    WARD = "ward", "区（福祉・保健・子ども等）"
    SOCIAL_WELFARE_COUNCIL = "swc", "社会福祉協議会"
    COMMUNITY_SUPPORT_CENTER = "csc", "地域包括支援センター"
    DISABILITY = "disability", "障がい者相談支援"
    LIVELIHOOD = "livelihood", "生活再建・就労支援（JOBOTA等）"
    CHILDREN = "children", "子ども家庭支援"
    HEALTH = "health", "保健・医療"
    YOUTH = "youth", "ひきこもり・若者支援（SAPOTA・フラットおおた）"
    MINSEI = "minsei", "民生委員・地域の方"
    OTHER = "other", "その他"


class _Recorded(models.Model):
    """Who recorded the row, and when (never shown outside the workspace)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録者"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        abstract = True


class SupportContact(_Recorded):
    client = models.ForeignKey(
        "matching.Client", on_delete=models.PROTECT, related_name="contacts", verbose_name="本人"
    )
    on = models.DateField("日付")
    kind = models.CharField("種類", max_length=20, choices=ContactKind.choices)
    minutes = models.PositiveSmallIntegerField(
        "時間（分）", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = "個別支援の記録"
        verbose_name_plural = "個別支援の記録"
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class CommunityAction(_Recorded):
    area = models.ForeignKey(
        "directory.Area", on_delete=models.PROTECT, related_name="+", verbose_name="エリア"
    )
    resource = models.ForeignKey(
        "directory.Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="支援した地域資源",
        help_text="まだ掲載のない活動の立ち上げなら空欄。",
    )
    on = models.DateField("日付")
    kind = models.CharField("種類", max_length=20, choices=CommunityActionKind.choices)
    result = models.CharField("結果", max_length=20, choices=CommunityActionResult.choices)
    participants = models.PositiveIntegerField(
        "参加した区民・団体・事業者の数",
        default=0,
        validators=[MaxValueValidator(100_000)],
        help_text="この支援・事業に加わった人や団体の数（わかる範囲で）。",
    )

    class Meta:
        verbose_name = "地域支援の記録"
        verbose_name_plural = "地域支援の記録"
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Meeting(_Recorded):
    area = models.ForeignKey(
        "directory.Area", on_delete=models.PROTECT, related_name="+", verbose_name="エリア"
    )
    kind = models.CharField("種類", max_length=20, choices=MeetingKind.choices)
    on = models.DateField("開催日")
    # {organisation type: number of participants}; keys from OrganisationType.
    attendance = models.JSONField("参加者数（機関の種類別）", default=dict, blank=True)
    cases = models.ManyToManyField(
        "matching.Client", blank=True, related_name="meetings", verbose_name="検討したケース"
    )

    class Meta:
        verbose_name = "会議の記録"
        verbose_name_plural = "会議の記録"
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"

    @property
    def participant_total(self) -> int:
        return sum(self.attendance.values())


class OutreachPlan(_Recorded):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="plans", verbose_name="作成した会議"
    )
    client = models.ForeignKey(
        "matching.Client",
        on_delete=models.PROTECT,
        related_name="outreach_plans",
        verbose_name="本人",
    )
    made_on = models.DateField("作成日")
    review_on = models.DateField("見直し予定日")
    reviewed_on = models.DateField("見直した日", null=True, blank=True)

    class Meta:
        verbose_name = "アウトリーチ支援プラン"
        verbose_name_plural = "アウトリーチ支援プラン"
        indexes = [models.Index(fields=["made_on"])]

    def __str__(self) -> str:
        return f"{self.made_on} アウトリーチ支援プラン"


class AgencyReferral(_Recorded):
    area = models.ForeignKey(
        "directory.Area", on_delete=models.PROTECT, related_name="+", verbose_name="エリア"
    )
    client = models.ForeignKey(
        "matching.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_referrals",
        verbose_name="本人",
        help_text="参加支援の本人でなければ空欄（件数だけを記録します）。",
    )
    on = models.DateField("日付")
    agency = models.CharField("つないだ機関", max_length=20, choices=OrganisationType.choices)

    class Meta:
        verbose_name = "関係機関につないだ記録"
        verbose_name_plural = "関係機関につないだ記録"
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_agency_display()}"
