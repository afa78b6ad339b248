"""Editable lists used by client records."""

from django.db import models


class ReferralSource(models.Model):
    """紹介元: 重層的支援会議, 地域包括支援センター, 民生委員, 本人・家族 … (data, not code)."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("識別子", unique=True, help_text="絞り込みに使う英字名。")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "紹介元"
        verbose_name_plural = "紹介元"

    def __str__(self) -> str:
        return self.name
