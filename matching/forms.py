"""Forms of the coordinator workspace. They validate input; the services make the changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.dates import fiscal_year
from directory.models import Area, Kind, Region, Resource, Town

from .models import (
    CONSENT_FIELDS,
    GAP_FIELDS,
    TRANSITIONS,
    Client,
    CloseReason,
    ConsentMethod,
    ConsentScope,
    FailureReason,
    FollowUpMethod,
    FollowUpOutcome,
    GapStatus,
    IntakeStatus,
    ResourceGap,
    Stage,
)

STAGE_ACTION_LABELS = {
    Stage.TRIAL: "見学・体験へ進める",
    Stage.STARTED: "参加開始にする",
    Stage.SETTLED: "定着にする",
    Stage.ENDED: "終了にする",
    Stage.NOT_REALISED: "不成立にする",
}
WELLBEING_CHOICES = [
    (1, "1 とても不調"),
    (2, "2 やや不調"),
    (3, "3 ふつう"),
    (4, "4 やや良い"),
    (5, "5 とても良い"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedFormMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


CLIENT_WIDGETS = {
    "audiences": forms.CheckboxSelectMultiple,
    "interests": forms.CheckboxSelectMultiple,
    "accessibility_needs": forms.CheckboxSelectMultiple,
    "languages": forms.CheckboxSelectMultiple,
    "referred_on": DateInput,
    "consent_given_on": DateInput,
    "strengths": forms.Textarea(attrs={"rows": 3}),
    "wishes": forms.Textarea(attrs={"rows": 3}),
    "constraints_note": forms.Textarea(attrs={"rows": 3}),
}


class ClientForm(forms.ModelForm):
    """A client's record. Areas, towns and coordinators are limited to the user's scope."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "area",
            "town",
            "age_band",
            "audiences",
            "interests",
            "strengths",
            "wishes",
            "free_weekdays",
            "free_times",
            "max_distance_km",
            "accessibility_needs",
            "languages",
            "needs_companion",
            "constraints_note",
            "referral_source",
            "referred_on",
            "coordinator",
            *CONSENT_FIELDS,
        ]
        widgets = CLIENT_WIDGETS

    def __init__(self, *args, area_ids, coordinators, with_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(pk__in=area_ids)
        self.fields["town"].queryset = Town.objects.filter(area_id__in=area_ids)
        self.fields["coordinator"].queryset = coordinators
        self.fields["max_distance_km"].min_value = 0
        if not with_consent:
            for name in CONSENT_FIELDS:
                del self.fields[name]

    def clean_max_distance_km(self):
        value = self.cleaned_data.get("max_distance_km")
        if value is not None and value <= 0:
            raise ValidationError("0より大きい距離を入力してください。")
        return value


class ClientConsentForm(VersionedFormMixin):
    consent_given_on = forms.DateField(label="同意を得た日", widget=DateInput)
    consent_scope = forms.ChoiceField(
        label="同意の範囲", choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    consent_method = forms.ChoiceField(
        label="同意の方法", choices=ConsentMethod.choices, widget=forms.RadioSelect
    )


class ClientWithdrawForm(VersionedFormMixin):
    withdrawn_on = forms.DateField(label="撤回の申し出を受けた日", widget=DateInput)
    confirm = forms.BooleanField(
        label="同意が撤回されたことを確認しました（記録は凍結され、新しいつなぎは作れなくなります）",
    )


class ClientCloseForm(VersionedFormMixin):
    closed_on = forms.DateField(label="支援終了日", widget=DateInput)
    reason = forms.ChoiceField(
        label="支援終了の理由", choices=CloseReason.choices, widget=forms.RadioSelect
    )


class PlacementProposeForm(forms.Form):
    proposed_on = forms.DateField(
        label="提案日", widget=DateInput, help_text="本人にこの場所を提案した日。"
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlacementTransitionForm(VersionedFormMixin):
    to_stage = forms.ChoiceField(label="次の段階", widget=forms.RadioSelect)
    on_date = forms.DateField(label="日付", widget=DateInput, help_text="その段階になった日。")
    failure_reason = forms.ChoiceField(
        label="不成立の理由",
        choices=[("", "（不成立のときに選ぶ）"), *FailureReason.choices],
        required=False,
        help_text="「情報が古い」「連絡がつかない」を選ぶと、掲載情報の再確認を依頼します。",
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, STAGE_ACTION_LABELS[s]) for s in TRANSITIONS[stage]]

    def clean(self):
        data = super().clean()
        if data.get("to_stage") == Stage.NOT_REALISED and not data.get("failure_reason"):
            self.add_error("failure_reason", "不成立の理由を選んでください。")
        return data


class PlacementUpdateForm(VersionedFormMixin):
    accompanied = forms.BooleanField(label="同行した", required=False)
    host_prepared = forms.BooleanField(
        label="受け入れ先へ事前調整した",
        required=False,
        help_text="受け入れ先に、本人が来ること・配慮してほしいことを前もって伝えた。",
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpRecordForm(forms.Form):
    done_on = forms.DateField(label="実施日", widget=DateInput)
    method = forms.ChoiceField(
        label="方法", choices=FollowUpMethod.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label="結果", choices=FollowUpOutcome.choices, widget=forms.RadioSelect
    )
    wellbeing = forms.TypedChoiceField(
        label="本人の様子",
        choices=WELLBEING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    new_connections = forms.IntegerField(
        label="新しくできたつながり（人・場所の数）", min_value=0, max_value=99, initial=0
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResourceGapForm(forms.ModelForm):
    client_code = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ResourceGap
        fields = GAP_FIELDS
        widgets = {
            "opened_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.RadioSelect,
        }

    def __init__(self, *args, area_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(pk__in=area_ids)
        self.fields["reason"].choices = self.fields["reason"].choices[1:]  # no empty choice


class ResourceGapTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="新しい状況", widget=forms.RadioSelect)
    answered_by = forms.ModelChoiceField(
        label="この不足にこたえた地域資源",
        queryset=Resource.objects.none(),
        required=False,
        help_text="「創出済」にするときに選びます（このエリアの公開中の地域資源）。",
    )
    on_date = forms.DateField(label="日付", widget=DateInput)
    note = forms.CharField(label="メモ", required=False, max_length=200)

    def __init__(self, *args, gap: ResourceGap, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, GapStatus(s).label) for s in gap.next_statuses]
        self.fields["answered_by"].queryset = Resource.objects.filter(
            live=True, area_id=gap.area_id
        ).order_by("name_kana")


class ResourceGapAddClientForm(forms.Form):
    case_code = forms.CharField(label="ケース番号", max_length=20, help_text="例: OTA-2026-0001")


class SuggestionFilterForm(forms.Form):
    kind = forms.ChoiceField(label="種類", choices=[("", "すべて"), *Kind.choices], required=False)


def fiscal_year_choices(today: dt.date | None = None) -> list[tuple[int, str]]:
    current = fiscal_year(today or timezone.localdate())
    return [(y, f"{y}年度") for y in range(current, current - 6, -1)]


class IndicatorFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int, choices=())
    month = forms.TypedChoiceField(
        label="月",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", "年度全体"),
            *[(m, f"{m}月") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)],
        ],
    )
    region = forms.ModelChoiceField(
        label="地域", queryset=Region.objects.none(), required=False, empty_label="すべて"
    )
    area = forms.ModelChoiceField(
        label="特別出張所エリア", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )

    def __init__(self, *args, area_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()
        self.fields["region"].queryset = Region.objects.filter(areas__pk__in=area_ids).distinct()
        self.fields["area"].queryset = Area.objects.filter(pk__in=area_ids)


class IntakeStatusForm(forms.Form):
    """A coordinator's follow-up of a 「つながりたい」 request."""

    status = forms.ChoiceField(
        label="状態",
        choices=[(s.value, s.label) for s in (IntakeStatus.CONTACTED, IntakeStatus.CLOSED)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="対応メモ",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="暗号化して保存します。連絡した日や、ほかの窓口につないだことなど。",
    )
