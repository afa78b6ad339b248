"""The public directory's filters: every one combines with the others and lives in the URL."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone

from directory.models import Area, Audience, Category, Kind, Language, Region, Resource
from directory.models.schedules import WEEKDAY_CHOICES
from directory.search.corrections import corrected_search

TIME_OF_DAY = {
    "morning": ("午前", dt.time(0, 0), dt.time(12, 0)),
    "afternoon": ("午後", dt.time(12, 0), dt.time(17, 0)),
    "evening": ("夕方・夜", dt.time(17, 0), dt.time(23, 59, 59)),
}


class CheckedOnlyFilter(django_filters.BooleanFilter):
    """A checkbox that narrows the list when ticked and does nothing when not."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, True) if value else qs


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="キーワード",
        method="filter_keyword",
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "enterkeyhint": "search",
                "placeholder": "例: 子ども食堂、体操、囲碁",
            }
        ),
    )
    region = django_filters.ModelChoiceFilter(
        label="地域",
        field_name="area__region",
        to_field_name="slug",
        queryset=Region.objects.all(),
        empty_label="すべての地域",
    )
    area = django_filters.ModelChoiceFilter(
        label="エリア（特別出張所）",
        to_field_name="slug",
        queryset=Area.objects.all(),
        empty_label="すべてのエリア",
    )
    kind = django_filters.ChoiceFilter(
        label="種類", choices=Kind.choices, empty_label="すべての種類"
    )
    category = django_filters.ModelChoiceFilter(
        label="活動",
        field_name="categories",
        to_field_name="slug",
        queryset=Category.objects.all(),
        empty_label="すべての活動",
    )
    audience = django_filters.ModelChoiceFilter(
        label="対象",
        field_name="audiences",
        to_field_name="slug",
        queryset=Audience.objects.all(),
        empty_label="どなたでも・すべて",
    )
    # Weekday, time of day and "this week" are applied together (filter_queryset): one meeting
    # must satisfy all of them.
    weekday = django_filters.ChoiceFilter(
        label="曜日",
        choices=[(str(d), f"{n}曜") for d, n in WEEKDAY_CHOICES],
        method="filter_by_meeting",
        empty_label="すべての曜日",
    )
    time_of_day = django_filters.ChoiceFilter(
        label="時間帯",
        choices=[(k, v[0]) for k, v in TIME_OF_DAY.items()],
        method="filter_by_meeting",
        empty_label="すべての時間帯",
    )
    language = django_filters.ModelChoiceFilter(
        label="言語",
        field_name="languages",
        to_field_name="slug",
        queryset=Language.objects.all(),
        empty_label="すべての言語",
    )
    free = CheckedOnlyFilter(label="無料", field_name="is_free")
    barrier_free = CheckedOnlyFilter(
        label="バリアフリー", field_name="accessibility_features__counts_as_barrier_free"
    )
    this_week = django_filters.BooleanFilter(
        label="今週ひらかれる", method="filter_by_meeting", widget=forms.CheckboxInput
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("weekday") or data.get("time_of_day") or data.get("this_week"):
            today = timezone.localdate()
            queryset = queryset.meeting(
                dates=(today, today + dt.timedelta(days=6)) if data.get("this_week") else None,
                weekday=int(data["weekday"]) if data.get("weekday") else None,
                starts=TIME_OF_DAY[data["time_of_day"]][1:] if data.get("time_of_day") else None,
            )
        # Filters across to-many relations can repeat a row; one distinct() at the end serves all.
        return queryset.distinct()

    def filter_keyword(self, queryset, name, value):
        """Japanese-aware search (directory/search/), best match first. The results are kept
        on the filterset so that the page can show where the words matched."""
        self.search = corrected_search(queryset, value)
        return self.search.queryset

    def filter_by_meeting(self, queryset, name, value):
        """Nothing on its own: ``filter_queryset`` applies the date conditions together."""
        return queryset
