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
            _region_demo(Actor(user=user), region, today, rng, result)
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


def _region_demo(actor, region, today, rng, result) -> None:
    areas = list(Area.objects.filter(region=region).order_by("code"))
    picker = _Picker(region, rng)
    days = dt.timedelta

    def person(i, referred_days_ago, **kwargs):
        spec = PEOPLE[i % len(PEOPLE)]
        client = _client(
            actor, areas[i % len(areas)], spec, today - days(referred_days_ago), rng, **kwargs
        )
        result.clients += 1
        return client, spec[2]

    # 提案 (recent), 見学・体験
    c, interests = person(0, 10)
    _walk(actor, c, picker.take(interests), [(Stage.PROPOSED, today - days(3), {})], result)
    c, interests = person(1, 20)
    _walk(
        actor,
        c,
        picker.take(interests),
        [(Stage.PROPOSED, today - days(15), {}), (Stage.TRIAL, today - days(8), {})],
        result,
    )
    # 参加開始: the 14-day follow-up falls due this week
    c, interests = person(2, 40)
    _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(30), {}),
            (Stage.TRIAL, today - days(20), {}),
            (Stage.STARTED, today - days(12), {}),
        ],
        result,
    )
    # 参加開始 ~40 days ago: 14-day done, 30-day overdue
    c, interests = person(3, 70)
    p = _walk(
        actor,
        c,
        picker.take(interests),
        [(Stage.PROPOSED, today - days(55), {}), (Stage.STARTED, today - days(40), {})],
        result,
    )
    _record_due(actor, p, today, rng, upto_days=14)
    # 参加開始 ~100 days ago, 継続 at three months: the page proposes 定着
    c, interests = person(4, 130)
    p = _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(120), {}),
            (Stage.TRIAL, today - days(110), {}),
            (Stage.STARTED, today - days(100), {}),
        ],
        result,
    )
    _record_due(actor, p, today, rng, upto_days=settings.FOLLOW_UP_SETTLEMENT_OFFSET_DAYS)
    # 定着, then a 終了 and two 不成立
    c, interests = person(5, 230)
    p = _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(220), {}),
            (Stage.STARTED, today - days(205), {}),
        ],
        result,
    )
    _record_due(actor, p, today, rng, upto_days=182)
    services.placement_transition(
        actor=actor,
        placement=p,
        to_stage=Stage.SETTLED,
        version=p.version,
        on_date=today - days(100),
    )
    c, interests = person(6, 200)
    p = _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(190), {}),
            (Stage.STARTED, today - days(180), {}),
            (Stage.ENDED, today - days(150), {"note": "本人の体調により中断（架空）"}),
        ],
        result,
    )
    _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(60), {}),
            (Stage.NOT_REALISED, today - days(50), {"failure_reason": "declined"}),
        ],
        result,
    )
    c, interests = person(7, 90)
    _walk(
        actor,
        c,
        picker.take(interests),
        [
            (Stage.PROPOSED, today - days(45), {}),
            (Stage.TRIAL, today - days(38), {}),
            (Stage.NOT_REALISED, today - days(35), {"failure_reason": "atmosphere"}),
        ],
        result,
    )
    # Earlier starts this fiscal year, so the monthly chart has bars.
    for k in range(4):
        c, interests = person(k + 1, 240 - 30 * k)
        start = today - days(200 - 35 * k)
        p = _walk(
            actor,
            c,
            picker.take(interests),
            [(Stage.PROPOSED, start - days(7), {}), (Stage.STARTED, start, {})],
            result,
        )
        _record_due(actor, p, today, rng, upto_days=30)
    # Without consent yet; consent withdrawn; case closed.
    person(0, 5, consent=False)
    c, _ = person(1, 150)
    services.client_consent_withdraw(
        actor=actor, client=c, version=c.version, withdrawn_on=today - days(20)
    )
    c, _ = person(2, 300)
    services.client_close(
        actor=actor, client=c, version=c.version, closed_on=today - days(30), reason="moved"
    )

    # Resource gaps: 登録, 検討中, 創出済 (with the listing that answers it), 見送り.
    clients = list(Client.objects.filter(area__region=region, status="active").order_by("pk"))
    specs = [
        (
            "young-people",
            "chat",
            [1, 3],
            [2],
            "none",
            "平日の夜に若者が一人で立ち寄れる静かな居場所",
        ),
        ("older-people", "go-shogi", [5], [0], "full", "土曜午前の囲碁の会（今の会は満員）"),
        (
            "foreign-roots",
            "parenting",
            [2],
            [0],
            "not_eligible",
            "やさしい日本語で話せる子育てサロン",
        ),
        ("disability", "gardening", [0], [0], "far", "歩いて行ける距離の園芸活動"),
    ]
    for i, (audience, category, weekdays, times, reason, description) in enumerate(specs):
        gap = services.resource_gap_create(
            actor=actor,
            data={
                "area": areas[i % len(areas)],
                "audience": Audience.objects.get(slug=audience),
                "category": Category.objects.get(slug=category),
                "weekdays": weekdays,
                "times_of_day": times,
                "reason": reason,
                "description": f"{description}（架空）",
                "opened_on": today - days(120 - 25 * i),
            },
            clients=clients[i : i + 1 + i % 2],
        )
        result.gaps += 1
        if i == 1:
            services.resource_gap_transition(actor=actor, gap=gap, to_status=GapStatus.CONSIDERING)
        elif i == 2:
            services.resource_gap_transition(
                actor=actor,
                gap=gap,
                to_status=GapStatus.CREATED,
                answered_by=picker.take([category]),
                note="地域の団体が新しく始めた（架空）",
                on_date=today - days(10),
            )
        elif i == 3:
            services.resource_gap_transition(
                actor=actor,
                gap=gap,
                to_status=GapStatus.DECLINED,
                note="近くの既存の活動で対応（架空）",
                on_date=today - days(5),
            )
