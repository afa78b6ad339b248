"""What the embedded search keeps in the database: one token document per listing, and synonyms.

The models belong to the search layer but keep the ``directory`` app label, so their tables,
content types, migrations and admin URLs stay where they were.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from .query import split_terms


class ResourceSearchDocument(models.Model):
    """The published state of one listing as search tokens (directory/search/database.py).

    Each ``*_tokens`` field holds Sudachi's normalised forms separated by single spaces, with a
    space at each end, so that a whole token is matched with ``LIKE '% 食堂 %'`` on SQLite and
    PostgreSQL alike. Every listing has a row (a draft's for staff search; public searches pass a
    public queryset), rewritten whenever a listing is saved; ``manage.py search_index --rebuild``
    recreates them all.
    """

    resource = models.OneToOneField(
        "directory.Resource",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    name_tokens = models.TextField(blank=True)
    tag_tokens = models.TextField(blank=True, help_text="活動分類と対象")
    all_tokens = models.TextField(blank=True, help_text="名称｜活動分類・対象｜その他の本文")
    reading = models.TextField(blank=True, help_text="よみがな（カタカナ）、空白区切り")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "directory"
        verbose_name = "検索用データ"
        verbose_name_plural = "検索用データ"

    def __str__(self) -> str:
        return f"search document for resource {self.resource_id}"


class SearchSynonym(models.Model):
    """Words the search treats as the same (「フードパントリー 食料配布 食品配布」); editors keep the list."""

    terms = models.TextField(
        "同じ意味の言葉",
        help_text=(
            "同じ意味として検索する言葉を、スペースか「、」で区切って入力します。"
            "例: フードパントリー 食料配布 食品配布。ひらがな・カタカナ・漢字の書き分け"
            "（こども／子ども／子供）や全角・半角は自動で同じとみなすので、登録は不要です。"
        ),
    )
    note = models.CharField("メモ", max_length=200, blank=True, help_text="登録した理由など。")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        app_label = "directory"
        ordering = ["terms"]
        verbose_name = "検索の同義語"
        verbose_name_plural = "検索の同義語"

    def __str__(self) -> str:
        return " ＝ ".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self) -> None:
        if len(set(self.term_list())) < 2:
            raise ValidationError({"terms": "同じ意味の言葉を2つ以上、区切って入力してください。"})


class OrganizationSearchDocument(models.Model):
    """An organisation's name as search tokens and readings, for staff search in the admin
    (directory/search/organizations.py). Same token format as ``ResourceSearchDocument``.

    It belongs to the search app's own migrations (``directory_search``), unlike the older
    search tables kept under the ``directory`` label.
    """

    organization = models.OneToOneField(
        "directory.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    tokens = models.TextField(blank=True, help_text="団体名とよみがなの語、空白区切り")
    reading = models.TextField(blank=True, help_text="よみがな（カタカナ）、空白区切り")

    class Meta:
        app_label = "directory_search"
        verbose_name = "団体の検索用データ"
        verbose_name_plural = "団体の検索用データ"

    def __str__(self) -> str:
        return f"search document for organization {self.organization_id}"
