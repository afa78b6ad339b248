"""Synthetic listings for benchmarks: many rows fast, obviously not real (「合成データ 00001 …」).

Rows are written with ``bulk_create`` (listings, their many-to-many rows and one schedule rule
each), so no signals run: their next dates are computed here, but they are not in the search
index until ``search_index --rebuild`` runs (or ``index=True`` is passed). Listing ``i`` goes to area ``i mod 18`` and kind
``(i + i div 18) mod 4``: areas and kinds are each spread evenly (counts differ by at most 2)
and every 72 consecutive listings cover every area × kind pair once.
Generating again first deletes every earlier ``synthetic-*`` listing, so the same N and seed
always give the same set.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from directory.models import (
    AccessibilityFeature,
    Area,
    Audience,
    Category,
    Frequency,
    Language,
    Resource,
    ScheduleRule,
)
from directory.occurrences import occurrences_refresh
from directory.search.services import resource_search_refresh

from .places import AreaInfo, jitter, office_town

PREFIX = "synthetic-"
DEFAULT_SEED = 12345
BATCH_SIZE = 1000
KINDS = ["place", "salon", "food", "volunteer"]
SUMMARY = "ベンチマーク用に自動生成した合成データです。実在の活動ではありません。"

# kind → (label, reading, category slugs, audience slugs)
LABELS: dict[str, list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]] = {
    "place": [
        ("居場所カフェ", "いばしょかふぇ", ("chat", "listening"), ("anyone",)),
        ("放課後の居場所", "ほうかごのいばしょ", ("study", "chat"), ("children",)),
        ("若者のたまり場", "わかもののたまりば", ("chat", "work"), ("young-people",)),
    ],
    "salon": [
        ("いきいきサロン", "いきいきさろん", ("chat", "care-prevention"), ("older-people",)),
        ("健康体操", "けんこうたいそう", ("exercise", "care-prevention"), ("older-people",)),
        (
            "囲碁・将棋クラブ",
            "いご・しょうぎくらぶ",
            ("go-shogi", "chat"),
            ("older-people", "anyone"),
        ),
    ],
    "food": [
        ("子ども食堂", "こどもしょくどう", ("kodomo-shokudo", "meals"), ("children", "parents")),
        ("フードパントリー", "ふーどぱんとりー", ("food-distribution",), ("hardship", "parents")),
        ("みんなの食堂", "みんなのしょくどう", ("meals", "chat"), ("anyone", "older-people")),
    ],
    "volunteer": [
        ("見守りボランティア", "みまもりぼらんてぃあ", ("listening", "work"), ("anyone",)),
        ("調理ボランティア", "ちょうりぼらんてぃあ", ("meals", "work"), ("anyone", "young-people")),
        (
            "学習支援ボランティア",
            "がくしゅうしえんぼらんてぃあ",
            ("study", "work"),
            ("young-people",),
        ),
    ],
}
TIMES = [
    (dt.time(10, 0), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(15, 30)),
    (dt.time(17, 0), dt.time(19, 0)),
]
COSTS = ["1回100円（お茶代）", "1回300円", "月500円（会場費）", "こども無料、大人300円"]


@dataclass
class SyntheticResult:
    created: int
    deleted: int


def delete_synthetic(batch_size: int = BATCH_SIZE) -> int:
    """Delete every synthetic listing (with its rules, links and any revisions); return how many."""
    ids = list(Resource.objects.filter(external_id__startswith=PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        Resource.objects.filter(pk__in=ids[start : start + batch_size]).delete()
    return len(ids)


M2M_TARGETS = {
    "categories": "category_id",
    "audiences": "audience_id",
    "languages": "language_id",
    "accessibility_features": "accessibilityfeature_id",
}


@dataclass
class _Vocabulary:
    """The rows synthetic listings point at, read once: areas and vocabulary pks by slug."""

    areas: list[AreaInfo]
    area_pks: dict[str, int]
    towns: dict[str, tuple[str, int]]
    categories: dict[str, int]
    audiences: dict[str, int]
    languages: dict[str, int]
    features: list[int]

    @classmethod
    def load(cls) -> _Vocabulary:
        areas = [AreaInfo.from_area(a) for a in Area.objects.order_by("code")]
        return cls(
            areas=areas,
            area_pks=dict(Area.objects.values_list("code", "pk")),
            towns={a.code: office_town(a.office_address) for a in areas},
            categories=dict(Category.objects.values_list("slug", "pk")),
            audiences=dict(Audience.objects.values_list("slug", "pk")),
            languages=dict(Language.objects.values_list("slug", "pk")),
            features=list(
                AccessibilityFeature.objects.order_by("sort_order").values_list("pk", flat=True)
            ),
        )


def synthetic_listing(
    i: int, rng: random.Random, vocabulary: _Vocabulary, today: dt.date, now: dt.datetime
) -> tuple[Resource, dict[str, list[int]]]:
    """The i-th synthetic listing (live, unsaved) and the pks of its vocabulary links."""
    area = vocabulary.areas[i % len(vocabulary.areas)]
    kind = KINDS[(i + i // len(vocabulary.areas)) % len(KINDS)]
    label, kana, cats, auds = LABELS[kind][rng.randrange(len(LABELS[kind]))]
    town, chome = vocabulary.towns[area.code]
    lat, lng = jitter(rng, area.latitude, area.longitude, metres=1000)
    free = rng.random() < 0.6
    roll = rng.random()
    status = "active" if roll < 0.94 else ("paused" if roll < 0.98 else "ended")
    privacy = "approximate" if rng.random() < 0.05 else "exact"
    resource = Resource(
        kind=kind,
        name=f"合成データ {i + 1:05d} {label}",
        name_kana=f"ごうせいでーた {i + 1:05d} {kana}",
        summary=SUMMARY,
        area_id=vocabulary.area_pks[area.code],
        venue="合成データ用の会場",
        address=f"東京都大田区{town}{chome}-●-●",
        latitude=lat,
        longitude=lng,
        location_privacy=privacy,
        access="最寄り駅から徒歩10分（合成データ）",
        is_free=free,
        cost="" if free else rng.choice(COSTS),
        capacity=rng.choice([None, 10, 20, 30]),
        how_to_apply="申込不要（合成データ）",
        newcomer_welcome=rng.random() < 0.7,
        tour_welcome=rng.random() < 0.4,
        phone="03-0000-0000",
        status=status,
        confirmed_on=today - dt.timedelta(days=rng.randint(0, 500)),
        confirmed_by="合成データ",
        external_id=f"{PREFIX}{i + 1:05d}",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    resource.clean()
    extra_lang = ["ja"] + (["en"] if rng.random() < 0.05 else [])
    links = {
        "categories": [vocabulary.categories[s] for s in cats],
        "audiences": [vocabulary.audiences[s] for s in auds],
        "languages": [vocabulary.languages[s] for s in extra_lang],
        "accessibility_features": rng.sample(vocabulary.features, rng.randint(0, 3)),
    }
    return resource, links


def _write_batch(resources, links, rules, batch_size: int, index: bool, today: dt.date) -> None:
    Resource.objects.bulk_create(resources, batch_size=batch_size)
    for name, target in M2M_TARGETS.items():
        model = Resource._meta.get_field(name).remote_field.through
        model.objects.bulk_create(
            [
                model(resource_id=resource.pk, **{target: pk})
                for resource, link in zip(resources, links, strict=True)
                for pk in link[name]
            ],
            batch_size=batch_size,
        )
    for resource, rule in zip(resources, rules, strict=True):
        rule.resource_id = resource.pk
    ScheduleRule.objects.bulk_create(rules, batch_size=batch_size)
    occurrences_refresh(resource_ids=[resource.pk for resource in resources], today=today)
    if index:
        resource_search_refresh(resource_ids=[resource.pk for resource in resources])


@transaction.atomic
def generate_synthetic(
    count: int,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    index: bool = False,
) -> SyntheticResult:
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(seed)
    deleted = delete_synthetic(batch_size)
    vocabulary = _Vocabulary.load()
    created = 0
    for start in range(0, count, batch_size):
        resources, links, rules = [], [], []
        for i in range(start, min(start + batch_size, count)):
            resource, link = synthetic_listing(i, rng, vocabulary, today, now)
            resources.append(resource)
            links.append(link)
            rules.append(synthetic_rule(i, rng, today))
        _write_batch(resources, links, rules, batch_size, index, today)
        created += len(resources)
        if progress is not None:
            progress(created, count)
    return SyntheticResult(created=created, deleted=deleted)


def synthetic_rule(i: int, rng: random.Random, today: dt.date) -> ScheduleRule:
    start, end = rng.choice(TIMES)
    weekday = rng.randrange(7)
    kind = i % 10
    rule = ScheduleRule(
        start_time=start, end_time=end, sort_order=0, closed_on_holidays=rng.random() < 0.3
    )
    if kind < 5:
        rule.frequency, rule.weekdays = Frequency.WEEKLY, [weekday]
    elif kind < 8:
        rule.frequency, rule.weekdays = Frequency.MONTHLY_NTH_WEEKDAY, [weekday]
        rule.week_positions = rng.choice([[1, 3], [2, 4], [2], [-1]])
    elif kind == 8:
        rule.frequency, rule.month_day = Frequency.MONTHLY_DAY, rng.randint(1, 28)
    else:
        rule.frequency, rule.date = Frequency.ONCE, today + dt.timedelta(days=rng.randint(1, 90))
    return rule
