"""Benchmark the coordinator workspace on a synthetic set, beside bare-SQL baselines.

Usage: make bench   (or: .venv/bin/python benchmarks/matching.py --listings 10000 --placements 20000)

Builds a fresh SQLite database in benchmarks/results/, fills it with `generate_synthetic` (listings)
and `demo.synthetic_placements` (clients, placements, follow-ups, gaps) and
`demo.synthetic_activities` (activity records), then times:

- suggestions for one client over every listing: the selector alone and the whole page
  (target p95 ≤ 200 ms), beside a bare SQL query returning the same candidate rows;
- the indicators page for a supervisor over every placement (target p95 ≤ 500 ms), beside a bare
  SQL GROUP BY over the same placements;
- the plan's indicator table (seven indicators by month and area, with the year before) and its
  CSV (target p95 ≤ 500 ms), beside the same baseline.

Prints medians and p95 in milliseconds, SQL queries per request and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import time

from harness import fresh_django, percentile, timed

TARGETS = {"suggestions": 200.0, "indicators": 500.0}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--placements", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    fresh_django("bench-matching.sqlite3")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.urls import reverse
    from django.utils import timezone

    from cms.setup import ensure_site_pages
    from demo.synthetic_activities import generate_synthetic_activities
    from demo.synthetic_placements import generate_synthetic_placements
    from directory.dates import fiscal_year as fiscal_year_of
    from directory.models import Area, Audience, Category, Region
    from matching.models import Client, ReferralSource, Role
    from matching.services import Actor, client_create, coordinator_assign
    from matching.suggestions import suggestion_list
    from tests.factories import login_verified

    # No setup_test_environment(): its template instrumentation would slow the pages measured.
    settings.COORDINATOR_IDLE_TIMEOUT_MINUTES = 24 * 60
    print(
        f"準備: データベースを作成し、合成データ（地域資源 {args.listings:,} 件、"
        f"つなぎ {args.placements:,} 件）を生成します…",
        flush=True,
    )
    call_command("migrate", verbosity=0)
    ensure_site_pages()
    call_command("generate_synthetic", listings=args.listings, verbosity=0)
    User = get_user_model()
    coordinator = User.objects.create(username="bench_coordinator")
    coordinator_assign(user=coordinator, regions=[Region.objects.get(slug="omori")])
    supervisor = User.objects.create(username="bench_supervisor")
    coordinator_assign(user=supervisor, role=Role.SUPERVISOR)
    synthetic = generate_synthetic_placements(args.placements, user=coordinator)
    today = timezone.localdate()
    activity_count = generate_synthetic_activities(
        args.placements,
        user=coordinator,
        earliest=dt.date(today.year - 1 if today.month >= 4 else today.year - 2, 4, 1),
        today=today,
    )
    client = client_create(
        actor=Actor(user=coordinator),
        data={
            "area": Area.objects.get(slug="omori-nishi"),
            "age_band": "70s",
            "audiences": list(Audience.objects.filter(slug__in=["older-people"])),
            "interests": list(Category.objects.filter(slug__in=["go-shogi", "chat"])),
            "free_weekdays": [2, 4],
            "free_times": [1],
            "needs_companion": True,
            "strengths": "料理が得意。昔、書道を教えていた。",
            "referral_source": ReferralSource.objects.first(),
            "referred_on": today,
            "consent_given_on": today,
            "consent_scope": "host",
            "consent_method": "written",
        },
    )
    client = Client.objects.get(pk=client.pk)
    candidates = len(suggestion_list(user=coordinator, client=client, limit=args.listings))

    # Sessions a second factor has verified, as after the code page (two-factor authentication).
    web = HttpClient()
    login_verified(web, coordinator)
    boss = HttpClient()
    login_verified(boss, supervisor)
    suggestions_url = reverse("matching:client_suggestions", args=[client.case_code])
    indicators_url = reverse("matching:indicators")
    fiscal_year = fiscal_year_of(today)

    def selector() -> None:
        suggestion_list(user=coordinator, client=Client.objects.get(pk=client.pk))

    def page(web_client, url, params=None) -> None:
        response = web_client.get(url, params or {})
        assert response.status_code == 200, response.status_code

    def baseline_candidates() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, name, name_kana, kind, area_id, latitude, longitude, capacity, "
                "companion_welcome, newcomer_welcome, tour_welcome "
                "FROM directory_resource WHERE live AND status = 'active'"
            )
            cursor.fetchall()

    def baseline_indicators() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT strftime('%%Y-%%m', p.started_on), c.area_id, r.kind, COUNT(*) "
                "FROM matching_placement p JOIN matching_client c ON c.id = p.client_id "
                "JOIN directory_resource r ON r.id = p.resource_id "
                "WHERE p.started_on BETWEEN %s AND %s GROUP BY 1, 2, 3",
                [f"{fiscal_year}-04-01", f"{fiscal_year + 1}-03-31"],
            )
            cursor.fetchall()

    # As cms/wsgi.py does once the app is loaded: long-lived objects leave the GC's generations.
    gc.collect()
    gc.freeze()

    scenarios = [
        ("提案候補（選択関数のみ）", selector, baseline_candidates, "suggestions"),
        ("提案候補ページ", lambda: page(web, suggestions_url), baseline_candidates, "suggestions"),
        (
            "指標ページ（年度）",
            lambda: page(boss, indicators_url),
            baseline_indicators,
            "indicators",
        ),
        (
            "指標ページ（月・地域）",
            lambda: page(
                boss,
                indicators_url,
                {
                    "fiscal_year": fiscal_year,
                    "month": 6,
                    "region": Region.objects.get(slug="kamata").pk,
                },
            ),
            baseline_indicators,
            "indicators",
        ),
        (
            "指標CSV",
            lambda: page(boss, reverse("matching:indicators_export")),
            baseline_indicators,
            "indicators",
        ),
        (
            "計画の指標（年度）",
            lambda: page(boss, reverse("matching:plan_indicators")),
            baseline_indicators,
            "indicators",
        ),
        (
            "計画の指標CSV",
            lambda: page(boss, reverse("matching:plan_indicators_export")),
            baseline_indicators,
            "indicators",
        ),
    ]

    def count_queries(fn) -> int:
        # execute_wrapper sees every query, including those of requests run by the test client.
        seen = []
        with connection.execute_wrapper(lambda execute, *a: seen.append(1) or execute(*a)):
            fn()
        return len(seen)

    rows = []
    for label, fn, baseline, target in scenarios:
        n_queries = count_queries(fn)
        wall = timed(fn, args.repeat)
        # CPU time of this process (SQLite runs in it): what the code costs, without the time
        # spent waiting for a CPU when the machine is busy with other work.
        cpu = timed(fn, max(5, args.repeat // 4), clock=time.process_time)
        rows.append((label, wall, timed(baseline, args.repeat), n_queries, target, cpu))

    print()
    print(
        f"参加支援（SQLite、地域資源 {args.listings:,} 件・提案候補 {candidates:,} 件、"
        f"本人 {synthetic.clients:,} 人・つなぎ {synthetic.placements:,} 件・"
        f"フォローアップ {synthetic.follow_ups:,} 件・活動の記録 {activity_count:,} 件、"
        f"各 {args.repeat} 回、ミリ秒）"
    )
    header = (
        f"{'シナリオ':<18} {'p50':>8} {'p95':>8} {'目標p95':>8} {'判定':>4} "
        f"{'SQL p50':>8} {'SQL p95':>8} {'倍率':>6} {'SQL数':>6} {'CPU p50':>8} {'CPU p95':>8}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for label, ms, base, n_queries, target, cpu in rows:
        p50, p95, b50 = statistics.median(ms), percentile(ms, 0.95), statistics.median(base)
        ok = p95 <= TARGETS[target]
        failed = failed or not ok
        print(
            f"{label:<18} {p50:8.1f} {p95:8.1f} {TARGETS[target]:8.0f} {'OK' if ok else 'NG':>4} "
            f"{b50:8.2f} {percentile(base, 0.95):8.2f} {p50 / b50:6.0f} {n_queries:6d} "
            f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f}"
        )
    print()
    print(
        "提案候補 = 本人1人の条件で開催中の地域資源すべてを絞り込み・採点し、上位20件を返す時間。"
    )
    print("  ベースライン = 同じ候補の行を素の SQL で読むだけの時間。")
    print("指標 = スーパーバイザーが全エリアの指標ページ（表とグラフ）を描画する時間。")
    print("  ベースライン = 同じ年度のつなぎを月・エリア・種類で数える素の SQL（GROUP BY）。")
    print("計画の指標 = 計画の7指標を月・エリア別と前年同期で数え、表（と CSV）にする時間。")
    print("倍率 = p50 / SQL p50。目標は issue 4 の p95（提案候補 200 ms、指標 500 ms）。")
    print("CPU = このプロセスの CPU 時間（SQLite を含む）。ほかの処理で CPU が混んでいると")
    print("  p50/p95（経過時間）は CPU より大きくなります。判定は経過時間の p95 で行います。")
    if hasattr(os, "getloadavg"):
        print(
            f"計測時のロードアベレージ（1分）: {os.getloadavg()[0]:.2f}（CPU {os.cpu_count()} 個）"
        )
    if failed:
        print("\n目標を超えたシナリオがあります（NG）。")


if __name__ == "__main__":
    main()
