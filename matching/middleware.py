"""Log coordinators out of the workspace after a configurable time without a request."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

LAST_ACTIVITY_KEY = "matching_last_activity"
IDLE_MESSAGE = (
    "しばらく操作がなかったため、安全のためログアウトしました。もう一度ログインしてください。"
)


class CoordinatorIdleTimeoutMiddleware:
    """Only paths under the workspace (``/coordinator/``) are watched; the public site is not.

    The time of the last workspace request is kept in the session. When the gap is longer than
    ``settings.COORDINATOR_IDLE_TIMEOUT_MINUTES``, the user is logged out and sent to the
    workspace login page, which brings them back to where they were.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def prefix(self) -> str | None:
        if self._prefix is None:
            try:
                self._prefix = reverse("matching:dashboard")
            except NoReverseMatch:
                return None
        return self._prefix

    def __call__(self, request):
        prefix = self.prefix()
        user = getattr(request, "user", None)
        if prefix and request.path.startswith(prefix) and user and user.is_authenticated:
            now = timezone.now().timestamp()
            last = request.session.get(LAST_ACTIVITY_KEY)
            limit = settings.COORDINATOR_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - float(last) > limit:
                logout(request)
                messages.info(request, IDLE_MESSAGE)
                login = reverse("matching:login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
