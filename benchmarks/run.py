"""Benchmark the public directory page on a synthetic set, beside a bare-SQL baseline.

Usage: make bench   (or: .venv/bin/python benchmarks/run.py --listings 10000 --repeat 40)

Builds a fresh SQLite database in benchmarks/results/, fills it with `generate_synthetic`,
then times server-side rendering of directory pages through Django's test client (no network)
and a bare SQL query returning the same page of rows. Prints medians and p95 in milliseconds,
the SQL queries per page, and the page/baseline ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm caches once
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    db_path = RESULTS / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.setup import ensure_site_pages
    from directory.models import DirectoryIndexPage, Status

    # No setup_test_environment(): its template instrumentation would double the render time.
    # Keep one connection open, as a production worker with persistent connections would, and
    # keep the query log across requests so CaptureQueriesContext can count a page's queries.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    print(f"準備: データベースを作成し、合成データ {args.listings:,} 件を生成します…", flush=True)
    call_command("migrate", verbosity=0)
    ensure_site_pages()
    call_command("generate_synthetic", listings=args.listings, verbosity=0)
    directory = DirectoryIndexPage.objects.get()
    client = Client()
    page_size = 20

    def page(params: dict) -> None:
        response = client.get(directory.url, params)
        assert response.status_code == 200, response.status_code

    def baseline(offset: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, name, name_kana, summary, kind, area_id, status, is_free, cost, alert "
                "FROM directory_resource WHERE live AND location_privacy <> 'hidden' AND status <> %s "
                "ORDER BY name_kana, name, id LIMIT %s OFFSET %s",
                [Status.ENDED, page_size, offset],
            )
            cursor.fetchall()

    scenarios = [
        ("一覧 1ページ目", {}, 0),
        ("一覧 250ページ目", {"page": "250"}, 249 * page_size),
        ("種類+エリアで絞り込み", {"kind": "salon", "area": "kamata-nishi"}, 0),
        ("キーワード「サロン」", {"q": "サロン"}, 0),
    ]
    rows = []
    base_p50 = None
    for label, params, offset in scenarios:
        with CaptureQueriesContext(connection) as queries:
            page(params)
        n_queries = len(queries.captured_queries)
        page_ms = timed(lambda params=params: page(params), args.repeat)
        base_ms = timed(lambda offset=offset: baseline(offset), args.repeat)
        rows.append((label, page_ms, base_ms, n_queries))
        if base_p50 is None:
            base_p50 = statistics.median(base_ms)

    print()
    print(f"ディレクトリ一覧ページ（SQLite、{args.listings:,} 件、各 {args.repeat} 回、ミリ秒）")
    header = f"{'シナリオ':<20} {'page p50':>9} {'page p95':>9} {'SQL p50':>8} {'SQL p95':>8} {'倍率':>7} {'SQL数':>6}"
    print(header)
    print("-" * len(header))
    for label, page_ms, base_ms, n_queries in rows:
        p50, b50 = statistics.median(page_ms), statistics.median(base_ms)
        print(
            f"{label:<20} {p50:9.1f} {percentile(page_ms, 0.95):9.1f} {b50:8.2f} "
            f"{percentile(base_ms, 0.95):8.2f} {p50 / b50:7.0f} {n_queries:6d}"
        )
    print()
    print(
        "page = Django がページ全体（フィルター・件数・20件のカード・次回開催日）を描画する時間。"
    )
    print("SQL  = 同じ20件を返す素の SQL（ベースライン）。倍率 = page p50 / SQL p50。")


if __name__ == "__main__":
    main()
