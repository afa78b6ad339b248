"""Site-wide middleware."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings


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


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with one exception: Wagtail 8's admin still renders inline
    scripts (date/time widgets, InlinePanel), so inside the admin — trusted, logged-in editors
    only — script-src also allows inline scripts. Every public, portal, coordinator and API
    response keeps the strict nonce policy. See docs/security.md."""

    def process_response(self, request, response):
        if request.path.startswith(f"/{settings.WAGTAIL_ADMIN_PATH}"):
            response._csp_replace = {"script-src": [SELF, "'unsafe-inline'"]}
        return super().process_response(request, response)
