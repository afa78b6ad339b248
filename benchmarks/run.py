"""Benchmark the public directory page on a synthetic set, beside a bare-SQL baseline.

Usage: make bench   (or: .venv/bin/python benchmarks/run.py --listings 10000 --repeat 40)

Builds a fresh SQLite database in benchmarks/results/, fills it with `generate_synthetic`,
then times server-side rendering of directory pages through Django's test client (no network)
and a bare SQL query returning the same page of rows. Prints medians and p95 in milliseconds,
the SQL queries per page, and the page/baseline ratio.
"""

from __future__ import annotations

import argparse
import gc
import statistics

from harness import fresh_django, percentile, timed, width
from search_speed import QUERIES as SEARCH_QUERIES


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    fresh_django("bench.sqlite3")
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.setup import ensure_site_pages
    from directory.models import Resource, Status
    from directory.public.models import DirectoryIndexPage
    from directory.search.backends import search_resources

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
    call_command("search_index", rebuild=True, verbosity=0)
    directory = DirectoryIndexPage.objects.get()
    client = Client()
    page_size = 20

    def page(params: dict, path: str | None = None) -> int:
        response = client.get(path or directory.url, params)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def baseline(offset: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, name, name_kana, summary, kind, area_id, status, is_free, cost, alert "
                "FROM directory_resource WHERE live AND location_privacy <> 'hidden' AND status <> %s "
                "ORDER BY name_kana, name, id LIMIT %s OFFSET %s",
                [Status.ENDED, page_size, offset],
            )
            cursor.fetchall()

    # As cms/wsgi.py does once the app is loaded: long-lived objects leave the GC's generations.
    gc.collect()
    gc.freeze()

    scenarios = [
        ("一覧 1ページ目（地図つき）", {}, 0),
        ("一覧 250ページ目", {"page": "250"}, 249 * page_size),
        ("種類+エリアで絞り込み", {"kind": "salon", "area": "kamata-nishi"}, 0),
        ("キーワード「サロン」", {"q": "サロン"}, 0),
    ]
    rows = []
    for label, params, offset in scenarios:
        with CaptureQueriesContext(connection) as queries:
            size = page(params)
        n_queries = len(queries.captured_queries)
        page_ms = timed(lambda params=params: page(params), args.repeat)
        base_ms = timed(lambda offset=offset: baseline(offset), args.repeat)
        rows.append((label, page_ms, base_ms, n_queries, size))

    detail = Resource.objects.listed().order_by("pk").first()
    detail_path = directory.resource_url(detail)
    with CaptureQueriesContext(connection) as queries:
        size = page({}, detail_path)
    n_queries = len(queries.captured_queries)

    def detail_baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM directory_resource WHERE id = %s", [detail.pk])
            cursor.fetchall()

    rows.append(
        (
            "詳細ページ",
            timed(lambda: page({}, detail_path), args.repeat),
            timed(detail_baseline, args.repeat),
            n_queries,
            size,
        )
    )
    print_table(f"公開ページ（SQLite、{args.listings:,} 件、各 {args.repeat} 回、ミリ秒）", rows)
    print(
        "page = Django がページ全体（フィルター・件数・20件のカード・次回開催日・地図）を描画する時間。"
    )
    print("SQL  = 同じ行を返す素の SQL（ベースライン）。倍率 = page p50 / SQL p50。")

    # Search alone: ten Japanese queries through the configured backend, first page of 20.
    search_rows = []
    listed = Resource.objects.listed()
    for query in SEARCH_QUERIES:

        def run_search(query=query) -> int:
            results = search_resources(listed, query)
            return len(list(results.queryset[:page_size]))

        found = search_resources(listed, query).queryset.count()

        def search_baseline(found=found) -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, name, name_kana, summary FROM directory_resource "
                    "WHERE live ORDER BY id LIMIT %s",
                    [min(found, page_size) or 1],
                )
                cursor.fetchall()

        search_rows.append(
            (
                f"「{query}」 {found}件",
                timed(run_search, args.repeat),
                timed(search_baseline, args.repeat),
                0,
                0,
            )
        )
    print_table("検索（データベース backend、最初の20件）", search_rows, sizes=False)
    all_search = [ms for _, samples, _, _, _ in search_rows for ms in samples]
    print(
        f"検索 全体: p50 {statistics.median(all_search):.1f} ms / p95 {percentile(all_search, 0.95):.1f} ms（目標 p95 ≤ 50 ms）"
    )


def print_table(title: str, rows: list, sizes: bool = True) -> None:
    print()
    print(title)
    header = f"{'シナリオ':<{28 - 4}} {'page p50':>9} {'page p95':>9} {'SQL p50':>8} {'SQL p95':>8} {'倍率':>5} {'SQL数':>5}"
    if sizes:
        header += f" {'KB':>7}"
    print(header)
    print("-" * width(header))
    for label, page_ms, base_ms, n_queries, size in rows:
        p50, b50 = statistics.median(page_ms), statistics.median(base_ms)
        line = label + " " * max(1, 28 - width(label))
        line += (
            f"{p50:9.1f} {percentile(page_ms, 0.95):9.1f} {b50:8.2f} "
            f"{percentile(base_ms, 0.95):8.2f} {p50 / b50:6.0f} {n_queries:6d}"
        )
        if sizes:
            line += f" {size / 1024:7.0f}"
        print(line)
    print()


if __name__ == "__main__":
    main()
