"""Search speed as the data grows: the same ten queries at each size, on SQLite or PostgreSQL.

Usage: make bench   (or: .venv/bin/python benchmarks/search_speed.py --sizes 1000 10000 100000)
       DATABASE_URL=postgres://… .venv/bin/python benchmarks/search_speed.py --sizes 1000 10000

For each size, fills the database with ``generate_synthetic`` and indexes it (on SQLite a fresh
file in benchmarks/results/; on PostgreSQL the database named by DATABASE_URL, whose synthetic
listings are replaced — never point it at data you keep), then times the first page of 20 results
of each query through ``search_resources`` over the listed listings, as the directory page asks.
Prints, per query, the number found and p50 / p95 in milliseconds (wall clock, and this process's
CPU, which on SQLite includes the database's work), then p50 / p95 over all queries — the target
is p95 ≤ 50 ms at every size (issue: search cost flat in N).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from harness import fresh_django, percentile, timed, width

QUERIES = [
    "サロン",
    "食堂",
    "体操",
    "囲碁",
    "こども",
    "ボランティア",
    "フードパントリー",
    "健康",
    "居場所",
    "カフェ",
]
PAGE_SIZE = 20
TARGET_P95_MS = 50


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="time the data already there (one size)"
    )
    args = parser.parse_args()

    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if postgres:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()
    else:
        fresh_django("search_speed.sqlite3", keep=args.reuse)
    from django.core.management import call_command
    from django.db import connection

    from directory.models import Resource
    from directory.search.backends import search_resources

    engine = "PostgreSQL" if postgres else "SQLite"
    call_command("migrate", verbosity=0)
    summary = []
    for size in args.sizes:
        if not args.reuse:
            print(f"準備: 合成データ {size:,} 件を生成し、検索用データを作ります…", flush=True)
            call_command("generate_synthetic", listings=size, verbosity=0)
            call_command("search_index", rebuild=True, verbosity=0)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        listed = Resource.objects.listed()
        size = Resource.objects.count()
        wall_all, cpu_all = [], []
        print()
        header = (
            "検索語" + " " * 14 + f"{'件数':>5} {'p50':>7} {'p95':>7} {'CPU p50':>8} {'CPU p95':>8}"
        )
        print(f"検索（{engine}、{size:,} 件、最初の {PAGE_SIZE} 件、各 {args.repeat} 回、ミリ秒）")
        print(header)
        print("-" * width(header))
        for query in QUERIES:

            def first_page(query=query, listed=listed) -> int:
                return len(list(search_resources(listed, query).queryset[:PAGE_SIZE]))

            found = search_resources(listed, query).queryset.count()
            wall = timed(first_page, args.repeat)
            cpu = timed(first_page, args.repeat, clock=time.process_time)
            wall_all += wall
            cpu_all += cpu
            label = f"「{query}」"
            print(
                label + " " * max(1, 20 - width(label)) + f"{found:7d} "
                f"{statistics.median(wall):7.1f} {percentile(wall, 0.95):7.1f} "
                f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f}"
            )
        p50, p95 = statistics.median(wall_all), percentile(wall_all, 0.95)
        summary.append((size, p50, p95, statistics.median(cpu_all), percentile(cpu_all, 0.95)))
        print(f"全体: p50 {p50:.1f} ms / p95 {p95:.1f} ms（目標 p95 ≤ {TARGET_P95_MS} ms）")

    print()
    print(f"検索の速さと件数（{engine}）: 件数, p50, p95, CPU p50, CPU p95（ミリ秒）")
    for size, p50, p95, cpu50, cpu95 in summary:
        mark = "✓" if p95 <= TARGET_P95_MS else "✗"
        print(f"  {size:>8,} 件  {p50:7.1f} {p95:7.1f} {cpu50:8.1f} {cpu95:8.1f}  {mark}")


if __name__ == "__main__":
    main()
