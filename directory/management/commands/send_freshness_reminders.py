from django.core.management.base import BaseCommand

from directory.portal.services import freshness_reminders_send


class Command(BaseCommand):
    help = (
        "情報確認日が FRESHNESS_DAYS 日より古い地域資源の団体メンバーに、確認のお願いを送ります"
        "（同じ期間には1回だけ。毎日実行して構いません）。"
    )

    def handle(self, *args, **options):
        sent = freshness_reminders_send()
        self.stdout.write(f"確認のお願いを {sent} 件の地域資源について送りました。")
