"""Re-sign the audit log's chain with the newest of AUDIT_LOG_KEYS (docs/security.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import audit_chain
from matching.models import AuditEntry


class Command(BaseCommand):
    help = (
        "監査ログの連鎖を確かめたうえで、AUDIT_LOG_KEYS の最初（最新）の鍵で署名し直します。"
        "連鎖が壊れているときは何も変えずに終了します。"
    )

    def handle(self, *args, **options):
        if len(settings.AUDIT_LOG_KEYS) < 2:
            self.stdout.write(
                "AUDIT_LOG_KEYS に鍵が 1 つだけです。新しい鍵を先頭に加えてから実行してください"
                "（例: AUDIT_LOG_KEYS=<新しい鍵>,<今の鍵>）。"
            )
        try:
            count = audit_chain.rechain(AuditEntry, audit_chain.hmac_checks())
        except audit_chain.ChainBroken as error:
            for problem in error.problems:
                self.stderr.write(problem.message)
            raise CommandError(
                "監査ログの連鎖が壊れているため、署名し直しませんでした（何も変更していません）。"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"監査ログ {count} 件を最新の鍵で署名し直しました。"
                "古い鍵は AUDIT_LOG_KEYS から外してかまいません。"
            )
        )
