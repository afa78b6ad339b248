"""Small model fields the directory needs."""

import contextlib

from django import forms
from django.core import exceptions
from django.db import models
from django.db.models.query_utils import DeferredAttribute


class IntegerSetDescriptor(DeferredAttribute):
    """Keeps the attribute a sorted list of ints, whatever is assigned ("1,3", ["3", "1"], …).

    Without it an unsaved instance keeps the raw value it was given (the default "" or a string
    from a form or a revision), and code that iterates over it sees characters, not numbers.
    """

    def __set__(self, instance, value):
        # An unreadable value is kept as given so full_clean() reports it, as other fields do.
        with contextlib.suppress(exceptions.ValidationError):
            value = self.field.to_python(value)
        instance.__dict__[self.field.attname] = value


class IntegerSetField(models.CharField):
    """A set of small integers from `choices`, stored as text such as "1,3".

    Weekdays are single digits (0–6), so `field__contains="3"` finds rules that include Wednesday
    on every database without JSON or array support. (Do not rely on this for values with more
    than one character: "1" is also contained in "-1".)
    """

    descriptor_class = IntegerSetDescriptor

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
        if isinstance(value, int):
            return [value]
        return sorted({int(v) for v in value})

    def from_db_value(self, value, expression, connection):
        return self.parse(value)

    def to_python(self, value):
        try:
            return self.parse(value)
        except (TypeError, ValueError) as error:
            raise exceptions.ValidationError(
                f"{value!r} は数字の組として読めません。", code="invalid"
            ) from error

    def get_prep_value(self, value):
        if isinstance(value, str):
            try:
                value = self.parse(value)
            except ValueError:
                return value  # a lookup value such as "3" for __contains is passed through
        return ",".join(str(v) for v in self.parse(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        valid = {choice for choice, _ in self.choices or []}
        for item in self.parse(value):
            if valid and item not in valid:
                raise exceptions.ValidationError(
                    f"{item} は選べない値です。", code="invalid_choice"
                )
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "label": self.verbose_name,
            "help_text": self.help_text,
            "required": not self.blank,
            "choices": self.choices,
            "coerce": int,
            "widget": forms.CheckboxSelectMultiple,
        }
        # Options a model form may pass (label, widget, …) win; the form class stays ours because
        # a plain CharField form field cannot hold a list.
        for key in ("form_class", "choices_form_class", "max_length", "empty_value"):
            kwargs.pop(key, None)
        defaults.update(kwargs)
        return forms.TypedMultipleChoiceField(**defaults)
