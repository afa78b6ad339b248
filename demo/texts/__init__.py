"""The words of the demo dataset: organisations, listing templates, venues and nicknames.

Everything here is fictional. Templates are combined with the 18 areas in ``builder.py``; the
placeholders are ``{area}``/``{area_kana}`` (the area's name), ``{town}``/``{town_kana}`` (the
town of the area's branch office) and ``{nick}``/``{nick_kana}`` (a nickname such as ひまわり).
Texts follow the ward newsletter's pattern: 日時・会場・対象・定員・費用・申込方法・問合せ先.
"""

from .extra_templates import EXTRA_TEMPLATES
from .food_templates import FOOD_TEMPLATES
from .organizations import AREA_GROUPS, WARD_ORGS, OrgText
from .place_templates import PLACE_TEMPLATES
from .salon_templates import SALON_TEMPLATES
from .template import Template
from .volunteer_templates import VOLUNTEER_TEMPLATES
from .words import (
    ACTIVE_ALERTS,
    CHANGE_NOTES,
    CHOME_KANA,
    CHOME_KANJI,
    CONFIRMED_BY,
    DECEMBER_ALERT,
    ENDED_ALERTS,
    EXCEPTION_NOTES,
    HIDDEN_VENUE,
    HOME_VENUE,
    NICKNAMES,
    PAUSED_ALERTS,
    TOWN_KANA,
    VENUES,
)

TEMPLATES_BY_KIND = {
    "place": PLACE_TEMPLATES,
    "salon": SALON_TEMPLATES,
    "food": FOOD_TEMPLATES,
    "volunteer": VOLUNTEER_TEMPLATES,
}
# How many listings of each kind every area gets (9 per area, 162 in all).
SLOTS_PER_AREA = (("place", 2), ("salon", 3), ("food", 2), ("volunteer", 2))

# A few listings that only some areas have: multilingual ones, and groups that must not be pinned.

__all__ = [
    "ACTIVE_ALERTS",
    "AREA_GROUPS",
    "CHANGE_NOTES",
    "CHOME_KANA",
    "CHOME_KANJI",
    "CONFIRMED_BY",
    "DECEMBER_ALERT",
    "ENDED_ALERTS",
    "EXCEPTION_NOTES",
    "EXTRA_TEMPLATES",
    "HIDDEN_VENUE",
    "HOME_VENUE",
    "NICKNAMES",
    "PAUSED_ALERTS",
    "SLOTS_PER_AREA",
    "TEMPLATES_BY_KIND",
    "TOWN_KANA",
    "VENUES",
    "WARD_ORGS",
    "OrgText",
    "Template",
]
