"""A member's forgotten password: Django's reset views with the portal's Japanese pages.

The link is valid for PASSWORD_RESET_TIMEOUT and works once (Django signs it with the password's
hash, so setting a password spends it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import PortalPasswordResetForm, PortalSetPasswordForm

TEMPLATES = "directory/portal/password_reset/"


class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = TEMPLATES + "form.html"
    email_template_name = TEMPLATES + "email.txt"
    subject_template_name = TEMPLATES + "subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    @property
    def extra_email_context(self) -> dict:
        return {"SITE_NAME": settings.SITE_NAME}


class PortalPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "done.html"


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PortalSetPasswordForm
    template_name = TEMPLATES + "confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


class PortalPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "complete.html"
