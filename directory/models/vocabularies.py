"""Editable vocabularies shared by listings (and later by clients): never hard-coded choices."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class Vocabulary(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("識別子", unique=True, help_text="URL の絞り込みに使う英字名。")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Category(Vocabulary):
    """活動分類: 囲碁・将棋, 健康体操, 食事 …"""

    class Meta(Vocabulary.Meta):
        verbose_name = "活動分類"
        verbose_name_plural = "活動分類"


class Audience(Vocabulary):
    """対象: 高齢の方, こども, どなたでも …"""

    class Meta(Vocabulary.Meta):
        verbose_name = "対象"
        verbose_name_plural = "対象"


class Language(Vocabulary):
    """対応言語: 日本語, やさしい日本語, English, 中文 …"""

    class Meta(Vocabulary.Meta):
        verbose_name = "対応言語"
        verbose_name_plural = "対応言語"


class AccessibilityFeature(Vocabulary):
    """バリアフリー: 車いす可, 多目的トイレ, 段差なし …"""

    counts_as_barrier_free = models.BooleanField(
        "バリアフリー絞り込みの対象",
        default=False,
        help_text="公開ページの「バリアフリー」で絞り込んだときに、この設備がある場所を表示します。",
    )

    panels = Vocabulary.panels + [FieldPanel("counts_as_barrier_free")]

    class Meta(Vocabulary.Meta):
        verbose_name = "バリアフリー設備"
        verbose_name_plural = "バリアフリー設備"
