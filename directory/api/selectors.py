"""What the open-data API and exports may read: public listings and the groups that run them.

Every read starts from ``Resource.objects.public()`` (published, not hidden), so a draft or a
hidden listing can never reach the API or a CSV file.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from directory.models import Organization, Resource, ScheduleException

PREFETCHED = (
    "categories",
    "audiences",
    "languages",
    "accessibility_features",
    "schedule_rules",
    "schedule_exceptions",
)


def resources_for_api(queryset: QuerySet[Resource] | None = None) -> QuerySet[Resource]:
    """Public listings with everything a full HSDS service needs, in a fixed number of queries
    (1 + 6 prefetches, whatever the page size), each as a plain list (see ``related``).
    Only coming one-off changes are fetched."""
    queryset = Resource.objects.public() if queryset is None else queryset
    return queryset.select_related("area", "area__region", "organization").prefetch_related(
        *(Prefetch(name, to_attr=f"api_{name}") for name in PREFETCHED[:-1]),
        Prefetch(
            "schedule_exceptions",
            queryset=ScheduleException.objects.filter(date__gte=timezone.localdate()),
            to_attr="api_schedule_exceptions",
        ),
    )


def related(resource: Resource, name: str) -> list:
    """``resource.<name>.all()`` as a list, from the plain list ``resources_for_api`` prefetched
    (going through modelcluster's managers for each listing costs more than the query)."""
    cached = getattr(resource, f"api_{name}", None)
    return cached if cached is not None else list(getattr(resource, name).all())


def organizations_public() -> QuerySet[Organization]:
    """Groups that run at least one public listing. A group whose only listings are hidden
    (a DV shelter, a home-run 子ども食堂) is not published at all."""
    return Organization.objects.filter(
        pk__in=Resource.objects.public().values("organization_id")
    ).order_by("name_kana", "name", "pk")
