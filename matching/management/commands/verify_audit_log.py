"""Verify the audit log's hash chain (matching/audit_chain.py); non-zero exit on any problem."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from matching import audit_chain
from matching.models import AuditEntry


class Command(BaseCommand):
    help = "監査ログのハッシュの連鎖を確かめ、変更・削除された記録を報告します。"

    def handle(self, *args, **options):
        entries = QuerySet(model=AuditEntry).order_by("pk")
        count = entries.count()
        problems = audit_chain.verify(entries.iterator())
        if problems:
            for problem in problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"監査ログ {count} 件のうち {len(problems)} か所で改ざんの疑いがあります。"
            )
        self.stdout.write(self.style.SUCCESS(f"監査ログ {count} 件の連鎖に問題はありません。"))
