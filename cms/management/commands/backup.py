from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "データベースとアップロードされたファイル（media）を 1 つの .tar にバックアップします"
        "（SQLite はオンラインバックアップ API、PostgreSQL は pg_dump）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(Path(settings.BASE_DIR) / "backups"), help="保存先のフォルダ"
        )

    def handle(self, *args, dir: str, **options):
        try:
            path = backup_site(Path(dir))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"バックアップを作成しました: {path}"))
