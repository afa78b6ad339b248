"""Build the fictional demo dataset as plain specs, without touching the database.

The dataset is a deterministic function of the 18 areas and ``today``: every random choice comes
from ``random.Random`` seeded with a fixed value, and each listing draws from its own generator,
so a change to one listing does not reshuffle the others. Dates (情報確認日, single-date events,
cancellations) are offsets from ``today``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from directory.models import FOOD_FIELDS, VOLUNTEER_FIELDS
from directory.reference_data import DATA

from . import texts
from .organizations import OrgSpec, build_organizations, organization_texts
from .places import (
    AreaInfo,
    Station,
    jitter,
    load_stations,
    nearest_stations,
    office_town,
    walk_text,
)
from .schedules import december_fourth_week, describe_rules, exception_specs, rule_spec
from .texts import Template

SEED = 20261127
DEMO_MARK = "※架空のデモデータです。"
DESCRIPTION_NOTE = "<p>※この掲載は架空のデモデータです。実在の団体・活動ではありません。</p>"
LISTING_PREFIX = "demo-"
APPROXIMATE_COUNT = 8
PAUSED_COUNT = 5
ENDED_COUNT = 3
ALERT_COUNT = 6
EXCEPTION_COUNT = 12


@dataclass
class ListingSpec:
    external_id: str
    area_code: str
    organization_id: str  # the Organization's external_id
    fields: dict
    categories: list[str]
    audiences: list[str]
    languages: list[str]
    accessibility: list[str]
    rules: list[dict] = field(default_factory=list)
    exceptions: list[dict] = field(default_factory=list)


@dataclass
class Dataset:
    organizations: list[OrgSpec]
    listings: list[ListingSpec]


# --- small helpers ----------------------------------------------------------------------------


def vocabulary_names() -> dict[str, dict[str, str]]:
    """slug → 名称 for each vocabulary, from the same file the data migration loads."""
    data = json.loads((DATA / "vocabularies.json").read_text(encoding="utf-8"))
    return {model: {item[1]: item[0] for item in items} for model, items in data.items()}


# --- listings ---------------------------------------------------------------------------------


def plan_slots(areas: list[AreaInfo]) -> list[tuple[AreaInfo, Template]]:
    """Which template each listing uses: every area gets 9, templates taken in rotation."""
    counters = dict.fromkeys(texts.TEMPLATES_BY_KIND, 0)
    slots = []
    for area in areas:
        for kind, count in texts.SLOTS_PER_AREA:
            templates = texts.TEMPLATES_BY_KIND[kind]
            for _ in range(count):
                slots.append((area, templates[counters[kind] % len(templates)]))
                counters[kind] += 1
    by_code = {area.code: area for area in areas}
    for code, template in texts.EXTRA_TEMPLATES:
        slots.append((by_code[code], template))
    return slots


def fill(pattern: str, values: dict) -> str:
    return pattern.format(**values)


def description_html(
    summary: str, detail: str, info: list[tuple[str, str]], extra: list[tuple[str, str]]
) -> str:
    items = "".join(f"<li>{escape(label)}：{escape(value)}</li>" for label, value in info)
    html = f"<p>{escape(summary)}</p><p>{escape(detail)}</p><ul>{items}</ul>"
    for heading, value in extra:
        html += f"<p><b>{escape(heading)}</b><br/>{escape(value)}</p>"
    return html + DESCRIPTION_NOTE


class NicknamePool:
    """Hands out nicknames per template without repeats (until the list runs out)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.queues: dict[str, list[tuple[str, str]]] = {}

    def take(self, template_key: str) -> tuple[str, str]:
        queue = self.queues.get(template_key)
        if not queue:
            queue = list(texts.NICKNAMES)
            self.rng.shuffle(queue)
            self.queues[template_key] = queue
        return queue.pop()


@dataclass(frozen=True)
class Picks:
    """The listing numbers drawn once, from the master seed, for the dataset's special cases."""

    approximate: set[int]  # shown only to area level
    paused: set[int]
    ended: set[int]
    with_alert: list[int]
    with_exception: list[int]

    @classmethod
    def draw(cls, numbered: list[tuple[int, tuple[AreaInfo, Template]]], master: random.Random):
        home_ok = [n for n, (_, t) in numbered if t.home_ok]
        approximate = set(master.sample(home_ok, APPROXIMATE_COUNT))
        ordinary = [n for n, (_, t) in numbered if n not in approximate and t.privacy == "exact"]
        status_picks = master.sample(ordinary, PAUSED_COUNT + ENDED_COUNT)
        paused, ended = set(status_picks[:PAUSED_COUNT]), set(status_picks[PAUSED_COUNT:])
        active = [n for n, _ in numbered if n not in paused and n not in ended]
        with_alert = master.sample(active, ALERT_COUNT)
        with_exception = master.sample([n for n in active if n not in with_alert], EXCEPTION_COUNT)
        return cls(approximate, paused, ended, with_alert, with_exception)


@dataclass
class Place:
    """Where a listing meets, as much of it as its privacy allows to show."""

    venue: str
    accessibility: list[str]
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    access: str


@dataclass
class ListingBuilder:
    """Builds the listings one by one; each draws only from its own generator ``rng``."""

    today: dt.date
    picks: Picks
    stations: list[Station]
    audience_names: dict[str, str]
    orgs_by_key: dict[str, OrgSpec]
    nicknames: NicknamePool
    kodomo_nicks: dict[str, tuple[str, str]] = field(default_factory=dict)

    def values(self, area: AreaInfo, template: Template) -> dict[str, str]:
        """The words a template's patterns are filled with (area, town, nickname)."""
        town, chome = office_town(area.office_address)
        if template.key == "v-kodomo" and area.code in self.kodomo_nicks:
            nick, nick_kana = self.kodomo_nicks[area.code]
        else:
            nick, nick_kana = self.nicknames.take(template.key)
        if template.key == "kodomo":
            self.kodomo_nicks.setdefault(area.code, (nick, nick_kana))
        return {
            "area": area.name,
            "area_kana": area.kana,
            "town": town,
            "town_kana": texts.TOWN_KANA[town],
            "chome_kanji": texts.CHOME_KANJI[chome],
            "nick": nick,
            "nick_kana": nick_kana,
        }

    def place(self, rng, area: AreaInfo, template: Template, privacy: str, values: dict) -> Place:
        lat, lng = jitter(rng, area.latitude, area.longitude)
        (station, metres), (second, second_metres) = nearest_stations(
            float(lat), float(lng), self.stations
        )
        access = walk_text(station, metres)
        if rng.random() < 0.4 and second_metres < 1200:
            access += f"、{walk_text(second, second_metres)}"
        town, chome = office_town(area.office_address)
        address = f"東京都大田区{town}{chome}-●-●"
        venue_key = rng.choice(template.venues) if template.venues else ""
        if privacy == "hidden":
            venue, accessibility = texts.HIDDEN_VENUE, []
            address, lat, lng = "", None, None
            access = f"{station.name}駅の周辺（くわしい場所は申込後にお知らせします）"
        elif privacy == "approximate":
            venue, accessibility = texts.HOME_VENUE, []
            access = f"{station.name}駅から徒歩圏内（くわしい場所は申込時にお知らせします）"
        else:
            venue_pattern, features = texts.VENUES[venue_key]
            venue, accessibility = fill(venue_pattern, values), list(features)
        if rng.random() < 0.1:
            accessibility.append("writing")
        return Place(venue, accessibility, address, lat, lng, access)

    def status(self, rng, number: int, template: Template, rules: list[dict], cost) -> tuple:
        """(status, alert): a few listings paused or ended, a few with an お知らせ."""
        status, alert = "active", ""
        if number in self.picks.with_alert:
            index = self.picks.with_alert.index(number)
            alert = pick_alert(index, template, rules, cost, self.today)
        if number in self.picks.paused:
            status, alert = "paused", rng.choice(texts.PAUSED_ALERTS)
        elif number in self.picks.ended:
            status, alert = "ended", rng.choice(texts.ENDED_ALERTS)
        return status, alert

    def exceptions(self, rng, number: int, rules: list[dict], alert: str) -> list[dict]:
        exceptions = []
        if number in self.picks.with_exception:
            change = self.picks.with_exception.index(number) < 2
            exceptions = exception_specs(rules, self.today, rng, change=change)
        if alert == texts.DECEMBER_ALERT:
            exceptions = december_fourth_week(rules, self.today)
        return exceptions

    def listing(self, number: int, area: AreaInfo, template: Template) -> ListingSpec:
        rng = random.Random(f"{SEED}:{number}")
        values = self.values(area, template)
        privacy = "approximate" if number in self.picks.approximate else template.privacy
        place = self.place(rng, area, template, privacy, values)
        rules = [rule_spec(rule, self.today, rng) for rule in rng.choice(template.schedules)]
        cost = rng.choice(template.costs)
        capacity = rng.choice(template.capacities)
        how_to_apply, booking_required = rng.choice(template.applies)
        if privacy == "approximate":
            how_to_apply = "初めての方は電話でご連絡ください。その際に場所をお知らせします。"
            booking_required = True
        org_key = f"{template.org}-{area.code}" if template.org in ("chokai", "group") else None
        org = self.orgs_by_key[org_key or template.org]
        phone = f"03-0000-{1000 + number:04d}"
        email = org.fields["email"] if rng.random() < 0.6 else ""
        languages = list(template.languages)
        if template.key == "furatto" and rng.random() < 0.5:
            languages.append("jsl")
        summary = fill(template.summary, values)
        if privacy == "approximate":
            summary += "自宅を開放して開いているため、場所は申込時にお知らせします。"
        status, alert = self.status(rng, number, template, rules, cost)
        # 情報確認日: seven in ten confirmed within 180 days, the rest up to 14 months ago.
        age = rng.randint(3, 180) if rng.random() < 0.7 else rng.randint(181, 425)
        info = [
            ("日時", describe_rules(rules)),
            ("会場", place.venue),
            ("対象", "、".join(self.audience_names[slug] for slug in template.audiences)),
            ("定員", f"{capacity}名（先着順）" if capacity else "定員なし"),
            ("費用", cost or "無料"),
            ("申込方法", how_to_apply),
            ("問合せ先", f"{org.fields['name']}　電話 {phone}"),
        ]
        description = description_html(
            fill(template.summary, values), fill(template.detail, values), info, extras(template)
        )
        exceptions = self.exceptions(rng, number, rules, alert)
        return ListingSpec(
            external_id=f"{LISTING_PREFIX}{number:04d}",
            area_code=area.code,
            organization_id=org.external_id,
            fields={
                "kind": template.kind,
                "name": fill(template.name, values),
                "name_kana": fill(template.kana, values),
                "summary": summary + DEMO_MARK,
                "description": description,
                "easy_japanese_summary": template.easy,
                "venue": place.venue,
                "address": place.address,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "location_privacy": privacy,
                "access": place.access,
                "is_free": cost is None,
                "cost": cost or "",
                "capacity": capacity,
                "how_to_apply": how_to_apply,
                "booking_required": booking_required,
                "tour_welcome": template.tour,
                "companion_welcome": template.companion,
                "newcomer_welcome": template.newcomer,
                "phone": phone,
                "email": email,
                "website": org.fields["website"],
                "status": status,
                "alert": alert,
                "confirmed_on": self.today - dt.timedelta(days=age),
                "confirmed_by": rng.choice(texts.CONFIRMED_BY),
                **kind_fields(template),
            },
            categories=list(template.categories),
            audiences=list(template.audiences),
            languages=languages,
            accessibility=sorted(set(place.accessibility)),
            rules=rules,
            exceptions=exceptions,
        )


def kind_fields(template: Template) -> dict[str, str]:
    """The food-support and volunteer fields: the template's, blank for other kinds."""
    return {
        **dict.fromkeys(FOOD_FIELDS + VOLUNTEER_FIELDS, ""),
        **(template.food or {}),
        **(template.volunteer or {}),
    }


def extras(template: Template) -> list[tuple[str, str]]:
    """Paragraphs a volunteer role's description adds after the newsletter-style list."""
    if not template.volunteer:
        return []
    return [
        ("活動内容", template.volunteer["volunteer_tasks"]),
        ("活動の頻度・時間", template.volunteer["time_commitment"]),
    ]


def build_dataset(areas: list[AreaInfo], today: dt.date) -> Dataset:
    """The whole demo dataset for these areas (sorted by code) as of ``today``."""
    areas = sorted(areas, key=lambda a: a.code)
    org_specs, orgs_by_key = build_organizations(organization_texts(areas))
    master = random.Random(SEED)
    numbered = list(enumerate(plan_slots(areas), start=1))
    builder = ListingBuilder(
        today=today,
        picks=Picks.draw(numbered, master),
        stations=load_stations(),
        audience_names=vocabulary_names()["Audience"],
        orgs_by_key=orgs_by_key,
        nicknames=NicknamePool(master),
    )
    listings = [builder.listing(number, area, template) for number, (area, template) in numbered]
    return Dataset(org_specs, listings)


def pick_alert(
    index: int, template: Template, rules: list[dict], cost: str | None, today: dt.date
) -> str:
    """An お知らせ that fits the listing (no 「参加費」 notice on a free one, and so on).

    The December notice is only given in November and December, when that December is near.
    """
    recurring = [r for r in rules if r["frequency"] != "once"]
    fits = {
        "fourth_week": today.month >= 11
        and any(r["frequency"] == "monthly_nth" and 4 in r["week_positions"] for r in recurring),
        "recurring": bool(recurring),
        "venue": template.privacy == "exact",
        "not_volunteer": template.kind != "volunteer",
        "new_year": any(
            r["frequency"] == "weekly" and r["closed_over_new_year"] for r in recurring
        ),
        "paid": cost is not None,
    }
    options = [text for text, need in texts.ACTIVE_ALERTS if fits[need]]
    return options[index % len(options)] if options else ""
