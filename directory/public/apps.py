from django.apps import AppConfig


class PublicSiteConfig(AppConfig):
    """The public site, above the data core and search; its page model keeps the directory label."""

    name = "directory.public"
    label = "directory_public"
    verbose_name = "公開サイト"
