"""The filters of the listing index (地域資源): django-filter, as Wagtail's index views use it.

Each filter is one condition on the listing table or one subquery, so filtering costs the same
whatever the number of listings; every filter survives in the URL, which the staff home's panels
link to (``?state=in_review``, ``?problem=open``, ``?area=3&unconfirmed_days=180``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet, TextChoices
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import WorkflowState

from directory.models import Area, Kind, LocationPrivacy, Region, Resource, Status

from . import selectors


class PublicationState(TextChoices):
    LIVE = "live", "公開中"
    CHANGED = "changed", "公開中（未公開の変更あり）"
    DRAFT = "draft", "未公開（下書き）"
    IN_REVIEW = "in_review", "審査待ち"
    NEEDS_CHANGES = "needs_changes", "差し戻し中"


class ProblemFilter(TextChoices):
    OPEN = "open", "未対応・対応中の報告あり"
    NONE = "none", "未対応の報告なし"


class ReconfirmationFilter(TextChoices):
    REQUESTED = "requested", "再確認の依頼あり"
    NONE = "none", "依頼なし"


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ResourceFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(
        label="地域", field_name="area__region", queryset=Region.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        label="特別出張所エリア", queryset=Area.objects.order_by("code")
    )
    kind = django_filters.ChoiceFilter(label="種類", choices=Kind.choices)
    status = django_filters.ChoiceFilter(label="活動状況", choices=Status.choices)
    state = django_filters.ChoiceFilter(
        label="公開・審査", choices=PublicationState.choices, method="filter_state"
    )
    unconfirmed_days = DaysFilter(
        label="情報確認日が○日より前（未確認を含む）",
        method="filter_unconfirmed_days",
        min_value=0,
        max_value=36500,
        help_text="例: 180。情報確認日がそれより前か、未確認の地域資源。",
    )
    problem = django_filters.ChoiceFilter(
        label="情報の誤りの報告", choices=ProblemFilter.choices, method="filter_problem"
    )
    reconfirmation = django_filters.ChoiceFilter(
        label="再確認の依頼", choices=ReconfirmationFilter.choices, method="filter_reconfirmation"
    )
    location_privacy = django_filters.ChoiceFilter(
        label="場所の公開", choices=LocationPrivacy.choices
    )

    class Meta:
        model = Resource
        fields = []

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == PublicationState.LIVE:
            return queryset.filter(live=True)
        if value == PublicationState.CHANGED:
            return queryset.filter(live=True, has_unpublished_changes=True)
        if value == PublicationState.DRAFT:
            return queryset.filter(live=False)
        status = (
            WorkflowState.STATUS_IN_PROGRESS
            if value == PublicationState.IN_REVIEW
            else WorkflowState.STATUS_NEEDS_CHANGES
        )
        return queryset.filter(pk__in=selectors.resource_ids_in_workflow(status=status))

    def filter_unconfirmed_days(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(selectors.confirmed_before(days=value))

    def filter_problem(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        with_open = selectors.open_problem_reports().values("resource_id")
        if value == ProblemFilter.OPEN:
            return queryset.filter(pk__in=with_open)
        return queryset.exclude(pk__in=with_open)

    def filter_reconfirmation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        requested = value == ReconfirmationFilter.REQUESTED
        return queryset.filter(reconfirmation_requested_at__isnull=not requested)
