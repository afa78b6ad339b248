"""Template helpers for the portal and the public listing page."""

from django import template
from django.conf import settings
from django.urls import reverse

from directory.portal.forms import ProblemReportForm

register = template.Library()


@register.filter
def is_stale(resource) -> bool:
    """Whether the listing has not been confirmed for FRESHNESS_DAYS."""
    return resource.is_stale(settings.FRESHNESS_DAYS)


@register.inclusion_tag("directory/components/problem_report.html", takes_context=True)
def problem_report_form(context, resource):
    """The 「情報の誤りを報告」 form for a public listing page (with errors after a bad POST). No
    CSRF token: the page is cached for every visitor (the report view checks the origin)."""
    request = context.get("request")
    return {
        "report_form": context.get("report_form") or ProblemReportForm(),
        "report_url": reverse("portal:problem_report", args=[resource.pk]),
        "report_sent": request is not None and request.GET.get("report") == "sent",
    }
