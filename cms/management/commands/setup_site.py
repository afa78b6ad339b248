from django.conf import settings
from django.core.management.base import BaseCommand

from cms.setup import ensure_site_pages, point_default_site_at


class Command(BaseCommand):
    help = (
        "公開サイトのページ（ホームと「さがす」）を用意し、Wagtail の既定サイトを SITE_URL の"
        "アドレスにします。何度実行しても同じ結果になります。"
    )

    def handle(self, *args, **options):
        ensure_site_pages()
        message = "ホームと「さがす」のページを用意しました。"
        if settings.SITE_URL:
            site = point_default_site_at(settings.SITE_URL)
            message += f" 既定のサイト: {site.root_url}"
        self.stdout.write(self.style.SUCCESS(message))
