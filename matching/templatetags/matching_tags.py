from django import template

from directory.models.schedules import WEEKDAY_NAMES
from matching.models import TIME_OF_DAY_NAMES

register = template.Library()


@register.filter
def weekday_names(values) -> str:
    """[0, 2] → 「月・水」."""
    return "・".join(WEEKDAY_NAMES[v] for v in values or [] if v in WEEKDAY_NAMES)


@register.filter
def time_names(values) -> str:
    """[0, 1] → 「午前・午後」."""
    return "・".join(TIME_OF_DAY_NAMES[v] for v in values or [] if v in TIME_OF_DAY_NAMES)
