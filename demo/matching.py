"""Fictional (架空) workspace data for the demo: coordinators, clients, placements in every stage,
follow-ups (some due this week, some overdue), resource gaps — so that every screen and chart of
the workspace shows something after ``make run``.

Everything is written through the services, as a coordinator would, so that stages are stamped,
follow-ups scheduled and the audit log filled exactly as in real use. Dates are relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directory.models import Area, Audience, Category, Region, Resource, Status
from matching import services
from matching.models import Client, FollowUp, GapStatus, ReferralSource, Role, Stage
from matching.services import Actor

DEMO_PASSWORD = "tsunagari-coord-2026"
# username, role, region slugs
DEMO_USERS = [
    ("coord_omori", Role.COORDINATOR, ["omori"]),
    ("coord_chofu", Role.COORDINATOR, ["chofu"]),
    ("coord_kamata", Role.COORDINATOR, ["kamata"]),
    ("coord_kojiya", Role.COORDINATOR, ["kojiya-haneda"]),
    ("supervisor", Role.SUPERVISOR, []),
]
SEED = 20261127

PEOPLE = [
    # age band, audiences, interests, strengths, wishes, weekdays, times, companion
    (
        "70s",
        ["older-people", "living-alone"],
        ["go-shogi", "chat"],
        "昔、町会で囲碁を教えていた（架空）",
        "週1回くらい外に出て、だれかと話したい",
        [2, 4],
        [1],
        True,
    ),
    (
        "80plus",
        ["older-people"],
        ["exercise", "care-prevention"],
        "歩くのが好き（架空）",
        "足腰を弱らせたくない",
        [0, 2],
        [0],
        False,
    ),
    (
        "40s",
        ["hardship", "parents"],
        ["food-distribution", "meals"],
        "料理が得意（架空）",
        "食費を助けてほしい。子どもと行ける場所がいい",
        [5],
        [0, 1],
        False,
    ),
    (
        "20s",
        ["young-people"],
        ["work", "chat"],
        "パソコン作業が得意（架空）",
        "人の少ない時間に、少しずつ役割を持ちたい",
        [1, 3],
        [1, 2],
        True,
    ),
    (
        "60s",
        ["living-alone"],
        ["crafts", "music"],
        "手先が器用（架空）",
        "趣味の仲間がほしい",
        [1, 4],
        [1],
        False,
    ),
    (
        "30s",
        ["foreign-roots", "parents"],
        ["multicultural", "parenting"],
        "英語と中国語が話せる（架空）",
        "子育ての相談ができる場所を知りたい",
        [2, 5],
        [0],
        True,
    ),
    (
        "50s",
        ["disability"],
        ["gardening", "community"],
        "植物の世話が好き（架空）",
        "体調に合わせて通える活動がしたい",
        [0, 3],
        [0],
        True,
    ),
    (
        "70s",
        ["older-people", "carers"],
        ["listening", "chat"],
        "聞き上手（架空）",
        "介護の合間に息抜きしたい",
        [3],
        [1],
        False,
    ),
]


# Placements still open: (person, referred days ago, [(stage, days ago, extra)…], follow-ups
# recorded up to this many days after the start: 0 for none, SETTLEMENT for the three-month one).
SETTLEMENT = -1
OPEN_STORIES = [
    (0, 10, [(Stage.PROPOSED, 3, {})], 0),  # 提案 (recent)
    (1, 20, [(Stage.PROPOSED, 15, {}), (Stage.TRIAL, 8, {})], 0),  # 見学・体験
    # 参加開始: the 14-day follow-up falls due this week
    (2, 40, [(Stage.PROPOSED, 30, {}), (Stage.TRIAL, 20, {}), (Stage.STARTED, 12, {})], 0),
    # 参加開始 ~40 days ago: 14-day done, 30-day overdue
    (3, 70, [(Stage.PROPOSED, 55, {}), (Stage.STARTED, 40, {})], 14),
    # 参加開始 ~100 days ago, 継続 at three months: the page proposes 定着
    (
        4,
        130,
        [(Stage.PROPOSED, 120, {}), (Stage.TRIAL, 110, {}), (Stage.STARTED, 100, {})],
        SETTLEMENT,
    ),
]
# Resource gaps: audience, category, weekdays, times of day, reason, what is needed.
GAPS = [
    ("young-people", "chat", [1, 3], [2], "none", "平日の夜に若者が一人で立ち寄れる静かな居場所"),
    ("older-people", "go-shogi", [5], [0], "full", "土曜午前の囲碁の会（今の会は満員）"),
    ("foreign-roots", "parenting", [2], [0], "not_eligible", "やさしい日本語で話せる子育てサロン"),
    ("disability", "gardening", [0], [0], "far", "歩いて行ける距離の園芸活動"),
]


@dataclass
class DemoResult:
    created: bool
    clients: int = 0
    placements: int = 0
    gaps: int = 0


def ensure_demo_users() -> list:
    """The demo coordinators and supervisor, with their areas; the password is set on creation."""
    User = get_user_model()
    users = []
    for username, role, regions in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.jp"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        services.coordinator_assign(
            user=user, role=role, regions=Region.objects.filter(slug__in=regions)
        )
        users.append(user)
    return users


def load_demo_matching(today: dt.date | None = None) -> DemoResult:
    """Create the demo workspace data once; running it again leaves existing data alone."""
    today = today or timezone.localdate()
    users = ensure_demo_users()
    coordinators = [u for u in users if u.username != "supervisor"]
    if Client.objects.filter(created_by__in=coordinators).exists():
        return DemoResult(created=False)
    rng = random.Random(SEED)
    result = DemoResult(created=True)
    with transaction.atomic():
        for user, (_, _, region_slugs) in zip(coordinators, DEMO_USERS, strict=False):
            region = Region.objects.get(slug=region_slugs[0])
            _RegionDemo(Actor(user=user), region, today, rng, result).tell()
    return result


class _Picker:
    """Live, active listings of one region, taken without repeats, preferring shared interests."""

    def __init__(self, region: Region, rng: random.Random):
        self.rng = rng
        self.pool = list(
            Resource.objects.filter(live=True, status=Status.ACTIVE, area__region=region)
            .prefetch_related("categories")
            .order_by("pk")
        ) or list(Resource.objects.filter(live=True, status=Status.ACTIVE).order_by("pk")[:40])
        self.used: set[int] = set()

    def take(self, interests: list[str]) -> Resource:
        free = [r for r in self.pool if r.pk not in self.used] or self.pool
        matching = [r for r in free if {c.slug for c in r.categories.all()} & set(interests)]
        choice = self.rng.choice(matching or free)
        self.used.add(choice.pk)
        return choice


def _client(actor, area, spec, referred_on, rng, *, consent=True) -> Client:
    age, audiences, interests, strengths, wishes, days, times, companion = spec
    sources = list(ReferralSource.objects.all())
    data = {
        "area": area,
        "age_band": age,
        "audiences": list(Audience.objects.filter(slug__in=audiences)),
        "interests": list(Category.objects.filter(slug__in=interests)),
        "strengths": strengths,
        "wishes": wishes,
        "free_weekdays": days,
        "free_times": times,
        "needs_companion": companion,
        "referral_source": rng.choice(sources),
        "referred_on": referred_on,
        "coordinator": actor.user,
        "constraints_note": "（架空のデモデータです）",
    }
    if consent:
        data.update(consent_given_on=referred_on, consent_scope="host", consent_method="written")
    return services.client_create(actor=actor, data=data)


def _walk(actor, client, resource, stages, result) -> object:
    """Propose ``resource`` and move through ``stages`` [(stage, date, extra), …]."""
    first_date = stages[0][1]
    placement = services.placement_propose(
        actor=actor, client=client, resource=resource, proposed_on=first_date
    )
    result.placements += 1
    for stage, day, extra in stages[1:]:
        placement = services.placement_transition(
            actor=actor,
            placement=placement,
            to_stage=stage,
            version=placement.version,
            on_date=day,
            **extra,
        )
        if stage == Stage.TRIAL:
            placement = services.placement_update(
                actor=actor,
                placement=placement,
                version=placement.version,
                accompanied=client.needs_companion,
                host_prepared=True,
                note="",
            )
    return placement


def _record_due(actor, placement, today, rng, *, upto_days: int, outcome="continuing"):
    """Record the follow-ups up to ``upto_days`` after the start, a few days after they fell due."""
    for follow_up in FollowUp.objects.filter(placement=placement, offset_days__lte=upto_days):
        done = min(today, follow_up.due_on + dt.timedelta(days=rng.randint(0, 5)))
        services.follow_up_record(
            actor=actor,
            follow_up=follow_up,
            done_on=done,
            method=rng.choice(["visit", "phone", "at_place"]),
            outcome=outcome,
            wellbeing=rng.randint(3, 5),
            new_connections=rng.randint(0, 2),
        )


class _RegionDemo:
    """One region's clients, placements in every stage, follow-ups and gaps, as its coordinator
    would record them. Every random draw comes from ``rng``, in the order the stories are told."""

    def __init__(self, actor, region, today, rng, result: DemoResult):
        self.actor, self.region, self.today, self.rng, self.result = (
            actor,
            region,
            today,
            rng,
            result,
        )
        self.areas = list(Area.objects.filter(region=region).order_by("code"))
        self.picker = _Picker(region, rng)

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def person(self, i: int, referred_days_ago: int, **kwargs) -> tuple[Client, list[str]]:
        """The i-th demo person (PEOPLE, in rotation) and their interests."""
        spec = PEOPLE[i % len(PEOPLE)]
        area = self.areas[i % len(self.areas)]
        client = _client(self.actor, area, spec, self.ago(referred_days_ago), self.rng, **kwargs)
        self.result.clients += 1
        return client, spec[2]

    def walk(self, client, interests, stages: list[tuple]):
        """A placement at a listing that suits ``interests`` through ``stages``
        [(stage, days ago, extra fields)…]."""
        stages = [(stage, self.ago(days), extra) for stage, days, extra in stages]
        return _walk(self.actor, client, self.picker.take(interests), stages, self.result)

    def record_due(self, placement, upto_days: int) -> None:
        _record_due(self.actor, placement, self.today, self.rng, upto_days=upto_days)

    def tell(self) -> None:
        self.open_placements()
        self.closed_placements()
        self.earlier_starts()
        self.consent_cases()
        self.gaps()

    def open_placements(self) -> None:
        for person, referred, stages, recorded in OPEN_STORIES:
            client, interests = self.person(person, referred)
            placement = self.walk(client, interests, stages)
            if recorded == SETTLEMENT:
                recorded = settings.FOLLOW_UP_SETTLEMENT_OFFSET_DAYS
            if recorded:
                self.record_due(placement, recorded)

    def closed_placements(self) -> None:
        """定着, then a 終了 and two 不成立."""
        client, interests = self.person(5, 230)
        placement = self.walk(
            client, interests, [(Stage.PROPOSED, 220, {}), (Stage.STARTED, 205, {})]
        )
        self.record_due(placement, 182)
        services.placement_transition(
            actor=self.actor,
            placement=placement,
            to_stage=Stage.SETTLED,
            version=placement.version,
            on_date=self.ago(100),
        )
        client, interests = self.person(6, 200)
        ended = {"note": "本人の体調により中断（架空）"}
        self.walk(
            client,
            interests,
            [(Stage.PROPOSED, 190, {}), (Stage.STARTED, 180, {}), (Stage.ENDED, 150, ended)],
        )
        declined = {"failure_reason": "declined"}
        self.walk(client, interests, [(Stage.PROPOSED, 60, {}), (Stage.NOT_REALISED, 50, declined)])
        client, interests = self.person(7, 90)
        atmosphere = {"failure_reason": "atmosphere"}
        self.walk(
            client,
            interests,
            [(Stage.PROPOSED, 45, {}), (Stage.TRIAL, 38, {}), (Stage.NOT_REALISED, 35, atmosphere)],
        )

    def earlier_starts(self) -> None:
        """Earlier starts this fiscal year, so the monthly chart has bars."""
        for k in range(4):
            client, interests = self.person(k + 1, 240 - 30 * k)
            start = 200 - 35 * k
            placement = self.walk(
                client, interests, [(Stage.PROPOSED, start + 7, {}), (Stage.STARTED, start, {})]
            )
            self.record_due(placement, 30)

    def consent_cases(self) -> None:
        """Without consent yet; consent withdrawn; case closed."""
        self.person(0, 5, consent=False)
        client, _ = self.person(1, 150)
        services.client_consent_withdraw(
            actor=self.actor, client=client, version=client.version, withdrawn_on=self.ago(20)
        )
        client, _ = self.person(2, 300)
        services.client_close(
            actor=self.actor,
            client=client,
            version=client.version,
            closed_on=self.ago(30),
            reason="moved",
        )

    def gaps(self) -> None:
        """Resource gaps: 登録, 検討中, 創出済 (with the listing that answers it), 見送り."""
        clients = list(
            Client.objects.filter(area__region=self.region, status="active").order_by("pk")
        )
        for i, (audience, category, weekdays, times, reason, description) in enumerate(GAPS):
            gap = services.resource_gap_create(
                actor=self.actor,
                data={
                    "area": self.areas[i % len(self.areas)],
                    "audience": Audience.objects.get(slug=audience),
                    "category": Category.objects.get(slug=category),
                    "weekdays": weekdays,
                    "times_of_day": times,
                    "reason": reason,
                    "description": f"{description}（架空）",
                    "opened_on": self.ago(120 - 25 * i),
                },
                clients=clients[i : i + 1 + i % 2],
            )
            self.result.gaps += 1
            self.move_gap(i, gap, category)

    def move_gap(self, i: int, gap, category: str) -> None:
        if i == 1:
            services.resource_gap_transition(
                actor=self.actor, gap=gap, to_status=GapStatus.CONSIDERING
            )
        elif i == 2:
            services.resource_gap_transition(
                actor=self.actor,
                gap=gap,
                to_status=GapStatus.CREATED,
                answered_by=self.picker.take([category]),
                note="地域の団体が新しく始めた（架空）",
                on_date=self.ago(10),
            )
        elif i == 3:
            services.resource_gap_transition(
                actor=self.actor,
                gap=gap,
                to_status=GapStatus.DECLINED,
                note="近くの既存の活動で対応（架空）",
                on_date=self.ago(5),
            )
