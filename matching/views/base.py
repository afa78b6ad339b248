"""The base of every workspace page: sign-in, role and area checks, no caching, audit of reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View

from matching import selectors
from matching.services import Actor, audit_record

SAVED = "保存しました。"


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class WorkspaceView(View):
    """Base of every workspace page: login, role and scope checks, no caching, audit helper."""

    supervisor_only = False
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("matching:login"))
        self.scope = selectors.scope_for(user=request.user)
        if self.scope is None or (self.supervisor_only and not self.scope.is_supervisor):
            return self.forbidden()
        self.actor = Actor.from_request(request)
        self.today = timezone.localdate()
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            # Outside the user's areas looks exactly like "does not exist".
            raise Http404("見つかりません。") from error
        add_never_cache_headers(response)
        return response

    def forbidden(self):
        response = render(
            self.request, "matching/forbidden.html", {"title": "権限がありません"}, status=403
        )
        add_never_cache_headers(response)
        return response

    def render(self, template: str, context: dict, status: int = 200):
        context.setdefault("title", self.title)
        context["scope"] = self.scope
        context["today"] = self.today
        context["open_intakes_count"] = selectors.intake_open_count(user=self.request.user)
        return render(self.request, template, context, status=status)

    def audit(self, action, object_type, object_id="", client=None, detail=""):
        audit_record(
            actor=self.actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            client=client,
            detail=detail,
        )

    def get_client(self, case_code: str):
        return selectors.client_get(user=self.request.user, case_code=case_code)

    def submit(self, form, perform: Callable[[dict], Any]) -> Any:
        """Run ``perform`` on the cleaned data of a valid form and return what it returns.

        Returns ``None`` when the form is invalid or the service refuses the change; the
        service's message is then on the form, and nothing was saved.
        """
        if not form.is_valid():
            return None
        try:
            return perform(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            return None
