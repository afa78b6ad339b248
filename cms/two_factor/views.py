"""The two-factor pages: verify a signed-in session, enrol an authenticator app, and manage
both the app and the recovery codes (docs/security.md)."""

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from . import devices, is_required
from .forms import CodeForm

WRONG_CODE = "コードが正しくありません。認証アプリの最新のコードを入力してください。"


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(View):
    """Base of the pages: a signed-in user only; ``next`` is kept only if it stays on this site."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("/")
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return "/"

    def render(self, template: str, context: dict):
        context.setdefault("next", self.next_url())
        return render(self.request, f"two_factor/{template}", context)

    def signed_in_with(self, device) -> None:
        # A new session key for the now fully signed-in session.
        self.request.session.cycle_key()
        otp_login(self.request, device)

    def recovery_codes_page(self, codes: list[str], enrolled: bool = False):
        """The new recovery codes, shown this once."""
        return self.render(
            "recovery_codes.html",
            {
                "codes": [f"{code[:4]}-{code[4:]}" for code in codes],
                "enrolled": enrolled,
                "title": "回復コード",
            },
        )

    def throttled_message(self, error: devices.Throttled) -> str:
        return (
            "コードの誤りが続いたため、しばらく入力できません。"
            f"{error.until:%H時%M分%S秒}を過ぎてから、もう一度お試しください。"
        )


class VerifyView(TwoFactorView):
    def get(self, request):
        if request.user.is_verified() or not devices.has_device(request.user):
            return redirect(self.next_url())
        return self.page(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                verification = devices.verify(request.user, form.cleaned_data["code"])
            except devices.Throttled as error:
                form.add_error("code", self.throttled_message(error))
            else:
                if verification is not None:
                    self.signed_in_with(verification.device)
                    if verification.recovery_codes_left is not None:
                        messages.warning(
                            request,
                            "回復コードでログインしました（このコードはもう使えません。"
                            f"残り {verification.recovery_codes_left} 個）。"
                            "認証アプリが使えなくなった場合は、二要素認証の設定から"
                            "登録し直してください。",
                        )
                    return redirect(self.next_url())
                form.add_error(
                    "code",
                    "コードが正しくありません。認証アプリの最新の 6 桁のコード、"
                    "または未使用の回復コードを入力してください。",
                )
        return self.page(form)

    def page(self, form):
        return self.render("verify.html", {"form": form, "title": "確認コードの入力"})


class SetupView(TwoFactorView):
    """Enrol an authenticator app. Replacing a confirmed app needs a verified session: a
    password alone must never be enough to swap someone's second factor."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified() and devices.has_device(user):
            return redirect(f"{reverse('account:two_factor_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(devices.pending_app(request.user), CodeForm(numeric=True))

    def post(self, request):
        device = devices.pending_app(request.user)
        form = CodeForm(request.POST, numeric=True)
        if form.is_valid():
            try:
                codes = devices.confirm_app(request.user, device, form.cleaned_data["code"])
            except devices.Throttled as error:
                form.add_error("code", self.throttled_message(error))
            except ValueError:
                form.add_error("code", WRONG_CODE)
            else:
                device.refresh_from_db()
                self.signed_in_with(device)
                return self.recovery_codes_page(codes, enrolled=True)
        return self.page(device, form)

    def page(self, device, form):
        qr = segno.make(device.config_url, error="m").svg_inline(
            scale=5, title="認証アプリに読み取らせる QR コード"
        )
        return self.render(
            "setup.html",
            {
                "form": form,
                "qr_svg": qr,
                "key": devices.readable_key(device.bin_key),
                "replacing": devices.has_device(self.request.user),
                "title": "二要素認証の設定",
            },
        )


class ManageView(TwoFactorView):
    """Status of the app and the recovery codes; new codes; turning it off where optional."""

    def get(self, request):
        user = request.user
        return self.render(
            "manage.html",
            {
                "app": devices.app_for(user),
                "codes_left": devices.recovery_codes_left(user),
                "required": is_required(user),
                "title": "二要素認証",
            },
        )

    def post(self, request):
        user = request.user
        if not user.is_verified():
            messages.error(request, "先に確認コードを入力してください。")
            return redirect("account:two_factor_verify")
        action = request.POST.get("action")
        if action == "recovery_codes":
            return self.recovery_codes_page(devices.new_recovery_codes(user))
        if action == "disable" and not is_required(user):
            devices.disable(user)
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(
                request, "二要素認証をやめました。次からはパスワードだけでログインします。"
            )
            return redirect("account:two_factor")
        messages.error(request, "この操作はできません。")
        return redirect("account:two_factor")


class LogoutView(auth_views.LogoutView):
    next_page = "/"
