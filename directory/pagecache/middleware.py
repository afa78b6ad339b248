"""The page cache in the request path: early, before sessions, authentication and the view.

An anonymous GET (no session or messages cookie, no credentials) outside the private parts of the
site is answered from the cache when a good entry exists (``X-Page-Cache: hit``). Otherwise the
view runs; a response the view marked public (``public_response``) is kept if it is a plain 200
for an anonymous visitor that sets no cookie and used no CSRF token (``X-Page-Cache: miss``).
Every public response gets an ``ETag`` (and, once kept, ``Last-Modified``) and answers a
matching conditional request with 304; browsers revalidate each time (``max-age=0``). A streamed
response (the CSV exports) goes out as it is made and is kept at its end, so only its hits carry
an ``ETag``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .public import is_public
from .store import Entry, entry_lookup, entry_store, entry_store_streamed, etag_of

# Vary headers that do not split what anonymous visitors see: cookies that matter make the
# request skip the cache, and the site speaks one language.
HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}


def _headers(response: HttpResponse, state: str | None) -> HttpResponse:
    patch_cache_control(response, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    if state is not None:
        response["X-Page-Cache"] = state
    return response


def _finish(request, response, etag: str, last_modified: int | None, state: str | None):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    _headers(response, state)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = tuple(settings.PAGE_CACHE_SKIP_PATHS)
        self.private_cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.anonymous_read(request):
            return self.get_response(request)
        version = None
        if settings.PAGE_CACHE_ENABLED:
            entry, version = entry_lookup(request)
            if entry is not None:
                return self.serve(request, entry, "hit")
        response = self.get_response(request)
        if not is_public(response) or not self.anonymous_response(request, response):
            return response
        if response.streaming:
            if version is not None and self.storable(response):
                entry_store_streamed(request, response, version)
                return _headers(response, "miss")
            return response
        if version is not None and self.storable(response):
            return self.serve(request, entry_store(request, response, version), "miss")
        return _finish(request, response, etag_of(response.content), None, None)

    def anonymous_read(self, request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.skipped)
            and not self.private_cookies & request.COOKIES.keys()
            and "Authorization" not in request.headers
        )

    def anonymous_response(self, request: HttpRequest, response: HttpResponse) -> bool:
        """Nothing in it belongs to one visitor: no cookie set, no CSRF token used, nobody
        signed in."""
        user = getattr(request, "user", None)
        return (
            not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated)
        )

    def storable(self, response: HttpResponse) -> bool:
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and vary <= HARMLESS_VARY
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def serve(self, request: HttpRequest, entry: Entry, state: str) -> HttpResponse:
        return _finish(request, entry.response(request), entry.etag, entry.last_modified, state)
