from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.two_factor import give_demo_app
from directory.absolute_urls import absolute_url

DEMO_ADMIN = ("admin", "tsunagari-demo-2026")


class Command(BaseCommand):
    help = "デモ用の管理者アカウントを作成し、ログイン方法を表示します（開発環境のみ）。"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("デモ用アカウントは開発環境（DEBUG=True）でのみ作成できます。")
        username, password = DEMO_ADMIN
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.jp"},
        )
        if created:
            user.set_password(password)
            user.save()
        give_demo_app(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"管理画面 {absolute_url('/admin/')} にユーザー名「{username}」"
                f"パスワード「{password}」でログインできます（デモ用）。"
            )
        )
