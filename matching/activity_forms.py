"""Forms for activity records (活動の記録). They validate input and turn case codes into clients
through the user's scoped selectors; the services in ``services.activities`` make the changes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ObjectDoesNotExist

from directory.models import Area, Resource, Status

from . import selectors
from .forms import DateInput
from .models import (
    CommunityActionKind,
    CommunityActionResult,
    ContactKind,
    Meeting,
    MeetingKind,
    OrganisationType,
)

UNKNOWN_CASE = "ケース番号「{code}」の本人は担当エリアにいません。番号を確かめてください。"


class _ActivityForm(forms.Form):
    """Every activity form knows the user (for case codes and areas)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "area" in self.fields:
            self.fields["area"].queryset = selectors.areas_in_scope(user=user).order_by("code")

    def client_for(self, code: str):
        try:
            return selectors.client_get(user=self.user, case_code=code.strip())
        except ObjectDoesNotExist:
            raise forms.ValidationError(UNKNOWN_CASE.format(code=code.strip())) from None


class SupportContactForm(_ActivityForm):
    case_code = forms.CharField(label="ケース番号", max_length=40)
    on = forms.DateField(label="日付", widget=DateInput)
    kind = forms.ChoiceField(label="種類", choices=ContactKind.choices, widget=forms.RadioSelect)
    minutes = forms.IntegerField(label="時間（分）", min_value=1, max_value=600)

    def clean_case_code(self):
        return self.client_for(self.cleaned_data["case_code"])


class CommunityActionForm(_ActivityForm):
    area = forms.ModelChoiceField(label="特別出張所エリア", queryset=Area.objects.none())
    on = forms.DateField(label="日付", widget=DateInput)
    kind = forms.ChoiceField(label="種類", choices=CommunityActionKind.choices)
    result = forms.ChoiceField(label="結果", choices=CommunityActionResult.choices)
    resource = forms.ModelChoiceField(
        label="支援した地域資源",
        queryset=Resource.objects.filter(live=True, status=Status.ACTIVE).order_by("name_kana"),
        required=False,
        help_text="まだ掲載のない活動の立ち上げなら空欄。",
    )
    participants = forms.IntegerField(
        label="参加した区民・団体・事業者の数", min_value=0, max_value=100_000, initial=0
    )


class MeetingForm(_ActivityForm):
    area = forms.ModelChoiceField(label="特別出張所エリア", queryset=Area.objects.none())
    kind = forms.ChoiceField(label="種類", choices=MeetingKind.choices)
    on = forms.DateField(label="開催日", widget=DateInput)
    cases = forms.CharField(
        label="検討したケース",
        required=False,
        help_text="ケース番号を空白か「、」で区切って入力します。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in OrganisationType.choices:
            self.fields[f"attendance_{value}"] = forms.IntegerField(
                label=f"参加者数: {label}", min_value=0, max_value=999, required=False
            )

    def clean_cases(self):
        codes = self.cleaned_data["cases"].replace("、", " ").replace(",", " ").split()
        return [self.client_for(code) for code in dict.fromkeys(codes)]

    def attendance(self) -> dict[str, int]:
        return {
            value: self.cleaned_data.get(f"attendance_{value}") or 0
            for value, _ in OrganisationType.choices
        }


class OutreachPlanForm(_ActivityForm):
    meeting = forms.ModelChoiceField(label="作成した会議", queryset=Meeting.objects.none())
    case_code = forms.CharField(label="ケース番号", max_length=40)
    made_on = forms.DateField(label="作成日", widget=DateInput)
    review_on = forms.DateField(label="見直し予定日", widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = selectors.meeting_list(user=self.user).values_list("pk", flat=True)[:50]
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(pk__in=list(recent)).select_related("area").order_by("-on")
        )
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.on:%Y-%m-%d} {m.get_kind_display()}（{m.area.name}）"
        )

    def clean_case_code(self):
        return self.client_for(self.cleaned_data["case_code"])


class AgencyReferralForm(_ActivityForm):
    area = forms.ModelChoiceField(label="特別出張所エリア", queryset=Area.objects.none())
    on = forms.DateField(label="日付", widget=DateInput)
    agency = forms.ChoiceField(label="つないだ機関", choices=OrganisationType.choices)
    case_code = forms.CharField(
        label="ケース番号",
        max_length=40,
        required=False,
        help_text="参加支援の本人でなければ空欄（件数だけを記録します）。",
    )

    def clean_case_code(self):
        code = self.cleaned_data["case_code"].strip()
        return self.client_for(code) if code else None
