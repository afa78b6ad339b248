"""manage.py load_demo_matching: fictional coordinators, clients, placements and gaps (DEBUG only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.matching import DEMO_PASSWORD, DEMO_USERS, load_demo_matching
from demo.two_factor import give_demo_app
from directory.absolute_urls import absolute_url
from directory.models import Resource


class Command(BaseCommand):
    help = (
        "参加支援のデモデータ（架空のコーディネーター・本人・つなぎ・不足）を読み込み、"
        "ログイン方法を表示します。開発環境のみ。何度実行しても同じ結果になります。"
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("参加支援のデモデータは開発環境（DEBUG=True）でのみ作成できます。")
        if not Resource.objects.filter(live=True).exists():
            raise CommandError(
                "公開中の地域資源がありません。先に load_demo_data を実行してください。"
            )
        result = load_demo_matching()
        usernames = [name for name, _, _ in DEMO_USERS]
        for user in get_user_model().objects.filter(username__in=usernames):
            give_demo_app(user)
        if result.created:
            self.stdout.write(
                f"参加支援のデモデータ: 本人 {result.clients} 人、つなぎ {result.placements} 件、"
                f"地域資源の不足 {result.gaps} 件を作成しました（すべて架空）。"
            )
        else:
            self.stdout.write("参加支援のデモデータは作成済みです（変更しませんでした）。")
        users = "、".join(f"「{name}」" for name, _, _ in DEMO_USERS if name != "coord_omori")
        self.stdout.write(
            self.style.SUCCESS(
                f"参加支援（コーディネーター画面） {absolute_url('/coordinator/')} に"
                f"ユーザー名「coord_omori」（大森地域）パスワード「{DEMO_PASSWORD}」でログインできます"
                f"（ほかに {users}、パスワードは同じ。デモ用）。"
            )
        )
