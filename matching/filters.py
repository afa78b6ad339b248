"""The client list filter (django-filter), limited to what the user may see."""

import django_filters
from django import forms

from directory.models import Area, Category

from .models import Client, ClientStatus, ReferralSource


class ClientFilter(django_filters.FilterSet):
    case_code = django_filters.CharFilter(
        label="ケース番号", lookup_expr="icontains", help_text="一部でも探せます。"
    )
    area = django_filters.ModelChoiceFilter(
        label="特別出張所エリア", queryset=Area.objects.none(), empty_label="すべて"
    )
    status = django_filters.ChoiceFilter(
        label="状態", choices=ClientStatus.choices, empty_label="すべて"
    )
    coordinator = django_filters.ModelChoiceFilter(
        label="担当コーディネーター", queryset=None, empty_label="すべて"
    )
    referral_source = django_filters.ModelChoiceFilter(
        label="紹介元", queryset=ReferralSource.objects.all(), empty_label="すべて"
    )
    interests = django_filters.ModelMultipleChoiceFilter(
        label="関心のあること",
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだどれかに関心がある本人を表示します。",
        distinct=True,
    )

    class Meta:
        model = Client
        fields = ["case_code", "area", "status", "coordinator", "referral_source", "interests"]

    def __init__(self, *args, area_ids, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].queryset = Area.objects.filter(pk__in=area_ids)
        self.filters["coordinator"].queryset = coordinators
