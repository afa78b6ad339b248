"""Benchmark the open data: the HSDS API and the bulk import, each beside a baseline.

Usage: make bench   (or: .venv/bin/python benchmarks/open_data.py --listings 10000 --rows 10000)

Builds a fresh SQLite database in benchmarks/results/bench-open-data.sqlite3, fills it with
`generate_synthetic`, then

- times /api/hsds/ requests through Django's test client (no network) beside a bare SQL query
  returning the same page of rows (targets: /services page of 50, p95 ≤ 100 ms);
- writes a spreadsheet of --rows new listings (CSV, every column a ward clerk fills in) and
  times `resource_import` on it (target: 10,000 rows ≤ 60 s), then the same file again
  (nothing changes), beside a baseline that reads the same file with csv.reader and inserts bare
  rows with bulk_create (no validation, schedules, revisions or search).

Prints medians and p95 in milliseconds (seconds for imports) and the SQL queries per request.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time

from harness import fresh_django, percentile, timed

PAGE_TARGET_MS = 100
IMPORT_TARGET_S = 60


SCHEDULES = [
    "毎週水曜 13:30-15:30",
    "毎月第2・第4火曜 10:00-12:00（祝日休み）",
    "毎月15日 10:00-12:00",
    "毎週月・木曜 14:00-16:00（祝日・年末年始休み）",
    "毎月最終金曜 18:00-20:00",
]
KINDS = ["居場所", "サロン・通いの場", "フード支援", "ボランティア募集"]


def import_file(rows: int, areas: list, prefix: str) -> bytes:
    """A spreadsheet of new listings, as a ward clerk would fill in the template."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "外部ID",
            "種類",
            "名称",
            "名称のよみがな",
            "ひとこと紹介",
            "特別出張所エリア",
            "住所",
            "緯度",
            "経度",
            "開催日時",
            "費用",
            "定員",
            "対象",
            "活動分類",
            "運営団体",
            "見学可",
            "電話番号",
            "情報確認日",
        ]
    )
    for i in range(rows):
        area = areas[i % len(areas)]
        writer.writerow(
            [
                f"{prefix}{i:05d}",
                KINDS[i % 4],
                f"取り込みベンチ{i:05d}",
                "とりこみべんち",
                "ベンチマーク用の取り込みデータです。実在の活動ではありません。",
                area.name,
                f"{area.office_address}（ベンチ{i}）",
                f"{float(area.office_latitude) + (i % 7) * 0.0003:.6f}",
                f"{float(area.office_longitude) + (i % 5) * 0.0003:.6f}",
                SCHEDULES[i % len(SCHEDULES)],
                "無料" if i % 3 else "1回100円（お茶代）",
                str(10 + i % 20),
                "高齢の方、どなたでも",
                "おしゃべり・交流、介護予防",
                f"ベンチの会{i % 200:03d}",
                "はい" if i % 2 else "いいえ",
                f"03-0000-{i % 10000:04d}",
                "2026-11-01",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the imported file")
    parser.add_argument("--repeat", type=int, default=40, help="requests per API scenario")
    parser.add_argument("--import-repeat", type=int, default=3, help="imports of a new file")
    args = parser.parse_args()

    fresh_django("bench-open-data.sqlite3")
    import logging

    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cms.setup import ensure_site_pages
    from directory.importing import resource_import
    from directory.models import Area, Resource

    for name in ("django_tasks", "wagtail", "django.request"):
        logging.getLogger(name).setLevel(logging.ERROR)
    setup_test_environment()
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    print(f"準備: データベースを作成し、合成データ {args.listings:,} 件を生成します…", flush=True)
    call_command("migrate", verbosity=0)
    ensure_site_pages()
    call_command("generate_synthetic", listings=args.listings, verbosity=0)
    client = Client()
    size = 50

    # --- the API ---------------------------------------------------------------------------
    def get(url: str, params: dict) -> None:
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])

    def bare_sql(offset: int, extra: str = "", params: tuple = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, r.name, r.name_kana, r.summary, r.kind, r.status, r.address, "
                "r.latitude, r.longitude, r.phone, r.email, r.is_free, r.cost, r.updated_at "
                "FROM directory_resource r JOIN directory_area a ON a.id = r.area_id "
                "WHERE r.live AND r.location_privacy <> 'hidden' " + extra + " "
                "ORDER BY r.id LIMIT %s OFFSET %s",
                [*params, size, offset],
            )
            cursor.fetchall()

    api = [
        ("/services 1ページ目", "/api/hsds/services", {}, 0, "", ()),
        ("/services 100ページ目", "/api/hsds/services", {"page": 100}, 99 * size, "", ()),
        (
            "/services 種類+エリア",
            "/api/hsds/services",
            {"kind": "salon", "area": "kamata-nishi"},
            0,
            "AND r.kind = %s AND a.slug = %s",
            ("salon", "kamata-nishi"),
        ),
        (
            "/services 一対一項目のみ",
            "/api/hsds/services",
            {"full": "false"},
            0,
            "",
            (),
        ),
        (
            "/service_at_locations 1km",
            "/api/hsds/service_at_locations",
            {"lat": "35.5613", "lng": "139.7160", "proximity": "1000"},
            0,
            "",
            (),
        ),
    ]
    api_rows = []
    print("計測: HSDS API …", flush=True)
    for label, url, params, offset, extra, sql_params in api:
        counted: list[str] = []

        def count(execute, sql, params_, many, context, counted=counted):
            counted.append(sql)
            return execute(sql, params_, many, context)

        with connection.execute_wrapper(count):
            get(url, params)
        page_ms = timed(lambda url=url, params=params: get(url, params), args.repeat)
        base_ms = timed(lambda o=offset, e=extra, p=sql_params: bare_sql(o, e, p), args.repeat)
        api_rows.append((label, page_ms, base_ms, len(counted)))

    def export() -> None:
        response = client.get("/api/open-data/resources.csv")
        assert response.status_code == 200
        b"".join(response.streaming_content)

    export_ms = timed(export, 3)
    public = Resource.objects.public().count()

    # --- the import ------------------------------------------------------------------------
    areas = list(Area.objects.order_by("code"))
    print(f"計測: {args.rows:,} 行の一括取り込み（{args.import_repeat} 回）…", flush=True)
    import_s, again_s = [], []
    for n in range(args.import_repeat):
        data = import_file(args.rows, areas, f"BENCH{n}-")
        start = time.perf_counter()
        result = resource_import(data=data, filename="bench.csv", geocode=lambda a: None)
        import_s.append(time.perf_counter() - start)
        assert result.ok and result.created == args.rows, result.errors[:5]
        if n == 0:
            start = time.perf_counter()
            result = resource_import(data=data, filename="bench.csv", geocode=lambda a: None)
            again_s.append(time.perf_counter() - start)
            assert result.unchanged == args.rows, result.summary()

    def baseline_import() -> None:
        """csv.reader + bulk_create of bare rows, rolled back."""
        data = import_file(args.rows, areas, "BASE-")
        by_name = {a.name: a for a in areas}
        with transaction.atomic():
            reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
            next(reader)
            Resource.objects.bulk_create(
                (
                    Resource(
                        external_id=r[0],
                        kind="salon",
                        name=r[2],
                        name_kana=r[3],
                        summary=r[4],
                        area=by_name[r[5]],
                        address=r[6],
                        latitude=r[7],
                        longitude=r[8],
                        is_free=r[10] == "無料",
                        cost="" if r[10] == "無料" else r[10],
                        live=False,
                    )
                    for r in reader
                ),
                batch_size=1000,
            )
            transaction.set_rollback(True)

    base_s = [ms / 1000 for ms in timed(baseline_import, args.import_repeat, warm=False)]

    # --- the report ------------------------------------------------------------------------
    print()
    print(f"HSDS API（SQLite、公開 {public:,} 件、1ページ {size} 件、各 {args.repeat} 回、ミリ秒）")
    header = (
        f"{'シナリオ':<24} {'API p50':>8} {'API p95':>8} {'SQL p50':>8} {'SQL p95':>8} "
        f"{'倍率':>6} {'SQL数':>6}"
    )
    print(header)
    print("-" * len(header))
    for label, page_ms, base_ms, n_queries in api_rows:
        p50, b50 = statistics.median(page_ms), statistics.median(base_ms)
        print(
            f"{label:<24} {p50:8.1f} {percentile(page_ms, 0.95):8.1f} {b50:8.2f} "
            f"{percentile(base_ms, 0.95):8.2f} {p50 / b50:6.0f} {n_queries:6d}"
        )
    services_p95 = percentile(api_rows[0][1], 0.95)
    print(f"CSV（自治体標準レイアウト、{public:,} 件）: p50 {statistics.median(export_ms):.0f} ms")
    print()
    print(f"一括取り込み（{args.rows:,} 行、新規・下書き、各 {args.import_repeat} 回、秒）")
    header = f"{'処理':<34} {'p50':>7} {'p95':>7} {'行/秒':>8}"
    print(header)
    print("-" * len(header))
    for label, samples in (
        ("resource_import（検証・スケジュール・履歴・検索）", import_s),
        ("同じファイルを再取り込み（変更なし）", again_s),
        ("ベースライン csv.reader + bulk_create", base_s),
    ):
        p50 = statistics.median(samples)
        print(f"{label:<34} {p50:7.2f} {percentile(samples, 0.95):7.2f} {args.rows / p50:8,.0f}")
    import_p95 = percentile(import_s, 0.95)
    print()
    print(
        f"目標: /services p95 ≤ {PAGE_TARGET_MS} ms → {services_p95:.1f} ms "
        f"{'OK' if services_p95 <= PAGE_TARGET_MS else '未達'}; "
        f"{args.rows:,} 行の取り込み ≤ {IMPORT_TARGET_S} s → {import_p95:.1f} s "
        f"{'OK' if import_p95 <= IMPORT_TARGET_S else '未達'}"
    )
    print("API = Django がJSONを組み立てる時間（テストクライアント、ネットワークなし）。")
    print("SQL = 同じ50件を返す素の SQL（ベースライン）。倍率 = API p50 / SQL p50。")


if __name__ == "__main__":
    main()
