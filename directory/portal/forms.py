"""The portal's forms: simple, phone-friendly, and limited to the fields a group owns."""

from __future__ import annotations

import re
from html import unescape

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.html import escape, strip_tags
from modelcluster.forms import ClusterForm

from directory.models import (
    VOLUNTEER_FIELDS,
    ConfirmationMethod,
    ProblemKind,
    Resource,
)
from directory.models.schedules import SCHEDULE_EXCEPTION_FIELDS, SCHEDULE_RULE_FIELDS
from directory.spam import HoneypotForm

# The fields a group owns (DESIGN §4.3); everything else stays with the ward's editors.
GROUP_FIELDS = [
    "status",
    "alert",
    "capacity",
    "phone",
    "email",
    "website",
    *VOLUNTEER_FIELDS,
]
# What a new listing needs in addition (the rest is filled in by the reviewers).
PROPOSAL_FIELDS = [
    "kind",
    "name",
    "name_kana",
    "summary",
    "area",
    "venue",
    "address",
    "location_privacy",
    "is_free",
    "cost",
]
DATE_WIDGET = {"type": "date"}
TIME_WIDGET = {"type": "time"}
PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")


def plain_text_to_rich_text(text: str) -> str:
    """Each blank-line-separated paragraph, escaped, in a <p>; single line breaks as <br>."""
    paragraphs = [p.strip() for p in PARAGRAPH_SPLIT.split(text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p
    )


def rich_text_to_plain_text(html: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", html or "")
    text = re.sub(r"</p>\s*", "\n\n", text)
    text = strip_tags(text)
    return unescape(text).strip()


def _child_widgets(fields: list[str]) -> dict:
    widgets = {}
    for name in ("date", "valid_from", "valid_until"):
        if name in fields:
            widgets[name] = forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    for name in ("start_time", "end_time"):
        if name in fields:
            widgets[name] = forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M")
    return widgets


def _hide_unneeded_row_controls(formset) -> None:
    """A blank row cannot be deleted, and one saved row has nothing to be reordered against."""
    for child in formset.extra_forms:
        child.fields.pop("DELETE", None)
    if len(formset.initial_forms) < 2:
        for child in formset.forms:
            if "ORDER" in child.fields:
                child.fields["ORDER"].widget = forms.HiddenInput()


class ResourceUpdateForm(ClusterForm):
    """Edits a listing's group-owned fields, its schedule rules and its cancellations."""

    description_text = forms.CharField(
        label="くわしい説明",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="空行で段落を分けます。文字の装飾やリンクは使えません。",
    )

    class Meta:
        model = Resource
        fields = GROUP_FIELDS
        formsets = {
            "schedule_rules": {
                "fields": SCHEDULE_RULE_FIELDS,
                "widgets": _child_widgets(SCHEDULE_RULE_FIELDS),
                "extra": 1,
            },
            "schedule_exceptions": {
                "fields": SCHEDULE_EXCEPTION_FIELDS,
                "widgets": _child_widgets(SCHEDULE_EXCEPTION_FIELDS),
                "extra": 1,
            },
        }
        widgets = {
            "volunteer_tasks": forms.Textarea(attrs={"rows": 3}),
            "skills_wanted": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_description = rich_text_to_plain_text(self.instance.description)
        self.fields["description_text"].initial = self.initial_description
        if self.instance.kind != "volunteer":
            for name in VOLUNTEER_FIELDS:
                self.fields.pop(name, None)
        for formset in self.formsets.values():
            _hide_unneeded_row_controls(formset)

    def save(self, commit: bool = False):
        """Apply the form to the (unsaved) listing; the services decide how it is stored."""
        text = self.cleaned_data.get("description_text", "")
        # Keep the editors' formatting when the group did not touch the text.
        if text.strip() != self.initial_description:
            self.instance.description = plain_text_to_rich_text(text)
        return super().save(commit=commit)


class ResourceProposalForm(ResourceUpdateForm):
    """A new listing proposed by a group: the basics plus everything a group owns."""

    class Meta(ResourceUpdateForm.Meta):
        fields = PROPOSAL_FIELDS + GROUP_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in VOLUNTEER_FIELDS:
            if name not in self.fields:
                self.fields[name] = Resource._meta.get_field(name).formfield()


class ConfirmOnBehalfForm(forms.Form):
    method = forms.ChoiceField(
        label="確認の方法",
        choices=[c for c in ConfirmationMethod.choices if c[0] != ConfirmationMethod.PORTAL],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="メモ（任意）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="だれに、何を確認したか。公開されません。",
    )


class InvitationAcceptForm(forms.Form):
    """Sets the invited person's password (Django's password validators apply)."""

    password1 = forms.CharField(
        label="パスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="10文字以上。ほかのサイトと同じパスワードは避けてください。",
    )
    password2 = forms.CharField(
        label="パスワード（確認）",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "2つのパスワードが一致しません。")
        elif p1:
            probe = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PortalPasswordResetForm(PasswordResetForm):
    """「パスワードを忘れた」: mails a one-time link to portal members only. Django's view answers
    the same whether or not the address belongs to anyone, so nobody learns who is registered."""

    email = forms.EmailField(
        label="メールアドレス",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="ログインに使っているメールアドレスです。",
    )

    def get_users(self, email):
        # Staff and coordinators reset theirs in the admin's own way, with two-factor sign-in.
        return (
            user
            for user in super().get_users(email)
            if user.portal_memberships.exists() and not user.is_staff
        )


class PortalSetPasswordForm(SetPasswordForm):
    """The new password, twice, with Japanese labels (Django's password validators apply)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新しいパスワード"
        self.fields[
            "new_password1"
        ].help_text = "10文字以上。ほかのサイトと同じパスワードは避けてください。"
        self.fields["new_password2"].label = "新しいパスワード（確認）"


class ProblemReportAnswerForm(forms.Form):
    """The group's 「対応しました」 on a report about its listing, with an optional line for staff."""

    reply = forms.CharField(
        label="区の担当者へのひとこと（任意・500字まで）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text="例: 開催日を直しました。電話番号は変わっていません。",
    )


class ProblemReportForm(HoneypotForm):
    """The public 「情報の誤りを報告」 form: no personal data, a honeypot for bots."""

    kind = forms.ChoiceField(label="内容", choices=ProblemKind.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="くわしく（任意・500字まで）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text="お名前や連絡先は書かないでください。",
    )
