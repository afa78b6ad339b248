from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.two_factor import current_demo_code, demo_key_base32


class Command(BaseCommand):
    help = "デモ用アカウントの二要素認証の確認コードを表示します（開発環境のみ）。"

    def handle(self, *args, **options):
        try:
            code, seconds = current_demo_code()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"デモ用アカウントの確認コード: {code}（あと {seconds} 秒。"
            "同じコードは 1 回しか使えないので、続けてログインするときは次のコードを待ってください）\n"
            f"認証アプリに登録する場合のキー: {demo_key_base32()}"
        )
