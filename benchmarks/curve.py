"""Cost curve: the directory page, search and the map's markers at 1,000 / 10,000 / 100,000 listings.

Usage: .venv/bin/python benchmarks/curve.py [--sizes 1000,10000,100000] [--repeat 20]
(make bench runs it after benchmarks/load.py)

For each size, a child process builds a fresh SQLite database with ``generate_synthetic`` (next
dates included) and the search index, then renders through Django's test client with the page
cache off (every request rendered, as on a miss): the directory page (first page, with its map's
configuration), the keyword search 「食堂」 and the markers JSON of the whole directory. Prints
medians and p95 in milliseconds, the SQL queries of each, and the sizes: the page's HTML, and the
markers uncompressed and gzipped. Flat costs mean the page and search do not grow with the data;
the markers grow (they are every listing) but stay under 1.5 MB at 10,000.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time

from harness import ROOT, fresh_django, percentile, timed, width

SCENARIOS = ["一覧ページ", "検索「食堂」", "地図の印 JSON"]


def measure(size: int, repeat: int, reuse: bool = False) -> dict:
    """In this process: build the database of ``size`` listings (or, with ``reuse``, take the one
    the last run built) and time the three requests."""
    kept = fresh_django(f"curve-{size}.sqlite3", keep=reuse)
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.setup import ensure_site_pages
    from directory.models import Resource
    from directory.public.models import DirectoryIndexPage

    settings.PAGE_CACHE_ENABLED = False
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    started = time.monotonic()
    if not kept:
        call_command("migrate", verbosity=0)
        ensure_site_pages()
        call_command("generate_synthetic", listings=size, verbosity=0)
        call_command("search_index", rebuild=True, verbosity=0)
    elif Resource.objects.count() != size:
        raise SystemExit(
            f"前回のデータベースは {size:,} 件ではありません: --reuse なしで実行してください。"
        )
    built = time.monotonic() - started
    base = DirectoryIndexPage.objects.get().url
    client = Client()
    requests = {
        "一覧ページ": (base, {}),
        "検索「食堂」": (base, {"q": "食堂"}),
        "地図の印 JSON": (f"{base}markers/", {}),
    }
    result = {"size": size, "built_s": built, "rows": {}}
    for label, (path, params) in requests.items():

        def get(path=path, params=params) -> bytes:
            response = client.get(path, params)
            assert response.status_code == 200, response.status_code
            return response.content

        with CaptureQueriesContext(connection) as queries:
            body = get()
        # Counted now: captured_queries slices the connection's log, which later requests reset.
        query_count = len(queries.captured_queries)
        samples = timed(get, repeat)
        result["rows"][label] = {
            "p50": statistics.median(samples),
            "p95": percentile(samples, 0.95),
            "queries": query_count,
            "kb": len(body) / 1024,
            "gzip_kb": len(gzip.compress(body)) / 1024,
        }
    return result


def print_curve(results: list[dict]) -> None:
    print()
    print("コスト曲線（SQLite、ページキャッシュなし、ミリ秒）")
    header = (
        f"{'件数':>8} {'シナリオ':<16} {'p50':>8} {'p95':>8} {'SQL数':>6} {'KB':>8} {'gzip KB':>8}"
    )
    print(header)
    print("-" * width(header))
    for result in results:
        for label in SCENARIOS:
            row = result["rows"][label]
            line = f"{result['size']:>8,} " + label + " " * max(1, 18 - width(label))
            line += (
                f"{row['p50']:8.1f} {row['p95']:8.1f} {row['queries']:6d} "
                f"{row['kb']:8.0f} {row['gzip_kb']:8.0f}"
            )
            print(line)
        print(f"{'':>8} （データ作成 {result['built_s']:.0f} 秒）")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="use the databases the last run built (same sizes)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat, args.reuse)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"準備: 合成データ {size:,} 件…", flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--repeat", str(args.repeat)]
            + (["--reuse"] if args.reuse else []),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if child.returncode != 0:
            print(child.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"{size:,} 件の計測に失敗しました。")
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print_curve(results)


if __name__ == "__main__":
    main()
