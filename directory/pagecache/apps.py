from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The page cache: its middleware, and the receivers that invalidate it on every change of
    what the public sees."""

    name = "directory.pagecache"
    label = "directory_pagecache"
    verbose_name = "ページキャッシュ"

    def ready(self) -> None:
        # Receivers import models, which are loaded only once the registry is ready.
        from . import receivers

        receivers.connect()
