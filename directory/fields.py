"""Small model fields the directory needs."""

from django import forms
from django.db import models


class IntegerSetField(models.CharField):
    """A set of small integers from `choices`, stored as text such as "1,3".

    Weekdays are single digits (0–6), so `field__contains="3"` finds rules that include Wednesday
    on every database without JSON or array support.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @staticmethod
    def parse(value) -> list[int]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return sorted({int(part) for part in value.split(",") if part.strip()})
        return sorted({int(v) for v in value})

    def from_db_value(self, value, expression, connection):
        return self.parse(value)

    def to_python(self, value):
        return self.parse(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value  # a lookup value such as "3" for __contains
        return ",".join(str(v) for v in self.parse(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        valid = {choice for choice, _ in self.choices or []}
        for item in self.parse(value):
            if valid and item not in valid:
                raise forms.ValidationError(f"{item} は選べない値です。")
        if not self.blank and not value:
            raise forms.ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            required=not self.blank,
            choices=self.choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
        )
