from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.two_factor import devices, is_required


class Command(BaseCommand):
    help = (
        "二要素認証をリセットします（スマートフォンと回復コードを両方なくした人のため）。"
        "本人確認をしてから実行してください。次のログインで認証アプリを登録し直します。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="リセットするユーザー名")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"ユーザー「{username}」は見つかりません。") from None
        if not devices.has_device(user):
            self.stdout.write(f"「{username}」は二要素認証を登録していません（変更なし）。")
            return
        devices.disable(user)
        signed_out = end_sessions(user)
        then = (
            "認証アプリを登録し直します" if is_required(user) else "パスワードだけでログインします"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"「{username}」の二要素認証をリセットし、ログイン中のセッション {signed_out} 件を"
                f"終了しました。次のログインで{then}。"
            )
        )


def end_sessions(user) -> int:
    """Sign the user out everywhere: whoever holds one of their session cookies must not be the
    one to enrol the next authenticator app."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended
