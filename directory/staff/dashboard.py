"""The staff home: panels on the admin dashboard (``construct_homepage_panels``) for the staff's
daily questions, each linking to the listing index filtered to match. Every panel answers in a
fixed number of queries and is shown only to staff who may act on what it lists.

Gaps coordinators mark shareable (「地域で共有してよい」) belong to matching, which directory never
imports: matching registers its own panel in matching/wagtail_hooks.py once gaps have that flag.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component

from directory.models import ProblemKind

from . import selectors
from .filters import ProblemFilter, PublicationState, ReconfirmationFilter

ROWS = 10


def resource_list_url(**filters) -> str:
    """The listing index, filtered (the filters of ``filters.ResourceFilterSet``)."""
    url = reverse("wagtailsnippets_directory_resource:list")
    return f"{url}?{urlencode(filters)}" if filters else url


class StaffPanel(Component):
    permission = "directory.change_resource"

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return self.request.user.has_perm(self.permission)

    def render_html(self, parent_context=None) -> str:
        return super().render_html(parent_context) if self.is_shown() else ""


class SubmissionsPanel(StaffPanel):
    """Groups' submissions (changes and new listings) waiting for review, oldest first."""

    name = "directory_submissions"
    template_name = "directory/staff/panels/submissions.html"
    order = 50

    def get_context_data(self, parent_context=None):
        submissions, total = selectors.submission_list(limit=ROWS)
        return {
            "submissions": submissions,
            "total": total,
            "list_url": resource_list_url(state=PublicationState.IN_REVIEW, ordering="_updated_at"),
        }


class ProblemReportsPanel(StaffPanel):
    """Problems the public reported that nobody has dealt with yet, oldest first."""

    name = "directory_problem_reports"
    template_name = "directory/staff/panels/problem_reports.html"
    order = 60
    permission = "directory.change_problemreport"

    def get_context_data(self, parent_context=None):
        by_kind = selectors.open_problem_counts_by_kind()
        return {
            "reports": list(selectors.open_problem_reports().select_related("resource")[:ROWS]),
            "total": sum(by_kind.values()),
            "by_kind": [(label, by_kind.get(kind, 0)) for kind, label in ProblemKind.choices],
            "reports_url": reverse("wagtailsnippets_directory_problemreport:list"),
            "list_url": resource_list_url(problem=ProblemFilter.OPEN),
        }


class StaleByAreaPanel(StaffPanel):
    """Published listings not confirmed for FRESHNESS_DAYS, counted per area."""

    name = "directory_stale_by_area"
    template_name = "directory/staff/panels/stale_by_area.html"
    order = 70

    def get_context_data(self, parent_context=None):
        days = settings.FRESHNESS_DAYS
        rows = [
            (
                count.area,
                count.count,
                resource_list_url(
                    area=count.area.pk, unconfirmed_days=days, state=PublicationState.LIVE
                ),
            )
            for count in selectors.stale_counts_by_area(days=days)
        ]
        return {"rows": rows, "days": days, "total": sum(count for _, count, _ in rows)}


class ReconfirmationPanel(StaffPanel):
    """Listings flagged for re-confirmation (a placement that failed because the information was
    out of date, or staff asking the group), oldest first."""

    name = "directory_reconfirmation"
    template_name = "directory/staff/panels/reconfirmation.html"
    order = 80

    def get_context_data(self, parent_context=None):
        flagged = selectors.reconfirmation_requests()
        return {
            "resources": list(flagged[:ROWS]),
            "total": flagged.count(),
            "list_url": resource_list_url(reconfirmation=ReconfirmationFilter.REQUESTED),
        }


PANELS = (SubmissionsPanel, ProblemReportsPanel, StaleByAreaPanel, ReconfirmationPanel)
# Wagtail's 「あなたの確認待ち」 lists every task awaiting review with several queries each (130
# queries and half a second of CPU for 100 submissions in benchmarks/admin.py); the submissions
# panel replaces it: the oldest first, a fixed number of queries, and the full list one click away.
REPLACED = {"workflow_objects_to_moderate"}


def staff_home(request, panels: list) -> None:
    """The staff home's panels (``construct_homepage_panels``): ours in, the one replaced out."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED]
    panels.extend(panel(request) for panel in PANELS)
