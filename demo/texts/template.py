"""What a listing template holds: the words and the options a demo listing is drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Template:
    key: str
    kind: str  # a Kind value
    name: str
    kana: str
    summary: str
    detail: str
    categories: tuple[str, ...]
    audiences: tuple[str, ...]
    schedules: tuple[tuple[dict, ...], ...]  # options; each option is one or more rules
    costs: tuple[str | None, ...]  # None: free
    capacities: tuple[int | None, ...]
    applies: tuple[tuple[str, bool], ...]  # (how_to_apply, booking_required)
    venues: tuple[str, ...]
    org: str  # "chokai", "group" or a WARD_ORGS key
    easy: str  # やさしい日本語, readings inline: 小(ちい)さい
    languages: tuple[str, ...] = ("ja",)
    tour: bool = False
    companion: bool = False
    newcomer: bool = True
    home_ok: bool = False  # may be held at someone's home (then shown only to area level)
    privacy: str = "exact"
    food: dict = field(default_factory=dict)
    volunteer: dict = field(default_factory=dict)
