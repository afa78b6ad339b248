"""Every change of what the public sees makes the kept pages stale; connected by
``PageCacheConfig.ready()``.

What counts: any row of the directory's data (listings and their schedules, categories and other
links, organisations, areas, regions, towns, vocabularies, synonyms, problem reports and whatever
the directory app adds later), except the rows no public page shows (listed in
``PRIVATE_MODELS``); any Wagtail page (publish, unpublish, move, delete); the site, redirects,
images and documents; and Wagtail's log entries, which the writes that bypass ``save()`` make
(the portal's 情報は最新です, the demo loader's publish). Bulk writes of listings (the importer,
the synthetic generator) and the nightly rebuild of next dates announce themselves with
``occurrences_refreshed``. Migrations write through historical models, which are left out here
(the cache's own table may not exist yet); ``migrate`` ends by making every kept page stale. The
date changing at midnight needs no receiver: each kept page carries its date (``store.py``).
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from directory.occurrences import occurrences_refreshed

from .store import content_version_bump

PUBLIC_APPS = {"directory"}
# Rows of the directory app that no public page shows.
PRIVATE_MODELS = {
    "directory.invitation",
    "directory.membership",
    "directory.freshnessreminder",
    # Derived from listings, whose own changes already count.
    "directory.resourcesearchdocument",
    "directory.resourceoccurrence",
}
OTHER_PUBLIC_MODELS = {
    "wagtailcore.site",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailredirects.redirect",
    "wagtaildocs.document",
    "cms.customimage",
}


@functools.cache
def shows_publicly(model) -> bool:
    if model._meta.apps is not apps:  # a historical model, during a migration
        return False
    label = model._meta.label_lower
    if issubclass(model, Page):
        return True
    if model._meta.app_label in PUBLIC_APPS:
        return label not in PRIVATE_MODELS
    return label in OTHER_PUBLIC_MODELS


def row_changed(sender, raw=False, action="post", **kwargs) -> None:
    if not raw and action.startswith("post") and shows_publicly(sender):
        content_version_bump()


def content_changed(sender, **kwargs) -> None:
    content_version_bump()


def connect() -> None:
    # No sender: every model passes through ``shows_publicly`` (a cached lookup).
    post_save.connect(row_changed, dispatch_uid="pagecache_saved")
    post_delete.connect(row_changed, dispatch_uid="pagecache_deleted")
    m2m_changed.connect(row_changed, dispatch_uid="pagecache_links")
    post_page_move.connect(content_changed, dispatch_uid="pagecache_page_moved")
    occurrences_refreshed.connect(content_changed, dispatch_uid="pagecache_occurrences")
    post_migrate.connect(
        content_changed,
        sender=apps.get_app_config("directory_pagecache"),
        dispatch_uid="pagecache_migrated",
    )
