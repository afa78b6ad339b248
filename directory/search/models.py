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
    """One listing as search keys (directory/search/database.py).

    Each field holds keys separated by single spaces, with a space at each end, so that a whole
    key (or a run of them) is matched with a plain substring test on SQLite and PostgreSQL alike:
    Sudachi's short units (``*_tokens``) and long units (``*_words``) as normalised forms, the
    readings in katakana (``*_readings``) and the runs of kanji. Every listing has a row (a
    draft's for staff search; public searches pass a public queryset), rewritten whenever a
    listing is saved; ``manage.py search_index --rebuild`` recreates them all (needed after a
    change to what is indexed).
    """

    resource = models.OneToOneField(
        "directory.Resource",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    name_tokens = models.TextField(blank=True, help_text="名称の短い単位")
    tag_tokens = models.TextField(blank=True, help_text="種類・活動分類・対象などの短い単位")
    summary_tokens = models.TextField(blank=True, help_text="紹介文の短い単位")
    all_tokens = models.TextField(blank=True, help_text="名称｜種類・活動分類・対象｜その他の本文")
    tag_names = models.TextField(
        blank=True, help_text="種類・活動分類・対象などとその読み（｜区切り）"
    )
    name_words = models.TextField(blank=True, help_text="名称の長い単位")
    all_words = models.TextField(blank=True, help_text="長い単位（名称｜種類・活動・対象｜本文）")
    name_readings = models.TextField(blank=True, help_text="名称の読み（カタカナ）")
    tag_readings = models.TextField(blank=True, help_text="種類・活動分類・対象の読み")
    summary_readings = models.TextField(blank=True, help_text="紹介文の語の読み")
    body_readings = models.TextField(blank=True, help_text="本文の語の読み")
    kanji = models.TextField(blank=True, help_text="漢字の続き（2字以上）")
    terms = models.TextField(
        blank=True, help_text="名称の長い単位と種類・活動分類・対象（もしかして用）"
    )
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "directory"
        verbose_name = "検索用データ"
        verbose_name_plural = "検索用データ"

    def __str__(self) -> str:
        return f"search document for resource {self.resource_id}"


class BinaryTextField(models.TextField):
    """Text compared byte by byte on every database (SQLite's default; ``C`` on PostgreSQL), so
    that the keys from ``k`` up to ``k + U+10FFFF`` are exactly the keys starting with ``k``."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class ResourceSearchKey(models.Model):
    """One posting of the inverted index: ``key`` is in column ``field`` of a listing's search
    document (directory/search/postings.py numbers the columns). The primary key (field, key,
    listing) is the index every search reads; rows are written with their document."""

    pk = models.CompositePrimaryKey("field", "key", "document")
    field = models.PositiveSmallIntegerField()
    key = BinaryTextField()
    document = models.ForeignKey(
        ResourceSearchDocument, on_delete=models.CASCADE, related_name="keys"
    )

    class Meta:
        app_label = "directory_search"
        verbose_name = "検索キー"
        verbose_name_plural = "検索キー"

    def __str__(self) -> str:
        return f"{self.field}:{self.key} → {self.document_id}"


class SearchSynonym(models.Model):
    """Words the search treats as the same (「フードパントリー 食料配布 食品配布」); editors keep the list."""

    terms = models.TextField(
        "同じ意味の言葉",
        help_text=(
            "同じ意味として検索する言葉を、スペースか「、」で区切って入力します。"
            "例: フードパントリー 食料配布 食品配布。「、」で区切ると、food bank のように"
            "空白を含む言い方も登録できます。ひらがな・カタカナ・漢字の書き分け"
            "（こども／子ども／子供、一人暮らし／ひとり暮らし）、全角・半角、ローマ字"
            "（kodomo shokudo）は自動で同じとみなすので、登録は不要です。"
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
