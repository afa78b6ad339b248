from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore_site, table_row_counts


class Command(BaseCommand):
    help = (
        "バックアップからデータベースとアップロードされたファイルを復元します"
        "（今の内容はすべて置き換わります）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup で作った .tar ファイル")
        parser.add_argument("--yes", action="store_true", help="確認なしで復元する")

    def handle(self, *args, file: str, yes: bool, **options):
        if (
            not yes
            and input(
                "今のデータベースとファイルをすべて置き換えます。よろしいですか？ [y/N] "
            ).lower()
            != "y"
        ):
            raise CommandError("中止しました。")
        try:
            restore_site(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(table_row_counts().values())
        self.stdout.write(self.style.SUCCESS(f"復元しました: {file}（{total} 行）"))
