"""Where the demo listings are: the areas' offices, points near them, the nearest stations."""

from __future__ import annotations

import csv
import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from directory.geo import approximate_km
from directory.reference_data import DATA

from . import texts

JITTER_METRES = 500
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
