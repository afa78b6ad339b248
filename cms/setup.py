"""Create the page tree the site needs: a HomePage at the root and the directory beneath it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from directory.public.models import DirectoryIndexPage


@transaction.atomic
def ensure_site_pages() -> HomePage:
    """Make the HomePage the default site's root and give it a DirectoryIndexPage; idempotent.

    Wagtail's first migration leaves a placeholder 「Welcome」 page; it is replaced here.
    Returns the home page.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or _create_root()
        placeholder = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(content_type__model="homepage")
            .first()
        )
        if placeholder is not None:
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="おおた つながりマップ",
                slug="home",
                intro="大田区の居場所・サロン・フード支援・ボランティアを、地図と一覧で探せます。",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="おおた つながりマップ",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    if not DirectoryIndexPage.objects.exists():
        home.add_child(
            instance=DirectoryIndexPage(
                title="さがす",
                slug="directory",
                intro="条件を選ぶと、あてはまる場所だけを表示します。条件はいくつでも組み合わせられます。",
            )
        )
    return home


def point_default_site_at(url: str) -> Site:
    """Give Wagtail's default Site the host and port of ``url`` (e.g. SITE_URL), so the links
    built outside a request (scheduled emails, Wagtail's own) name the public address."""
    parts = urlsplit(url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = parts.hostname
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.save()
    return site


def _create_root() -> Page:
    """The tree's root, as Wagtail's migrations make it (needed again after a test flush)."""
    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(
        instance=Page(
            title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
        )
    )
