"""E-mail each coordinator the day's digest of follow-ups (docs/matching.md, "Reminders")."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from matching.services import reminder_digests_send


class Command(BaseCommand):
    help = (
        "コーディネーターに、期限切れ・今日・今週のフォローアップのお知らせをメールで送ります"
        "（ケース番号とリンクのみ）。スーパーバイザーには担当ごとの期限切れ件数を送ります。毎朝1回実行します。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", default=None, help="基準日（YYYY-MM-DD）。省略時は今日（日本時間）。"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"日付「{options['date']}」を読めません。YYYY-MM-DD で指定してください。"
                ) from error
        result = reminder_digests_send(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {result.sent} 人に送りました"
            f"（お知らせなし {result.nothing_due} 人、メールアドレス未登録 {result.no_address} 人）。"
        )
