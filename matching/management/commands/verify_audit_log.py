"""Verify the audit log's chain (matching/audit_chain.py); non-zero exit on any problem.

Prints the head (newest id and hash): record it outside the server (the daily cron mail, a
ticket, paper) and check it later with ``--anchor ID:HASH`` — the chain alone cannot notice the
newest entries being removed, a recorded head can."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from matching import audit_chain
from matching.models import AuditEntry


class Command(BaseCommand):
    help = "監査ログのハッシュの連鎖を確かめ、変更・削除された記録を報告します。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help="以前に記録した「最新の記録」（番号:ハッシュ）が今もそのまま残っているか確かめます。",
        )

    def handle(self, *args, anchor, **options):
        entries = QuerySet(model=AuditEntry).order_by("pk")
        count = entries.count()
        problems = [p.message for p in audit_chain.verify(entries.iterator())]
        for value in anchor:
            problems.extend(self.check_anchor(entries, value))
        if problems:
            for message in problems:
                self.stderr.write(message)
            raise CommandError(
                f"監査ログ {count} 件のうち {len(problems)} か所で改ざんの疑いがあります。"
            )
        self.stdout.write(self.style.SUCCESS(f"監査ログ {count} 件の連鎖に問題はありません。"))
        head = entries.values_list("pk", "entry_hash").last()
        if head:
            self.stdout.write(
                f"最新の記録: {head[0]}:{head[1]}\n"
                "（この値をサーバーの外に控えておき、後日 --anchor で確かめると、"
                "最新の記録の削除にも気づけます）"
            )

    def check_anchor(self, entries, value: str) -> list[str]:
        pk, _, expected = value.partition(":")
        if not pk.isdigit() or len(expected) != 64:
            raise CommandError(
                f"--anchor は「番号:ハッシュ（64 文字）」の形で指定してください: {value}"
            )
        stored = entries.filter(pk=int(pk)).values_list("entry_hash", flat=True).first()
        if stored is None:
            return [f"控えておいた監査ログ #{pk} がありません（削除されています）。"]
        if stored != expected:
            return [
                f"控えておいた監査ログ #{pk} のハッシュが控えと一致しません（書き換えられています）。"
            ]
        return []
