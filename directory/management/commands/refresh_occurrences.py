"""manage.py refresh_occurrences: recompute every listing's next dates (run nightly by cron)."""

import time

from django.core.management.base import BaseCommand

from directory.dates import UPCOMING_WINDOW
from directory.occurrences import occurrences_rebuild


class Command(BaseCommand):
    help = (
        f"すべての地域資源の開催日（今日から {UPCOMING_WINDOW.days} 日分）を計算し直します。"
        "毎晩 0 時すぎ（日本時間）に cron で実行します（docs/deploy.md）。"
    )

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if verbosity >= 2 and (done % 5000 == 0 or done == total):
                self.stdout.write(f"  {done:,} / {total:,} 件")

        rows = occurrences_rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"開催日: {rows:,} 件を計算しました（{time.monotonic() - started:.1f} 秒）"
            )
        )
