from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="確認コード",
        max_length=40,
        error_messages={"required": "コードを入力してください。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, numeric: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if numeric:
            self.fields["code"].help_text = "認証アプリに表示されている 6 桁の数字です。"
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
        else:
            self.fields[
                "code"
            ].help_text = (
                "認証アプリに表示されている 6 桁の数字、または回復コード（例: abcd-efgh）です。"
            )
