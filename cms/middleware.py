"""Site-wide middleware."""

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse


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
