"""相談窓口: the counters a resident can call or visit, kept per region and per area, as data.

Loaded for Ota from ``directory/data/ota_counters.csv`` by a migration and edited in the admin
afterwards. Phone numbers and hours that are not confirmed are left blank for the ward to fill:
a page says 「電話番号は準備中です」 rather than show a guess.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .areas import Area, Region


class CounterKind(models.TextChoices):
    """In the order a page lists them: the nearest way in first."""

    COORDINATORS = "coordinators", "地域福祉コーディネーター"
    BRANCH_OFFICE = "branch_office", "特別出張所"
    COMMUNITY_CARE = "community_care", "地域包括支援センター"
    WELFARE_DIVISION = "welfare_division", "地域福祉課"


KIND_ORDER = {kind.value: n for n, kind in enumerate(CounterKind)}


class ConsultationCounterQuerySet(models.QuerySet):
    def for_area(self, area: Area) -> list[ConsultationCounter]:
        """The area's own counters and those of its region, nearest way in first."""
        return counters_sorted(self.filter(Q(area=area) | Q(region_id=area.region_id)))

    def for_region(self, region: Region) -> list[ConsultationCounter]:
        """The region's own counters (its 地域福祉課, its coordinators' team), nearest first."""
        return counters_sorted(self.filter(region=region))


class ConsultationCounter(models.Model):
    """One 相談窓口 of a region (地域福祉課, the coordinators' team) or of an area (特別出張所,
    地域包括支援センター)."""

    kind = models.CharField("種類", max_length=20, choices=CounterKind.choices)
    name = models.CharField("名称", max_length=100, help_text="例: 大森地域福祉課")
    region = models.ForeignKey(
        "directory.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counters",
        verbose_name="地域",
        help_text="地域全体の窓口（地域福祉課、コーディネーター）なら地域を選びます。",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counters",
        verbose_name="特別出張所エリア",
        help_text="ひとつのエリアの窓口（特別出張所など）ならエリアを選びます。",
    )
    phone = models.CharField(
        "電話番号",
        max_length=30,
        blank=True,
        help_text="確認できた番号だけを入れます。空欄なら「準備中」と表示します。",
    )
    hours = models.CharField(
        "受付時間",
        max_length=100,
        blank=True,
        help_text="例: 平日 8時30分〜17時（祝日・年末年始を除く）",
    )
    address = models.CharField("住所", max_length=200, blank=True)
    note = models.CharField(
        "相談できること",
        max_length=200,
        blank=True,
        help_text="住民向けの短い説明。例: 高齢の方の暮らし・介護の相談",
    )
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    objects = ConsultationCounterQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("area")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("hours")]),
        FieldPanel("address"),
        FieldPanel("note"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "相談窓口"
        verbose_name_plural = "相談窓口"
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, area__isnull=True)
                | Q(region__isnull=True, area__isnull=False),
                name="counter_in_a_region_or_an_area",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.region_id is None) == (self.area_id is None):
            raise ValidationError("地域かエリアのどちらか一方を選んでください。")


def counters_sorted(counters) -> list[ConsultationCounter]:
    """Counters nearest way in first (coordinators, branch office, …), then by 表示順."""
    return sorted(counters, key=lambda c: (KIND_ORDER[c.kind], c.sort_order, c.pk))
