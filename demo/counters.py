"""Demo 相談窓口: fictional numbers and hours, so that `make run` shows a call link.

The ward's reference file leaves every phone number and time blank (never guessed). The demo fills
only blanks, each marked 架空, with 03-0000-9xxx numbers that no one can be reached on, and adds a
fictional 地域包括支援センター per area.
"""

from __future__ import annotations

from directory.models import Area, ConsultationCounter, CounterKind

DEMO_MARK = "（架空）"
DEMO_HOURS = "平日 9時〜17時（デモ用の架空の時間）"
CARE_CENTRE_NOTE = "高齢の方の暮らし・介護・健康の相談"


def demo_phone(number: int) -> str:
    return f"03-0000-{9000 + number:04d}{DEMO_MARK}"


def load_demo_counters() -> int:
    """Add the fictional care centres and fill blank numbers and hours; returns how many
    counters were changed. Safe to run again."""
    changed = 0
    for area in Area.objects.order_by("code"):
        _, created = ConsultationCounter.objects.get_or_create(
            kind=CounterKind.COMMUNITY_CARE,
            name=f"地域包括支援センター{area.name}{DEMO_MARK}",
            defaults={"area": area, "note": CARE_CENTRE_NOTE, "sort_order": 100},
        )
        changed += created
    for counter in ConsultationCounter.objects.order_by("pk"):
        filled = {}
        if not counter.phone:
            filled["phone"] = demo_phone(counter.pk)
        if not counter.hours:
            filled["hours"] = DEMO_HOURS
        if filled:
            ConsultationCounter.objects.filter(pk=counter.pk).update(**filled)
            changed += 1
    return changed
