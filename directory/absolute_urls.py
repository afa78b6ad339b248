"""Absolute URLs of this site, for links that leave the page: open data (HSDS ``url``s, the CSV
URL column, the OpenAPI servers) and emails.

The site's address is, in order: ``SITE_URL`` when the deployment sets it; else the scheme and
host of the request being served (so ``PORT=8300 make run`` links to port 8300, and a site behind
the proxy links to the name residents used); else, outside any request (a cron job), the address
of Wagtail's default Site. ``cms.middleware.RequestSiteRootMiddleware`` marks the request being
served with ``serving()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


@contextlib.contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    """Within this block, ``site_root()`` answers from ``request``."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def site_root() -> str:
    """The site's scheme and host (and port, if not the default), without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    request = _current_request.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def absolute_url(path: str) -> str:
    """``path`` (starting with "/") on this site."""
    return f"{site_root()}{path}"
