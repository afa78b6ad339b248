"""manage.py import_resources FILE [--dry-run] [--publish] [--user NAME]: listings from a spreadsheet.

The rules are those of ``directory.importing.resource_import`` (docs/open-data.md): every row is
checked first; if any row is wrong, every problem is listed with its row number and nothing is
written.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from directory.importing import ImportFileError, resource_import
from directory.management.quiet import quiet_loggers


class Command(BaseCommand):
    help = (
        "CSV か Excel（.xlsx）のファイルから地域資源をまとめて取り込みます。"
        "1行でも誤りがあれば何も書き込みません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="取り込むファイル（.csv または .xlsx）")
        parser.add_argument(
            "--dry-run", action="store_true", help="確認だけして、何も書き込みません。"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="新規・変更した地域資源を公開します（指定しなければ下書き・未公開の変更として保存）。",
        )
        parser.add_argument(
            "--user", help="履歴に記録するユーザー名（その人の権限で取り込みます）。"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイルが見つかりません: {path}")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"ユーザー「{options['user']}」はいません。") from None
        last_shown = [""]

        def progress(stage: str, done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            line = f"\r{stage} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} 行"
            if line != last_shown[0]:
                self.stdout.write(line, ending="")
                self.stdout.flush()
                last_shown[0] = line
            if done == total:
                self.stdout.write("")

        try:
            with quiet_loggers():
                result = resource_import(
                    data=path.read_bytes(),
                    filename=path.name,
                    user=user,
                    publish=options["publish"],
                    dry_run=options["dry_run"],
                    progress=progress if options["verbosity"] >= 1 else None,
                )
        except (ImportFileError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} 件の誤りがあるため、何も取り込みませんでした。"
                "ファイルを直してもう一度実行してください。"
            )
        message = result.summary()
        if result.dry_run:
            message += "。確認のみのため、何も書き込んでいません。"
        self.stdout.write(self.style.SUCCESS(message))
