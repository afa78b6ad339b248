"""The form residents fill in on the public site: 「つながりたい」 (views in views/public.py)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import validate_email

from directory.models import Area
from directory.spam import HoneypotForm

from .models import ContactMethod, IntakeRequester

PHONE_DIGITS = re.compile(r"^\+?[0-9]{10,12}$")


def consent_text() -> str:
    """What the sender agrees to; stored word for word with each intake."""
    return (
        "入力した内容は、選んだエリアを担当する"
        f"{settings.MUNICIPALITY['name']}の地域福祉コーディネーターが、"
        "ご連絡とご相談のためだけに使います。内容は暗号化して保存し、公開したり、"
        "ほかの目的に使ったりすることはありません。対応が終わってから決められた期間がすぎると消去します。"
    )


class IntakeRequestForm(HoneypotForm):
    requester = forms.ChoiceField(
        label="どなたが申し込みますか",
        choices=IntakeRequester.choices,
        widget=forms.RadioSelect,
        initial=IntakeRequester.SELF,
    )
    area = forms.ModelChoiceField(
        label="相談したい人が住んでいるエリア（特別出張所）",
        queryset=Area.objects.select_related("region").order_by("code"),
        empty_label="選んでください",
        help_text="わからないときは、いちばん近いと思うエリアを選んでください。",
        error_messages={"required": "エリアを選んでください。"},
    )
    wishes = forms.CharField(
        label="どんなことを相談したいですか",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text="例: 人と話せる場所に行ってみたい。家にいる時間が長く、外に出るきっかけがほしい。"
        "（1000字まで）",
        error_messages={"required": "相談したいことを書いてください。"},
    )
    name = forms.CharField(
        label="お名前（呼び名でもかまいません）",
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "お名前（呼び名）を書いてください。"},
    )
    contact_method = forms.ChoiceField(
        label="連絡の方法", choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label="電話番号またはメールアドレス",
        max_length=100,
        error_messages={"required": "連絡先を書いてください。"},
    )
    contact_time = forms.CharField(
        label="連絡してよい曜日・時間帯（任意）",
        max_length=100,
        required=False,
        help_text="例: 平日の午後、土曜の午前",
    )
    on_behalf_consent = forms.BooleanField(
        label="ご本人の了解を得て申し込んでいます",
        required=False,
        help_text="ご家族や民生委員の方などが代わりに申し込むときに確認してください。",
    )
    consent = forms.BooleanField(
        label="上の内容に同意して申し込みます",
        error_messages={"required": "申し込むには、同意の欄にチェックを入れてください。"},
    )

    def clean(self):
        data = super().clean()
        method, contact = data.get("contact_method"), data.get("contact", "")
        if method == ContactMethod.PHONE and contact:
            digits = re.sub(r"[-‐－ー() 　（）]", "", unicodedata.normalize("NFKC", contact))
            if not PHONE_DIGITS.match(digits):
                self.add_error(
                    "contact", "電話番号は 03-1234-5678 のように、市外局番から書いてください。"
                )
        elif method == ContactMethod.EMAIL and contact:
            try:
                validate_email(contact.strip())
            except forms.ValidationError:
                self.add_error("contact", "メールアドレスの形が正しくありません。")
        requester = data.get("requester")
        if requester and requester != IntakeRequester.SELF and not data.get("on_behalf_consent"):
            self.add_error(
                "on_behalf_consent",
                "ご本人以外が申し込むときは、ご本人の了解を得てからお申し込みください。",
            )
        return data
