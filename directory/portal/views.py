"""The group portal's views: thin — they read through selectors and write through services."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import (
    Http404,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from directory.models import Resource
from directory.public import views as public_views
from directory.public.models import DirectoryIndexPage

from . import selectors, services
from .forms import (
    ConfirmOnBehalfForm,
    InvitationAcceptForm,
    ProblemReportForm,
    ResourceProposalForm,
    ResourceUpdateForm,
)

LOGIN_URL = reverse_lazy("portal:login")


class PortalLoginView(auth_views.LoginView):
    template_name = "directory/portal/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:dashboard")


class PortalLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


class PortalMixin(LoginRequiredMixin):
    login_url = LOGIN_URL

    def is_proxy(self) -> bool:
        return selectors.user_is_proxy(user=self.request.user)


class DashboardView(PortalMixin, View):
    """The member's organisations and their listings, each with its moderation state."""

    def get(self, request):
        organizations = list(selectors.organization_list_for_user(user=request.user))
        resources = selectors.resource_list_for_user(user=request.user)
        query = request.GET.get("q", "").strip()[:100]
        if self.is_proxy():
            resources = resources.filter(name__icontains=query) if query else resources.none()
        rows = [
            (resource, selectors.resource_portal_state(resource=resource))
            for resource in selectors.resource_with_open_report_counts(resources).order_by(
                "name_kana"
            )[:100]
        ]
        return TemplateResponse(
            request,
            "directory/portal/dashboard.html",
            {
                "organizations": organizations,
                "rows": rows,
                "is_proxy": self.is_proxy(),
                "query": query,
            },
        )


class ResourceDetailView(PortalMixin, View):
    def get(self, request, pk: int):
        resource = selectors.resource_get_for_user(user=request.user, pk=pk)
        return TemplateResponse(
            request,
            "directory/portal/resource_detail.html",
            {
                "resource": resource,
                "state": selectors.resource_portal_state(resource=resource),
                "is_proxy": self.is_proxy(),
                "public_url": _public_url(resource),
                "reports": selectors.problem_report_open_list(resource=resource),
            },
        )

    def post(self, request, pk: int):
        selectors.resource_get_for_user(user=request.user, pk=pk)  # 404 outside the scope
        return HttpResponseNotAllowed(["GET"])


def _public_url(resource: Resource) -> str | None:
    page = DirectoryIndexPage.objects.live().first()
    if page is None or not resource.live:
        return None
    return page.resource_url(resource)


def _render_preview(request, resource: Resource):
    # ``directory_page`` comes from the site's context processor.
    return TemplateResponse(
        request, "directory/resource_detail.html", {"resource": resource, "is_preview": True}
    )


class ResourceUpdateView(PortalMixin, View):
    """GET: the form, filled from the latest version. POST: submit it for moderation."""

    template_name = "directory/portal/resource_form.html"

    def get_resource(self, pk: int) -> Resource:
        resource = selectors.resource_get_for_user(user=self.request.user, pk=pk)
        return selectors.resource_editable_version(resource=resource)

    def get(self, request, pk: int):
        resource = self.get_resource(pk)
        return self.render(resource, ResourceUpdateForm(instance=resource))

    def post(self, request, pk: int):
        resource = self.get_resource(pk)
        form = ResourceUpdateForm(request.POST, instance=resource)
        if not form.is_valid():
            return self.render(resource, form, status=400)
        services.resource_submit_changes(resource=form.save(commit=False), user=request.user)
        messages.success(request, "変更を送りました。審査のあと公開されます。")
        return redirect("portal:resource_detail", pk=resource.pk)

    def render(self, resource, form, status: int = 200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "resource": resource,
                "form": form,
                "preview_url": reverse("portal:resource_preview", args=[resource.pk]),
            },
            status=status,
        )


class ResourcePreviewView(ResourceUpdateView):
    """POST the edit form here to see the public page as it would look; nothing is saved."""

    def get(self, request, pk: int):
        self.get_resource(pk)  # 404 outside the user's scope
        return redirect("portal:resource_update", pk=pk)

    def post(self, request, pk: int):
        resource = self.get_resource(pk)
        form = ResourceUpdateForm(request.POST, instance=resource)
        if not form.is_valid():
            return self.render(resource, form, status=400)
        return _render_preview(request, form.save(commit=False))


class ResourceProposeView(PortalMixin, View):
    """A member proposes a new listing for one of their organisations."""

    template_name = "directory/portal/resource_form.html"

    def get(self, request, organization_pk: int):
        organization = selectors.organization_get_for_user(user=request.user, pk=organization_pk)
        resource = Resource(organization=organization)
        return self.render(organization, ResourceProposalForm(instance=resource))

    def post(self, request, organization_pk: int):
        organization = selectors.organization_get_for_user(user=request.user, pk=organization_pk)
        form = ResourceProposalForm(request.POST, instance=Resource(organization=organization))
        if not form.is_valid():
            return self.render(organization, form, status=400)
        resource = services.resource_propose(
            resource=form.save(commit=False), organization=organization, user=request.user
        )
        messages.success(request, "新しい掲載の提案を送りました。審査のあと公開されます。")
        return redirect("portal:resource_detail", pk=resource.pk)

    def render(self, organization, form, status: int = 200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "organization": organization,
                "form": form,
                "is_proposal": True,
                "preview_url": reverse("portal:resource_propose_preview", args=[organization.pk]),
            },
            status=status,
        )


class ResourceProposePreviewView(ResourceProposeView):
    def get(self, request, organization_pk: int):
        selectors.organization_get_for_user(user=request.user, pk=organization_pk)
        return redirect("portal:resource_propose", organization_pk=organization_pk)

    def post(self, request, organization_pk: int):
        organization = selectors.organization_get_for_user(user=request.user, pk=organization_pk)
        form = ResourceProposalForm(request.POST, instance=Resource(organization=organization))
        if not form.is_valid():
            return self.render(organization, form, status=400)
        return _render_preview(request, form.save(commit=False))


class ResourceConfirmView(PortalMixin, View):
    """「情報は最新です」: records today's 情報確認日, no moderation."""

    def get(self, request, pk: int):
        selectors.resource_get_for_user(user=request.user, pk=pk)
        return redirect("portal:resource_detail", pk=pk)

    def post(self, request, pk: int):
        resource = selectors.resource_get_for_user(user=request.user, pk=pk)
        services.resource_confirm(resource=resource, user=request.user)
        messages.success(
            request, f"{resource.name}の情報確認日を今日にしました。ありがとうございます。"
        )
        if request.POST.get("back") == "dashboard":  # the one-tap button in the list
            return redirect("portal:dashboard")
        return redirect("portal:resource_detail", pk=pk)


class ResourceConfirmOnBehalfView(PortalMixin, View):
    """Staff and coordinators record a confirmation made by phone, visit, email or at a counter."""

    template_name = "directory/portal/confirm_on_behalf.html"

    def get_resource(self, pk: int) -> Resource:
        if not self.is_proxy():
            raise Http404("地域資源が見つかりません。")
        return selectors.resource_get_for_user(user=self.request.user, pk=pk)

    def get(self, request, pk: int):
        resource = self.get_resource(pk)
        return TemplateResponse(
            request, self.template_name, {"resource": resource, "form": ConfirmOnBehalfForm()}
        )

    def post(self, request, pk: int):
        resource = self.get_resource(pk)
        form = ConfirmOnBehalfForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(
                request, self.template_name, {"resource": resource, "form": form}, status=400
            )
        services.resource_confirm(
            resource=resource,
            user=request.user,
            method=form.cleaned_data["method"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "団体に代わって確認したことを記録しました。")
        return redirect("portal:resource_detail", pk=pk)


class InvitationAcceptView(View):
    """The link in the invitation email: set a password (or join with the signed-in account)."""

    template_name = "directory/portal/invitation_accept.html"

    def dispatch(self, request, token: str):
        self.invitation = selectors.invitation_get_usable(token=token)
        if self.invitation is None:
            return TemplateResponse(request, "directory/portal/invitation_invalid.html", status=404)
        return super().dispatch(request, token)

    def existing_account(self) -> bool:
        return get_user_model().objects.filter(username__iexact=self.invitation.email).exists()

    def render(self, form=None, status: int = 200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "invitation": self.invitation,
                "form": form,
                "existing_account": self.existing_account(),
                "login_url": f"{reverse('portal:login')}?next={self.request.path}",
            },
            status=status,
        )

    def get(self, request, token: str):
        if request.user.is_authenticated or self.existing_account():
            return self.render()
        return self.render(InvitationAcceptForm(email=self.invitation.email))

    def post(self, request, token: str):
        if request.user.is_authenticated:
            services.invitation_accept(invitation=self.invitation, user=request.user)
            messages.success(
                request, f"{self.invitation.organization.name}のメンバーになりました。"
            )
            return redirect("portal:dashboard")
        if self.existing_account():
            return self.render(status=400)
        form = InvitationAcceptForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.render(form, status=400)
        user = services.invitation_accept(
            invitation=self.invitation, password=form.cleaned_data["password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"{self.invitation.organization.name}のメンバーになりました。")
        return HttpResponseRedirect(reverse("portal:dashboard"))


def _client_ip(request) -> str:
    # Behind the proxy of docs/deploy.md the proxy sets REMOTE_ADDR-equivalent headers; the
    # address is only hashed for the rate limit, never stored.
    return request.META.get("REMOTE_ADDR", "")


def _posted_from_this_site(request) -> bool:
    """The browser says the form was sent from one of this site's pages: its ``Origin`` header
    (current browsers send it with every POST), else its ``Referer``."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return bool(parts.scheme) and f"{parts.scheme}://{parts.netloc}" in ours


# The form sits on cached listing pages, which hold no CSRF token (nothing per visitor). The
# report acts for nobody (no sign-in, no session), so a token protects nothing here; what is
# checked instead is that the browser sent it from this site, so another site cannot make its
# visitors' browsers file reports (and spread them over their addresses' rate limits).
@csrf_exempt
def problem_report_create(request, pk: int):
    """The public 「情報の誤りを報告」 form on a listing's page posts here: queue the visitor's
    report and go back to the page; bad input re-renders the listing page with Japanese errors."""
    page = DirectoryIndexPage.objects.live().first()
    if page is None:
        raise Http404
    resource = get_object_or_404(Resource.objects.public(), pk=pk)
    detail_url = page.resource_url(resource)
    if request.method != "POST":
        return HttpResponseRedirect(f"{detail_url}#report")
    if not _posted_from_this_site(request):
        return HttpResponseForbidden(
            "この報告は、このサイトのページから送られていないため受け付けられません。",
            content_type="text/plain; charset=utf-8",
        )
    form = ProblemReportForm(request.POST)
    if form.is_bot():
        return HttpResponseRedirect(f"{detail_url}?report=sent#report")  # tell bots nothing
    ip = _client_ip(request)
    if form.is_valid() and not services.problem_report_allowed(ip=ip):
        form.add_error(
            None, "短い時間に多くの報告が送られました。しばらくしてからもう一度お試しください。"
        )
    if not form.is_valid():
        response = public_views.resource_detail(request, page, pk)
        response.context_data["report_form"] = form
        return response
    services.problem_report_create(
        resource=resource,
        kind=form.cleaned_data["kind"],
        comment=form.cleaned_data["comment"],
        ip=ip,
    )
    return HttpResponseRedirect(f"{detail_url}?report=sent#report")
