"""manage.py search_index [--rebuild] [--database-only]: show or rebuild the search indexes."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.models import Resource
from directory.search import elastic, services
from directory.search.models import ResourceSearchDocument
from directory.search.organizations import organization_search_rebuild


class Command(BaseCommand):
    help = (
        "検索インデックスの件数を表示します。--rebuild で作り直します（データベースの検索用データと、"
        "SEARCH_BACKEND=elasticsearch のときは Elasticsearch のインデックスも）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="インデックスを作り直す")
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Elasticsearch を使う設定でも、データベースの検索用データだけを作り直す",
        )

    def handle(self, *args, rebuild, database_only, verbosity, **options):
        use_elasticsearch = settings.SEARCH_BACKEND == "elasticsearch" and not database_only
        if not rebuild:
            self.show_counts(use_elasticsearch)
            return
        started = time.monotonic()
        count = services.search_index_rebuild(progress=self.progress("データベース", verbosity))
        self.stdout.write(
            self.style.SUCCESS(f"データベース: {count:,} 件を登録しました（{self.since(started)}）")
        )
        count = organization_search_rebuild()
        self.stdout.write(self.style.SUCCESS(f"団体（管理画面の検索）: {count:,} 件を登録しました"))
        if use_elasticsearch:
            started = time.monotonic()
            try:
                count = elastic.rebuild(progress=self.progress("Elasticsearch", verbosity))
            except Exception as error:
                raise CommandError(
                    f"Elasticsearch のインデックスを作り直せませんでした: {error}"
                ) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Elasticsearch: {count:,} 件を「{elastic.alias_name()}」に登録しました"
                    f"（{self.since(started)}）"
                )
            )

    def progress(self, label: str, verbosity: int):
        width = 30

        def report(done: int, total: int) -> None:
            if verbosity < 1:
                return
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            ending = "\n" if done >= total else "\r"
            if not self.stdout.isatty():
                if done < total and done % 2000:
                    return
                ending = "\n"
            self.stdout.write(f"  {label} [{bar}] {done:,} / {total:,} 件", ending=ending)
            self.stdout.flush()

        return report

    @staticmethod
    def since(started: float) -> str:
        return f"{time.monotonic() - started:.1f} 秒"

    def show_counts(self, use_elasticsearch: bool) -> None:
        self.stdout.write(f"公開中の地域資源: {Resource.objects.filter(live=True).count():,} 件")
        self.stdout.write(
            f"データベースの検索用データ: {ResourceSearchDocument.objects.count():,} 件"
        )
        if use_elasticsearch:
            try:
                count = elastic.count()
            except Exception as error:
                raise CommandError(f"Elasticsearch に接続できません: {error}") from error
            shown = "インデックスなし（--rebuild で作成）" if count is None else f"{count:,} 件"
            self.stdout.write(f"Elasticsearch「{elastic.alias_name()}」: {shown}")
