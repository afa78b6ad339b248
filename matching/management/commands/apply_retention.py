"""Anonymise clients closed more than MATCHING_RETENTION_YEARS years ago, and clear the 「つながりたい」
intakes that did not become a client after MATCHING_INTAKE_RETENTION_DAYS days (docs/matching.md)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from matching.services import (
    Actor,
    client_retention_apply,
    intake_retention_apply,
    retention_cutoff,
    system_actor,
)

SYSTEM_USERNAME = "system-retention"


class Command(BaseCommand):
    help = (
        "支援終了から保存期間を過ぎた本人の記録と、本人登録にならなかった古い受付（つながりたい）を"
        "匿名化します（何度実行しても同じ結果）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="保存期間（年）。省略時は設定 MATCHING_RETENTION_YEARS。",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="監査ログに記録する実行者のユーザー名。省略時はログインできない "
            f"システム用ユーザー「{SYSTEM_USERNAME}」。",
        )

    def handle(self, *args, **options):
        years = (
            options["years"] if options["years"] is not None else settings.MATCHING_RETENTION_YEARS
        )
        if years < 1:
            raise CommandError("保存期間は1年以上にしてください。")
        user_model = get_user_model()
        if options["user"]:
            try:
                user = user_model.objects.get(username=options["user"])
            except user_model.DoesNotExist as error:
                raise CommandError(f"ユーザー「{options['user']}」がいません。") from error
            actor = Actor(user=user)
        else:
            actor = system_actor(SYSTEM_USERNAME)
        today = timezone.localdate()
        result = client_retention_apply(actor=actor, today=today, years=years)
        cutoff = retention_cutoff(today=today, years=years)
        self.stdout.write(
            f"{cutoff:%Y-%m-%d} より前に支援終了した本人 {result.clients} 件を匿名化しました"
            f"（消去したメモ: つなぎ {result.placements} 件、段階の記録 {result.events} 件、"
            f"フォローアップ {result.follow_ups} 件）。"
        )
        days = settings.MATCHING_INTAKE_RETENTION_DAYS
        intakes = intake_retention_apply(actor=actor, today=today, days=days)
        self.stdout.write(
            f"受付から {days} 日を過ぎ、本人登録にならなかった受付 {intakes} 件の"
            "お名前・連絡先・内容を消去しました。"
        )
