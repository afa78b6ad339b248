"""Site-wide middleware."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.http import HttpResponse

from directory.absolute_urls import serving


class PreviewFrameMiddleware:
    """Let Wagtail's preview be framed by the admin itself (SAMEORIGIN); every other response
    keeps X_FRAME_OPTIONS = "DENY". Listed after XFrameOptionsMiddleware, so it runs first on the
    way out and that middleware leaves an existing header alone."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.WAGTAIL_ADMIN_PATH}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix) and "/preview" in request.path:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


BUSY_PAGE = """<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>ただいま混み合っています</title></head>
<body>
<h1>ただいま混み合っています</h1>
<p>ほかの保存が終わるのを待っています。入力した内容は保存されていません。
しばらくしてから、もう一度お試しください。</p>
</body>
</html>
"""


class DatabaseBusyMiddleware:
    """SQLite allows one writer at a time. A writer that waited the whole busy timeout (20 s,
    DATABASES OPTIONS) gets "database is locked"; by the time the exception reaches this
    middleware every ``transaction.atomic()`` block has rolled back, so nothing was half
    written. Answer 503 with Retry-After instead of a 500, so the person (or client) knows to
    try again. Any other OperationalError is a real fault and still propagates."""

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError) or "locked" not in str(exception):
            return None
        response = HttpResponse(BUSY_PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class ForwardedClientAddressMiddleware:
    """Behind the proxy every request arrives from the proxy's own address. nginx
    (deploy/nginx.conf) replaces X-Forwarded-For with the address it saw; take that address as
    ``REMOTE_ADDR`` only when the request comes from a proxy in ``FORWARDED_ALLOW_IPS`` (the list
    gunicorn also trusts for the scheme). So the login lockout, rate limits and audit log see
    each resident's address, and a client talking to the web process directly cannot choose one.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.trust_all = "*" in settings.FORWARDED_ALLOW_IPS
        try:
            self.proxies = [
                ipaddress.ip_network(a, strict=False)
                for a in settings.FORWARDED_ALLOW_IPS
                if a != "*"
            ]
        except ValueError as error:
            raise ImproperlyConfigured(f"FORWARDED_ALLOW_IPS: {error}") from None

    def __call__(self, request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and self._is_proxy(request.META.get("REMOTE_ADDR", "")):
            client = forwarded.rsplit(",", 1)[-1].strip()
            if _parse_address(client) is not None:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)

    def _is_proxy(self, address: str) -> bool:
        if self.trust_all:
            return True
        parsed = _parse_address(address)
        return parsed is not None and any(parsed in network for network in self.proxies)


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class RequestSiteRootMiddleware:
    """While a request is served, absolute links (open data, emails) are built on the address the
    request came to, unless SITE_URL fixes it (directory/absolute_urls.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with serving(request):
            return self.get_response(request)
