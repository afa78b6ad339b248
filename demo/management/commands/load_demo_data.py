"""manage.py load_demo_data: the site pages plus about 170 fictional listings across the 18 areas."""

import time
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError

from cms.setup import ensure_site_pages
from demo.counters import load_demo_counters
from demo.loader import DemoDataError, load_demo_data
from directory.management.quiet import quiet_loggers


class Command(BaseCommand):
    help = "架空のデモデータ（団体と地域資源）を読み込みます。何度実行しても同じ結果になります。"

    def handle(self, *args, **options):
        started = time.monotonic()
        verbosity = options["verbosity"]
        with quiet_loggers() if verbosity < 2 else nullcontext():
            ensure_site_pages()
            if verbosity >= 1:
                self.stdout.write("サイトのページを確認しました。")
            try:
                result = load_demo_data(stdout=self.stdout if verbosity >= 1 else None)
            except DemoDataError as error:
                raise CommandError(str(error)) from error
            load_demo_counters()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"デモデータ: 地域資源 {result.listings.total} 件、"
                f"団体 {result.organizations.total} 件を読み込みました（{seconds:.1f} 秒）"
            )
        )
