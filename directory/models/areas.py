"""The municipality's regions (地域) and special branch office areas (特別出張所), loaded as data."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class Region(models.Model):
    """地域: a group of areas served by one 地域福祉課 (e.g. 大森, 調布, 蒲田, 糀谷・羽田)."""

    slug = models.SlugField("識別子", unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "地域"
        verbose_name_plural = "地域"

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """特別出張所 area: every listing, client, gap and report is keyed to one."""

    code = models.CharField(
        "コード", max_length=8, unique=True, help_text="このサイト独自の安定した番号（01〜18）。"
    )
    slug = models.SlugField("識別子", unique=True, help_text="URL に使う英字名。")
    name = models.CharField("名称", max_length=50, unique=True)
    name_kana = models.CharField("よみがな", max_length=100)
    name_en = models.CharField("英語名", max_length=100, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="areas", verbose_name="地域"
    )
    office_address = models.CharField("特別出張所の住所", max_length=200)
    office_latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6)
    office_longitude = models.DecimalField("経度", max_digits=9, decimal_places=6)
    note = models.TextField("備考", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_kana"),
        FieldPanel("name_en"),
        FieldPanel("region"),
        FieldPanel("office_address"),
        FieldPanel("office_latitude"),
        FieldPanel("office_longitude"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = "特別出張所エリア"
        verbose_name_plural = "特別出張所エリア"

    def __str__(self) -> str:
        return self.name

    @property
    def office_point(self) -> tuple[float, float]:
        return float(self.office_latitude), float(self.office_longitude)


class Town(models.Model):
    """町丁目 → area: filled in by the ward, since no public source gives the mapping."""

    name = models.CharField("町丁目", max_length=100, unique=True, help_text="例: 大森西二丁目")
    name_kana = models.CharField("よみがな", max_length=200, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="towns", verbose_name="特別出張所エリア"
    )
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_kana"),
        FieldPanel("area"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]

    class Meta:
        ordering = ["area__code", "name_kana", "name"]
        verbose_name = "町丁目"
        verbose_name_plural = "町丁目"

    def __str__(self) -> str:
        return f"{self.name}（{self.area.name}）"
