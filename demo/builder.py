"""Build the fictional demo dataset as plain specs, without touching the database.

The dataset is a deterministic function of the 18 areas and ``today``: every random choice comes
from ``random.Random`` seeded with a fixed value, and each listing draws from its own generator,
so a change to one listing does not reshuffle the others. Dates (情報確認日, single-date events,
cancellations) are offsets from ``today``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.conf import settings

from directory.geo import approximate_km
from directory.models import ScheduleRule
from directory.reference_data import DATA

from . import texts
from .texts import Template

SEED = 20261127
DEMO_MARK = "※架空のデモデータです。"
DESCRIPTION_NOTE = "<p>※この掲載は架空のデモデータです。実在の団体・活動ではありません。</p>"
LISTING_PREFIX = "demo-"
ORG_PREFIX = "demo-org-"
JITTER_METRES = 500
APPROXIMATE_COUNT = 8
PAUSED_COUNT = 5
ENDED_COUNT = 3
ALERT_COUNT = 6
EXCEPTION_COUNT = 12

METRES_PER_DEGREE = 111_320.0
WALK_METRES_PER_MINUTE = 80  # the real-estate rule of thumb used in Japan
LINE_NAMES = {
    "JR東日本": "JR",
    "都営地下鉄": "都営",
    "東京モノレール 羽田空港線": "東京モノレール",
    "東京臨海高速鉄道 りんかい線": "りんかい線",
}


@dataclass(frozen=True)
class AreaInfo:
    code: str
    name: str
    kana: str
    office_address: str
    latitude: float
    longitude: float

    @classmethod
    def from_area(cls, area) -> AreaInfo:
        return cls(
            area.code,
            area.name,
            area.name_kana,
            area.office_address,
            float(area.office_latitude),
            float(area.office_longitude),
        )


@dataclass(frozen=True)
class Station:
    name: str
    line: str
    latitude: float
    longitude: float


@dataclass
class OrgSpec:
    external_id: str
    fields: dict


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


def load_stations() -> list[Station]:
    with open(DATA / "ota_stations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Station(row["name_ja"], line_name(row["lines"]), float(row["lat"]), float(row["lon"]))
        for row in rows
    ]


def line_name(lines: str) -> str:
    """「東急 池上線; 東急 多摩川線」 → 「東急池上線」 (the first line, as signs write it)."""
    first = lines.split(";")[0].strip()
    for long, short in LINE_NAMES.items():
        if first.startswith(long):
            first = short + first[len(long) :]
    return first.replace(" ", "")


def nearest_stations(lat: float, lng: float, stations: list[Station], count: int = 2):
    def metres(station: Station) -> float:
        return approximate_km((lat, lng), (station.latitude, station.longitude)) * 1000

    ranked = sorted(stations, key=metres)
    return [(s, metres(s)) for s in ranked[:count]]


def walk_text(station: Station, metres: float) -> str:
    minutes = max(1, math.ceil(metres * 1.2 / WALK_METRES_PER_MINUTE))
    return f"{station.line} {station.name}駅から徒歩{minutes}分"


def jitter(rng: random.Random, lat: float, lng: float, metres: float = JITTER_METRES):
    """A point up to ``metres`` from (lat, lng), uniform over the disc, inside the bbox."""
    south, west, north, east = settings.MUNICIPALITY["bbox"]
    for _ in range(20):
        r = metres * math.sqrt(rng.random())
        theta = rng.uniform(0, 2 * math.pi)
        new_lat = lat + r * math.cos(theta) / METRES_PER_DEGREE
        new_lng = lng + r * math.sin(theta) / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
        if south <= new_lat <= north and west <= new_lng <= east:
            return Decimal(f"{new_lat:.6f}"), Decimal(f"{new_lng:.6f}")
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


KANJI_DIGITS = {v: k for k, v in texts.CHOME_KANJI.items()}
OFFICE_RE = re.compile(r"^東京都大田区(?P<town>.+?)(?P<chome>\d+|[一二三四五六七八九]+(?=丁目))")


def office_town(address: str) -> tuple[str, int]:
    """「東京都大田区大森西2-16-2」 → ("大森西", 2); also 「北千束二丁目35番8号」."""
    match = OFFICE_RE.match(address)
    if not match:
        raise ValueError(f"特別出張所の住所を読み取れません: {address}")
    chome = match["chome"]
    return match["town"], int(chome) if chome.isdigit() else KANJI_DIGITS[chome]


def shift(value: dt.time, minutes: int) -> dt.time:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), value) + dt.timedelta(minutes=minutes)
    return moment.time()


def time_of(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


# --- organisations ----------------------------------------------------------------------------


def chokai_text(area: AreaInfo) -> texts.OrgText:
    town, chome = office_town(area.office_address)
    return texts.OrgText(
        key=f"chokai-{area.code}",
        name=f"{town}{texts.CHOME_KANJI[chome]}丁目町会（架空）",
        kana=f"{texts.TOWN_KANA[town]}{texts.CHOME_KANA[chome]}ちょうかい",
        description=f"{town}{texts.CHOME_KANJI[chome]}丁目の町会です。防災訓練や夏祭りのほか、"
        "高齢の方のサロンや体操の会を開いています。",
        area_code=area.code,
    )


def organization_texts(areas: list[AreaInfo]) -> dict[str, texts.OrgText]:
    """Organisation key ("chokai-02", "group-02", "food" …) → its words; 40 in all."""
    found: dict[str, texts.OrgText] = {}
    for area in areas:
        found[f"chokai-{area.code}"] = chokai_text(area)
        group = texts.AREA_GROUPS[area.code]
        found[f"group-{area.code}"] = texts.OrgText(
            group.key, group.name, group.kana, group.description, area.code
        )
    found.update(texts.WARD_ORGS)
    return found


def build_organizations(
    org_texts: dict[str, texts.OrgText],
) -> tuple[list[OrgSpec], dict[str, OrgSpec]]:
    specs, by_key = [], {}
    for number, (key, text) in enumerate(org_texts.items(), start=1):
        spec = OrgSpec(
            external_id=f"{ORG_PREFIX}{number:02d}",
            fields={
                "name": text.name,
                "name_kana": text.kana,
                "description": text.description + "（この団体は架空です。）",
                "area_code": text.area_code,
                "phone": f"03-0000-{2000 + number:04d}",
                "email": f"{text.key}@example.jp",
                "website": f"https://example.jp/{text.key}/" if number % 3 == 0 else "",
            },
        )
        specs.append(spec)
        by_key[key] = spec
    return specs, by_key


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


def rule_spec(rule: dict, today: dt.date, rng: random.Random) -> dict:
    """A template rule → ScheduleRule field values (plus "label" for the description)."""
    spec = {
        "frequency": rule["frequency"],
        "weekdays": sorted(rule.get("weekdays", [])),
        "week_positions": sorted(rule.get("week_positions", [])),
        "month_day": rule.get("month_day"),
        "date": None,
        "start_time": time_of(rule["start"]),
        "end_time": time_of(rule["end"]),
        "valid_from": None,
        "valid_until": None,
        "closed_on_holidays": rule.get("closed_on_holidays", False),
        "closed_over_new_year": rule.get("closed_over_new_year", True),
        "label": rule.get("label", ""),
    }
    if rule["frequency"] == "once":
        spec["date"] = today + dt.timedelta(days=rng.randint(*rule["offset"]))
        spec["closed_over_new_year"] = False
    return spec


def describe_rules(rules: list[dict]) -> str:
    parts = []
    for rule in rules:
        label = rule["label"]
        text = ScheduleRule(**model_rule(rule)).describe()
        parts.append(f"{label} {text}" if label else text)
    return "、".join(parts)


def model_rule(rule: dict) -> dict:
    return {k: v for k, v in rule.items() if k != "label"}


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


def build_dataset(areas: list[AreaInfo], today: dt.date) -> Dataset:
    """The whole demo dataset for these areas (sorted by code) as of ``today``."""
    areas = sorted(areas, key=lambda a: a.code)
    vocab = vocabulary_names()
    audience_names = vocab["Audience"]
    stations = load_stations()
    org_texts = organization_texts(areas)
    org_specs, orgs_by_key = build_organizations(org_texts)

    master = random.Random(SEED)
    slots = plan_slots(areas)
    numbered = list(enumerate(slots, start=1))
    home_ok = [n for n, (_, t) in numbered if t.home_ok]
    approximate = set(master.sample(home_ok, APPROXIMATE_COUNT))
    ordinary = [n for n, (_, t) in numbered if n not in approximate and t.privacy == "exact"]
    status_picks = master.sample(ordinary, PAUSED_COUNT + ENDED_COUNT)
    paused, ended = set(status_picks[:PAUSED_COUNT]), set(status_picks[PAUSED_COUNT:])
    active = [n for n, _ in numbered if n not in paused and n not in ended]
    with_alert = master.sample(active, ALERT_COUNT)
    with_exception = master.sample([n for n in active if n not in with_alert], EXCEPTION_COUNT)
    nicknames = NicknamePool(master)
    kodomo_nicks: dict[str, tuple[str, str]] = {}

    listings = []
    for number, (area, template) in numbered:
        rng = random.Random(f"{SEED}:{number}")
        town, chome = office_town(area.office_address)
        if template.key == "v-kodomo" and area.code in kodomo_nicks:
            nick, nick_kana = kodomo_nicks[area.code]
        else:
            nick, nick_kana = nicknames.take(template.key)
        if template.key == "kodomo":
            kodomo_nicks.setdefault(area.code, (nick, nick_kana))
        values = {
            "area": area.name,
            "area_kana": area.kana,
            "town": town,
            "town_kana": texts.TOWN_KANA[town],
            "chome_kanji": texts.CHOME_KANJI[chome],
            "nick": nick,
            "nick_kana": nick_kana,
        }

        # where
        privacy = "approximate" if number in approximate else template.privacy
        lat, lng = jitter(rng, area.latitude, area.longitude)
        (station, metres), (second, second_metres) = nearest_stations(
            float(lat), float(lng), stations
        )
        access = walk_text(station, metres)
        if rng.random() < 0.4 and second_metres < 1200:
            access += f"、{walk_text(second, second_metres)}"
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

        # when
        option = rng.choice(template.schedules)
        rules = [rule_spec(rule, today, rng) for rule in option]

        # what it costs, who to ask
        cost = rng.choice(template.costs)
        capacity = rng.choice(template.capacities)
        how_to_apply, booking_required = rng.choice(template.applies)
        if privacy == "approximate":
            how_to_apply = "初めての方は電話でご連絡ください。その際に場所をお知らせします。"
            booking_required = True
        org = orgs_by_key[
            f"{template.org}-{area.code}" if template.org in ("chokai", "group") else template.org
        ]
        phone = f"03-0000-{1000 + number:04d}"
        email = org.fields["email"] if rng.random() < 0.6 else ""
        website = org.fields["website"]
        languages = list(template.languages)
        if template.key == "furatto" and rng.random() < 0.5:
            languages.append("jsl")

        summary = fill(template.summary, values)
        if privacy == "approximate":
            summary += "自宅を開放して開いているため、場所は申込時にお知らせします。"
        summary += DEMO_MARK

        # status
        status, alert = "active", ""
        if number in with_alert:
            alert = pick_alert(with_alert.index(number), template, rules, cost, today)
        if number in paused:
            status, alert = "paused", rng.choice(texts.PAUSED_ALERTS)
        elif number in ended:
            status, alert = "ended", rng.choice(texts.ENDED_ALERTS)
        # 情報確認日: seven in ten confirmed within 180 days, the rest up to 14 months ago.
        age = rng.randint(3, 180) if rng.random() < 0.7 else rng.randint(181, 425)

        audiences = list(template.audiences)
        capacity_text = f"{capacity}名（先着順）" if capacity else "定員なし"
        info = [
            ("日時", describe_rules(rules)),
            ("会場", venue),
            ("対象", "、".join(audience_names[slug] for slug in audiences)),
            ("定員", capacity_text),
            ("費用", cost or "無料"),
            ("申込方法", how_to_apply),
            ("問合せ先", f"{org.fields['name']}　電話 {phone}"),
        ]
        extra = []
        kind_fields = {
            key: ""
            for key in (
                "eligibility_documents",
                "what_to_bring",
                "food_booking",
                "volunteer_tasks",
                "time_commitment",
                "skills_wanted",
            )
        }
        if template.food:
            kind_fields.update(template.food)
        if template.volunteer:
            kind_fields.update(template.volunteer)
            extra = [
                ("活動内容", template.volunteer["volunteer_tasks"]),
                ("活動の頻度・時間", template.volunteer["time_commitment"]),
            ]

        external_id = f"{LISTING_PREFIX}{number:04d}"
        exceptions = []
        if number in with_exception:
            exceptions = exception_specs(rules, today, rng, change=with_exception.index(number) < 2)
        if alert == texts.DECEMBER_ALERT:
            exceptions = december_fourth_week(rules, today)

        listings.append(
            ListingSpec(
                external_id=external_id,
                area_code=area.code,
                organization_id=org.external_id,
                fields={
                    "kind": template.kind,
                    "name": fill(template.name, values),
                    "name_kana": fill(template.kana, values),
                    "summary": summary,
                    "description": description_html(
                        fill(template.summary, values), fill(template.detail, values), info, extra
                    ),
                    "easy_japanese_summary": template.easy,
                    "venue": venue,
                    "address": address,
                    "latitude": lat,
                    "longitude": lng,
                    "location_privacy": privacy,
                    "access": access,
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
                    "website": website,
                    "status": status,
                    "alert": alert,
                    "confirmed_on": today - dt.timedelta(days=age),
                    "confirmed_by": rng.choice(texts.CONFIRMED_BY),
                    **kind_fields,
                },
                categories=list(template.categories),
                audiences=audiences,
                languages=languages,
                accessibility=sorted(set(accessibility)),
                rules=rules,
                exceptions=exceptions,
            )
        )
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


def december_fourth_week(rules: list[dict], today: dt.date) -> list[dict]:
    """Cancellations for 「12月は第4週休みです」: the 4th-week meetings of the coming December."""
    start = max(today, dt.date(today.year, 12, 1))
    end = dt.date(today.year, 12, 31)
    found = []
    for rule in rules:
        if rule["frequency"] != "monthly_nth" or 4 not in rule["week_positions"]:
            continue
        for day in ScheduleRule(**model_rule(rule)).dates_between(start, end):
            if 22 <= day.day <= 28:
                found.append(day)
    return [
        {
            "date": day,
            "cancelled": True,
            "start_time": None,
            "end_time": None,
            "note": "12月の第4週は休みです",
        }
        for day in sorted(set(found))
    ]


def exception_specs(
    rules: list[dict], today: dt.date, rng: random.Random, change: bool
) -> list[dict]:
    """One cancellation (or, if ``change``, one changed meeting) in the coming six weeks."""
    recurring = [r for r in rules if r["frequency"] != "once"]
    if not recurring:
        return []
    rule = ScheduleRule(**model_rule(recurring[0]))
    dates = list(rule.dates_between(today + dt.timedelta(days=1), today + dt.timedelta(days=42)))
    if not dates:
        return []
    day = dates[rng.randrange(len(dates))]
    if change:
        note = rng.choice(texts.CHANGE_NOTES)
        start = end = None
        if "30分" in note:
            start, end = (shift(t, minutes=30) for t in (rule.start_time, rule.end_time))
        return [
            {"date": day, "cancelled": False, "start_time": start, "end_time": end, "note": note}
        ]
    return [
        {
            "date": day,
            "cancelled": True,
            "start_time": None,
            "end_time": None,
            "note": rng.choice(texts.EXCEPTION_NOTES),
        }
    ]
