"""Listings (Resource) and the groups that run them (Organization)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from .occurrences import ResourceOccurrence
from .schedules import Occurrence, next_occurrences

KANA_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\u30fc\s・ー　0-9０-９A-Za-zＡ-Ｚａ-ｚ]+$")
SOUTH, WEST, NORTH, EAST = settings.MUNICIPALITY["bbox"]
# The fields only one kind of listing uses (shown, edited and imported only for that kind).
FOOD_FIELDS = ("eligibility_documents", "what_to_bring", "food_booking")
VOLUNTEER_FIELDS = ("volunteer_tasks", "time_commitment", "skills_wanted")


class Kind(models.TextChoices):
    PLACE = "place", "居場所"
    SALON = "salon", "サロン・通いの場"
    FOOD = "food", "フード支援"
    VOLUNTEER = "volunteer", "ボランティア募集"


class Status(models.TextChoices):
    ACTIVE = "active", "開催中"
    PAUSED = "paused", "休止中"
    ENDED = "ended", "終了"


class LocationPrivacy(models.TextChoices):
    EXACT = "exact", "正確な場所を公開"
    APPROXIMATE = "approximate", "おおよその場所（エリアまで）を公開"
    HIDDEN = "hidden", "非公開（コーディネーターのみ）"


# The details only one kind of listing has, named once for every form and page that shows them.
FOOD_DETAIL_FIELDS = ("eligibility_documents", "what_to_bring", "food_booking")
VOLUNTEER_DETAIL_FIELDS = ("volunteer_tasks", "time_commitment", "skills_wanted")


def validate_kana(value: str) -> None:
    if value and not KANA_RE.match(value):
        raise ValidationError("よみがなは ひらがな か カタカナ で入力してください。")


class Organization(models.Model):
    """The group that runs listings: a 町会, NPO, 子ども食堂 or the 社会福祉協議会."""

    name = models.CharField("団体名", max_length=200)
    name_kana = models.CharField(
        "団体名のよみがな", max_length=200, blank=True, validators=[validate_kana]
    )
    description = models.TextField("団体の紹介", blank=True)
    area = models.ForeignKey(
        "directory.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name="主な活動エリア",
    )
    phone = models.CharField("電話番号", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    website = models.URLField("ウェブサイト", blank=True)
    external_id = models.CharField(
        "外部ID",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="一括取り込みで団体を照合するための番号。手入力では空欄で構いません。",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_kana"),
        FieldPanel("description"),
        FieldPanel("area"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("website"),
        FieldPanel("external_id"),
    ]

    class Meta:
        ordering = ["name_kana", "name"]
        verbose_name = "団体"
        verbose_name_plural = "団体"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.external_id = self.external_id or None


class ResourceQuerySet(models.QuerySet):
    def public(self) -> ResourceQuerySet:
        """Published listings that may appear on public pages: no drafts, no hidden ones."""
        return self.filter(live=True).exclude(location_privacy=LocationPrivacy.HIDDEN)

    def listed(self) -> ResourceQuerySet:
        """What the public list shows by default: public and not ended."""
        return self.public().exclude(status=Status.ENDED)

    def with_schedule(self) -> ResourceQuerySet:
        return self.prefetch_related("schedule_rules", "schedule_exceptions")

    def with_next_dates(self) -> ResourceQuerySet:
        """Prefetch the coming meetings (precomputed) that ``next_occurrence()`` reads."""
        upcoming = ResourceOccurrence.objects.upcoming()
        return self.prefetch_related(
            models.Prefetch("occurrences", queryset=upcoming, to_attr="upcoming_occurrences")
        )

    def for_cards(self) -> ResourceQuerySet:
        """Everything a result card shows, and what a search reads to say where its words
        matched (languages, accessibility), in a fixed number of queries."""
        return (
            self.select_related("area", "area__region", "organization")
            .prefetch_related(
                "categories",
                "audiences",
                "schedule_rules",
                "languages",
                "accessibility_features",
            )
            .with_next_dates()
        )

    def meeting(
        self,
        *,
        dates: tuple[dt.date, dt.date] | None = None,
        weekday: int | None = None,
        starts: tuple[dt.time, dt.time] | None = None,
    ) -> ResourceQuerySet:
        """Listings with one coming meeting (not cancelled, from today on) that satisfies every
        condition given together: on a day in ``dates`` (inclusive), on ``weekday`` (0 = Monday),
        starting in [``starts[0]``, ``starts[1]``). One occurrence must match them all: a
        Wednesday 15:00 meeting and a Saturday 10:00 one do not make "Wednesday morning"."""
        conditions = Q(resource=models.OuterRef("pk"), cancelled=False)
        conditions &= Q(date__gte=timezone.localdate())
        if dates is not None:
            conditions &= Q(date__range=dates)
        if weekday is not None:
            conditions &= Q(weekday=weekday)
        if starts is not None:
            conditions &= Q(start_time__gte=starts[0], start_time__lt=starts[1])
        return self.filter(models.Exists(ResourceOccurrence.objects.filter(conditions)))


class Resource(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """A listing: a 居場所, salon, food-support point or volunteer role, as residents look for it."""

    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.PLACE)
    name = models.CharField("名称", max_length=200)
    name_kana = models.CharField(
        "名称のよみがな",
        max_length=200,
        validators=[validate_kana],
        help_text="ひらがなで。並び順と検索に使います。",
    )
    summary = models.CharField(
        "ひとこと紹介", max_length=200, help_text="一覧に表示する1〜2文の紹介。"
    )
    description = RichTextField("くわしい説明", blank=True, features=["bold", "ol", "ul", "link"])
    easy_japanese_summary = models.TextField(
        "やさしい日本語の紹介",
        blank=True,
        help_text=(
            "短い文で、むずかしい言葉を使わずに書きます。漢字の読みは、漢字のすぐ後ろに ( ) か "
            "《 》 で書くと、ページでは漢字の上に小さく（ふりがなとして）表示されます。"
            "例: 小(ちい)さい、小《ちい》さい。漢字でない言葉に読みをつけるときは、"
            "｜東京タワー《とうきょうタワー》のように ｜ で始まりを示します。"
        ),
    )
    categories = ParentalManyToManyField(
        "directory.Category", blank=True, related_name="resources", verbose_name="活動分類"
    )
    audiences = ParentalManyToManyField(
        "directory.Audience", blank=True, related_name="resources", verbose_name="対象"
    )
    languages = ParentalManyToManyField(
        "directory.Language", blank=True, related_name="resources", verbose_name="対応言語"
    )
    accessibility_features = ParentalManyToManyField(
        "directory.AccessibilityFeature",
        blank=True,
        related_name="resources",
        verbose_name="バリアフリー設備",
    )

    area = models.ForeignKey(
        "directory.Area",
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name="特別出張所エリア",
    )
    town = models.ForeignKey(
        "directory.Town",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="町丁目",
    )
    venue = models.CharField(
        "会場名", max_length=200, blank=True, help_text="例: 大森西区民活動施設 2階和室"
    )
    address = models.CharField(
        "住所", max_length=200, blank=True, help_text="例: 東京都大田区大森西2-16-2"
    )
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    location_privacy = models.CharField(
        "場所の公開",
        max_length=20,
        choices=LocationPrivacy.choices,
        default=LocationPrivacy.EXACT,
        help_text="DV被害者支援や自宅で開く会など、地図に正確な場所を出せない場合は「おおよそ」か「非公開」にします。",
    )
    access = models.CharField(
        "アクセス", max_length=200, blank=True, help_text="例: 京急線 梅屋敷駅から徒歩5分"
    )

    is_free = models.BooleanField("無料", default=False)
    cost = models.CharField(
        "費用", max_length=100, blank=True, help_text="有料の場合に記入。例: 1回100円（お茶代）"
    )
    capacity = models.PositiveIntegerField(
        "定員", null=True, blank=True, help_text="人数。決まっていなければ空欄。"
    )
    how_to_apply = models.TextField(
        "申込方法", blank=True, help_text="例: 当日直接会場へ。初回のみ電話で連絡してください。"
    )
    booking_required = models.BooleanField("申込が必要", default=False)
    tour_welcome = models.BooleanField("見学可", default=False)
    companion_welcome = models.BooleanField(
        "同行歓迎", default=False, help_text="支援者や家族と一緒に来てもよい。"
    )
    newcomer_welcome = models.BooleanField("初めての方歓迎", default=False)

    phone = models.CharField("電話番号", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    website = models.URLField("ウェブサイト", blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="運営団体",
    )

    status = models.CharField(
        "活動状況", max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    alert = models.CharField(
        "お知らせ", max_length=100, blank=True, help_text="一行のお知らせ。例: 今月は休みです"
    )
    confirmed_on = models.DateField(
        "情報確認日", null=True, blank=True, help_text="この情報が正しいと最後に確認した日。"
    )
    confirmed_by = models.CharField(
        "確認した人", max_length=100, blank=True, help_text="例: 団体代表（電話で確認）"
    )
    external_id = models.CharField(
        "外部ID",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="一括取り込みで照合するための番号。",
    )
    reconfirmation_requested_at = models.DateTimeField(
        "再確認の依頼日時",
        null=True,
        blank=True,
        editable=False,
        help_text="つなぎが「情報が古い」「連絡がつかない」で不成立になると記録されます。",
    )
    reconfirmation_reason = models.CharField(
        "再確認が必要な理由", max_length=100, blank=True, editable=False
    )

    # フード支援 only
    eligibility_documents = models.TextField(
        "必要な書類・対象の条件", blank=True, help_text="フード支援のみ。"
    )
    what_to_bring = models.TextField(
        "持ち物", blank=True, help_text="フード支援のみ。例: 持ち帰り用の袋"
    )
    food_booking = models.TextField("予約の方法", blank=True, help_text="フード支援のみ。")
    # ボランティア募集 only
    volunteer_tasks = models.TextField("活動内容", blank=True, help_text="ボランティア募集のみ。")
    time_commitment = models.CharField(
        "活動の頻度・時間", max_length=200, blank=True, help_text="ボランティア募集のみ。"
    )
    skills_wanted = models.TextField(
        "歓迎するスキル", blank=True, help_text="ボランティア募集のみ。"
    )

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="resource")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="resource",
        for_concrete_model=False,
    )

    objects = ResourceQuerySet.as_manager()

    # What a list page attaches to the listings it shows: where a search's words matched
    # (directory/search/) and how far "near me" is (directory/nearby.py). The card reads them on
    # every listing; without these defaults each missing one costs the template a dir().
    search_match = None
    distance_label = ""

    basic_panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("name_kana"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("easy_japanese_summary"),
        FieldPanel("categories"),
        FieldPanel("audiences"),
        FieldPanel("organization"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("alert")], heading="活動状況"),
        MultiFieldPanel(
            [FieldPanel("confirmed_on"), FieldPanel("confirmed_by")], heading="情報確認"
        ),
    ]
    place_panels = [
        FieldPanel("area"),
        FieldPanel("town"),
        FieldPanel("venue"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("location_privacy"),
        FieldPanel("access"),
        FieldPanel("accessibility_features"),
        FieldPanel("languages"),
    ]
    schedule_panels = [
        InlinePanel("schedule_rules", heading="開催日のルール", label="ルール"),
        InlinePanel("schedule_exceptions", heading="休み・変更", label="休み・変更"),
    ]
    participation_panels = [
        FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost")]),
        FieldPanel("capacity"),
        FieldPanel("how_to_apply"),
        FieldRowPanel([FieldPanel("booking_required"), FieldPanel("tour_welcome")]),
        FieldRowPanel([FieldPanel("companion_welcome"), FieldPanel("newcomer_welcome")]),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], heading="問合せ先"
        ),
        MultiFieldPanel([FieldPanel(name) for name in FOOD_FIELDS], heading="フード支援のみ"),
        MultiFieldPanel(
            [FieldPanel(name) for name in VOLUNTEER_FIELDS], heading="ボランティア募集のみ"
        ),
        FieldPanel("external_id"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(basic_panels, heading="基本"),
            ObjectList(place_panels, heading="場所"),
            ObjectList(schedule_panels, heading="日時"),
            ObjectList(participation_panels, heading="参加・問合せ"),
        ]
    )

    class Meta:
        ordering = ["name_kana", "name", "pk"]
        verbose_name = "地域資源"
        verbose_name_plural = "地域資源"
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | Q(
                    # NULL in a CHECK passes, so "one coordinate missing" must be ruled out here.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=Decimal(str(SOUTH)),
                    latitude__lte=Decimal(str(NORTH)),
                    longitude__gte=Decimal(str(WEST)),
                    longitude__lte=Decimal(str(EAST)),
                ),
                name="resource_coordinates_inside_municipality",
                violation_error_message="緯度・経度が区の範囲外です。",
            ),
        ]
        indexes = [models.Index(fields=["live", "status", "name_kana"])]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions

    # --- validation -------------------------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        self.external_id = self.external_id or None
        errors: dict[str, str] = {}
        has_lat, has_lng = self.latitude is not None, self.longitude is not None
        if has_lat != has_lng:
            errors["longitude" if has_lat else "latitude"] = (
                "緯度と経度は両方入力するか、両方空欄にしてください。"
            )
        elif has_lat and not self.coordinates_inside_municipality():
            name = settings.MUNICIPALITY["name"]
            errors["latitude"] = (
                f"緯度・経度が{name}の範囲外です（緯度 {SOUTH}〜{NORTH}、経度 {WEST}〜{EAST}）。"
                "緯度と経度を入れ替えていないか確認してください。"
            )
        if self.location_privacy == LocationPrivacy.EXACT and not self.address.strip():
            errors["address"] = (
                "「正確な場所を公開」にするには住所が必要です。住所を入力するか、公開範囲を変えてください。"
            )
        if not self.is_free and not self.cost.strip():
            errors["cost"] = "費用を入力するか、「無料」にチェックを入れてください。"
        if self.is_free and self.cost.strip():
            errors["cost"] = "「無料」にチェックを入れたときは、費用を空欄にしてください。"
        if errors:
            raise ValidationError(errors)

    def coordinates_inside_municipality(self) -> bool:
        return SOUTH <= float(self.latitude) <= NORTH and WEST <= float(self.longitude) <= EAST

    # --- what the public sees ---------------------------------------------------------------

    @property
    def shows_exact_location(self) -> bool:
        return self.location_privacy == LocationPrivacy.EXACT

    @property
    def public_address(self) -> str:
        """The address a public page may show: the full one only for exact locations."""
        if self.shows_exact_location:
            return self.address
        return f"{self.area.name}エリア（くわしい場所はお問い合わせください）"

    @property
    def public_point(self) -> tuple[float, float] | None:
        """Where a public map may pin the listing: exact point, the area's office, or nowhere."""
        if self.location_privacy == LocationPrivacy.HIDDEN:
            return None
        if self.location_privacy == LocationPrivacy.APPROXIMATE:
            return self.area.office_point
        if self.latitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    @property
    def contact_phone(self) -> str:
        """The number to call: the listing's own, else its organisation's, else ""."""
        if self.phone:
            return self.phone
        return self.organization.phone if self.organization_id else ""

    @property
    def cost_display(self) -> str:
        return "無料" if self.is_free else self.cost

    def schedule_description(self) -> str:
        """「毎月第2・第4火曜 13:30〜15:30（祝日休み）」, one line per rule joined with 「、」."""
        return "、".join(rule.describe() for rule in self.schedule_rules.all())

    def next_occurrences(
        self, count: int = 5, start: dt.date | None = None, include_cancelled: bool = False
    ) -> list[Occurrence]:
        """The next ``count`` meetings from ``start`` (today by default)."""
        start = start or timezone.localdate()
        return next_occurrences(
            self.schedule_rules.all(),
            self.schedule_exceptions.all(),
            start,
            count,
            include_cancelled,
        )

    @property
    def upcoming_dates(self) -> list[Occurrence]:
        """The next five dates for a detail page, cancelled ones included so they can say 休み."""
        return self.next_occurrences(count=5, include_cancelled=True)

    def next_occurrence(self) -> ResourceOccurrence | None:
        """The next meeting (not cancelled) within the precomputed window, or None. Reads the
        rows ``ResourceQuerySet.with_next_dates()`` prefetched, else asks the database."""
        upcoming = getattr(self, "upcoming_occurrences", None)
        if upcoming is None:
            upcoming = self.occurrences.upcoming()[:1]
        return upcoming[0] if upcoming else None

    def is_stale(self, days: int = 180) -> bool:
        return self.confirmed_on is None or (timezone.localdate() - self.confirmed_on).days > days

    # --- preview ----------------------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "directory/resource_detail.html"

    def get_preview_context(self, request, mode_name):
        # ``directory_page`` comes from the site's context processor.
        return {"resource": self, "is_preview": True}
