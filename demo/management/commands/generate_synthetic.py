"""manage.py generate_synthetic --listings N [--seed S]: synthetic listings for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import BATCH_SIZE, DEFAULT_SEED, generate_synthetic
from directory.models import Area


class Command(BaseCommand):
    help = (
        "ベンチマーク用の合成データ（地域資源）を N 件作ります。以前の合成データ（synthetic-*）は"
        "先に削除するので、同じ件数・同じシードなら何度実行しても同じ結果になります。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--listings", type=int, required=True, help="作る件数。0 なら合成データを削除するだけ。"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="乱数のシード")
        parser.add_argument(
            "--index", action="store_true", help="検索インデックスにも登録する（遅くなります）"
        )

    def handle(self, *args, listings, seed, index, verbosity, **options):
        if listings < 0:
            raise CommandError("--listings には 0 以上の数を指定してください。")
        if Area.objects.count() != 18:
            raise CommandError("特別出張所エリアがありません。先に migrate を実行してください。")
        started = time.monotonic()

        def progress(done, total):
            if verbosity >= 1 and (done % 1000 == 0 or done == total):
                self.stdout.write(f"  合成データ {done} / {total} 件")

        result = generate_synthetic(
            listings, seed=seed, batch_size=BATCH_SIZE, progress=progress, index=index
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"合成データ: 地域資源 {result.created} 件を作成しました"
                f"（以前の {result.deleted} 件を削除、{seconds:.1f} 秒）"
            )
        )
