from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from demo.two_factor import give_demo_app
from directory.absolute_urls import absolute_url
from directory.models import Membership, Organization
from directory.portal.moderation import REVIEWER_GROUP_NAME, ensure_moderation_workflow

DEMO_MEMBER = ("member_demo", "tsunagari-member-2026")
DEMO_REVIEWER = ("reviewer_demo", "tsunagari-review-2026")


class Command(BaseCommand):
    help = "団体ポータルのデモ用アカウント（団体メンバーと審査担当の職員）を作成します（開発環境のみ）。"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("デモ用アカウントは開発環境（DEBUG=True）でのみ作成できます。")
        organization = (
            Organization.objects.filter(resources__live=True).order_by("pk").distinct().first()
        )
        if organization is None:
            raise CommandError("団体がありません。先に load_demo_data を実行してください。")
        ensure_moderation_workflow(apps)
        User = get_user_model()
        member = self._user(*DEMO_MEMBER, email="member_demo@example.jp")
        Membership.objects.get_or_create(user=member, organization=organization)
        reviewer = self._user(*DEMO_REVIEWER, email="reviewer_demo@example.jp", is_staff=True)
        reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))
        give_demo_app(reviewer)
        assert User.objects.filter(pk=member.pk, is_staff=False).exists()
        self.stdout.write(
            self.style.SUCCESS(
                f"団体ポータル {absolute_url('/portal/')} に「{DEMO_MEMBER[0]}」"
                f"パスワード「{DEMO_MEMBER[1]}」でログインできます（{organization.name}のメンバー・デモ用）。\n"
                f"審査担当の職員は 管理画面 {absolute_url('/admin/')} に「{DEMO_REVIEWER[0]}」"
                f"パスワード「{DEMO_REVIEWER[1]}」で（デモ用）。"
            )
        )

    def _user(self, username: str, password: str, **defaults):
        user, created = get_user_model().objects.get_or_create(username=username, defaults=defaults)
        if created:
            user.set_password(password)
            user.save()
        return user
