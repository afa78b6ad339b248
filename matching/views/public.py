"""The public 「つながりたい」 form: a resident (or someone on their behalf) asks the area's
coordinators to contact them. Linked from public pages by URL name (``connect:request``); the
directory never imports this module.

Nothing sent here is ever shown back: the confirmation names only the area's coordinators, how
and when they will get in touch.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from directory.models import Area, ConsultationCounter
from matching.models import ContactMethod
from matching.public_forms import IntakeRequestForm, consent_text
from matching.services import intake_submit, intake_submit_allowed

DONE_SESSION_KEY = "matching_intake_done"
TOO_MANY = (
    "短い時間に多くの申込が送られました。しばらくしてからもう一度お試しいただくか、"
    "相談窓口へお電話ください。"
)


def _client_ip(request) -> str:
    # Set from the trusted proxy by cms.middleware; only hashed for the rate limit, never stored.
    return request.META.get("REMOTE_ADDR", "")


@method_decorator(never_cache, name="dispatch")
class IntakeRequestView(View):
    template_name = "matching/public/intake_form.html"

    def render(self, form, status: int = 200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "consent_text": consent_text()},
            status=status,
        )

    def get(self, request):
        initial = {}
        area = Area.objects.filter(slug=request.GET.get("area", "")).first()
        if area is not None:
            initial["area"] = area
        return self.render(IntakeRequestForm(initial=initial))

    def post(self, request):
        form = IntakeRequestForm(request.POST)
        if form.is_bot():
            return redirect("connect:done")  # tell bots nothing
        ip = _client_ip(request)
        if form.is_valid() and not intake_submit_allowed(ip=ip):
            form.add_error(None, TOO_MANY)
        if not form.is_valid():
            return self.render(form, status=400)
        intake = intake_submit(data=form.cleaned_data, consent_text=consent_text(), ip=ip)
        request.session[DONE_SESSION_KEY] = {
            "area": intake.area_id,
            "method": intake.contact_method,
        }
        return redirect("connect:done")


@method_decorator(never_cache, name="dispatch")
class IntakeDoneView(View):
    def get(self, request):
        done = request.session.pop(DONE_SESSION_KEY, None)
        area = Area.objects.select_related("region").filter(pk=(done or {}).get("area")).first()
        if area is None:
            return redirect("connect:request")
        counters = ConsultationCounter.objects.for_area(area)
        return render(
            request,
            "matching/public/intake_done.html",
            {
                "area": area,
                "method": ContactMethod(done["method"]).label,
                "days": settings.INTAKE_RESPONSE_DAYS,
                "counters": counters,
            },
        )
