from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import is_required
from .devices import has_device

# Reachable after the password step and before the code: signing in and out, and the two-factor
# pages themselves (which check their own preconditions).
OPEN_VIEWS = {
    "account:two_factor_verify",
    "account:two_factor_setup",
    "account:logout",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "matching:login",
    "matching:logout",
    "portal:login",
    "portal:logout",
}


class TwoFactorMiddleware:
    """A signed-in user whose session no code has verified yet sees only the code page: the
    verify page when they have a device, the enrolment page when two-factor authentication is
    required for them and they have none. Everyone else passes (after django-otp's
    OTPMiddleware, which sets ``user.is_verified()``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_VIEWS or request.path.startswith(
            settings.STATIC_URL
        ):
            return None
        if has_device(user):
            target = "account:two_factor_verify"
        elif is_required(user):
            target = "account:two_factor_setup"
        else:
            return None
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
