"""Signing in to and out of the workspace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse


class LoginView(auth_views.LoginView):
    template_name = "matching/login.html"
    extra_context = {"title": "コーディネーター ログイン"}

    def get_default_redirect_url(self):
        return reverse("matching:dashboard")


class LogoutView(auth_views.LogoutView):
    def get_success_url(self):
        return reverse("matching:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "ログアウトしました。")
        return response
