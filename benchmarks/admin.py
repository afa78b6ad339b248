"""Benchmark the staff's admin on a synthetic set: the listing index, its filters and sorting,
search through the site's Japanese search, the organisation index and the staff home.

Usage: make bench   (or: .venv/bin/python benchmarks/admin.py --listings 10000 --repeat 30)

Builds a fresh SQLite database in benchmarks/results/, fills it with `generate_synthetic`, adds
organisations, pending submissions, problem reports and re-confirmation requests, then times
whole admin pages through Django's test client (signed in as an administrator with a verified
second factor), beside a bare SQL query returning the same page of rows. SQL queries per page
are counted at --small listings and again at --listings: they must not grow with the data.
Target (issue 15): index and search p95 ≤ 300 ms at 10,000 listings.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

from harness import fresh_django, percentile, timed, width

TARGET_MS = 300.0
ORGANIZATIONS = 1_000
SUBMISSIONS = 100
REPORTS = 300
RECONFIRMATIONS = 200


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    fresh_django("bench-admin.sqlite3")
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from cms.setup import ensure_site_pages
    from directory.models import Area, Organization, ProblemReport, Resource
    from directory.portal import services as portal
    from directory.portal.moderation import ensure_moderation_workflow
    from directory.search.organizations import organization_search_rebuild
    from directory.services import resource_request_reconfirmation
    from tests.factories import login_verified

    call_command("migrate", verbosity=0)
    ensure_site_pages()
    ensure_moderation_workflow(apps)
    User = get_user_model()
    admin = User.objects.create_superuser("bench_admin", "admin@example.jp", "bench-pass-2026")
    member = User.objects.create_user("bench_member", "member@example.jp", "bench-pass-2026")
    web = Client()
    login_verified(web, admin)
    resources = reverse("wagtailsnippets_directory_resource:list")
    organizations = reverse("wagtailsnippets_directory_organization:list")
    kamata = Area.objects.get(slug="kamata-nishi")

    def fill(count: int) -> None:
        """The synthetic listings, with groups, submissions, reports and flags among them."""
        print(f"準備: 合成データ {count:,} 件を生成します…", flush=True)
        Organization.objects.all().delete()
        call_command("generate_synthetic", listings=count, verbosity=0)
        orgs = Organization.objects.bulk_create(
            Organization(name=f"合成データの会{i:04d}", name_kana=f"ごうせいでーたのかい{i:04d}")
            for i in range(ORGANIZATIONS)
        )
        ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
        for n, org in enumerate(orgs):
            Resource.objects.filter(pk__in=ids[n :: len(orgs)]).update(organization=org)
        organization_search_rebuild()
        call_command("search_index", rebuild=True, verbosity=0)
        ProblemReport.objects.bulk_create(
            ProblemReport(resource_id=pk, kind="outdated") for pk in ids[::37][:REPORTS]
        )
        for resource in Resource.objects.filter(pk__in=ids[5::53][:RECONFIRMATIONS]):
            resource_request_reconfirmation(resource=resource, reason="情報が古い")
        for resource in Resource.objects.filter(pk__in=ids[7::97][:SUBMISSIONS]):
            resource.alert = "今月は休みです"
            portal.resource_submit_changes(resource=resource, user=member)

    def page(url: str, params: dict) -> int:
        response = web.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        return len(response.content)

    def count_queries(fn) -> int:
        seen = []
        with connection.execute_wrapper(lambda execute, *a: seen.append(1) or execute(*a)):
            fn()
        return len(seen)

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, r.name, r.kind, r.status, r.confirmed_on, a.name "
                "FROM directory_resource r JOIN directory_area a ON a.id = r.area_id "
                "ORDER BY r.name_kana LIMIT 20"
            )
            cursor.fetchall()

    scenarios = [
        ("一覧 1ページ目", resources, {}),
        ("一覧 250ページ目", resources, {"p": "250"}),
        ("絞り込み エリア+種類", resources, {"area": kamata.pk, "kind": "salon"}),
        ("絞り込み 審査待ち", resources, {"state": "in_review"}),
        ("絞り込み 報告あり", resources, {"problem": "open"}),
        ("絞り込み 確認180日超", resources, {"unconfirmed_days": "180", "state": "live"}),
        ("絞り込み 再確認依頼", resources, {"reconfirmation": "requested"}),
        ("並べ替え 情報確認日", resources, {"ordering": "confirmed_on"}),
        ("並べ替え 最終更新", resources, {"ordering": "-_updated_at"}),
        ("検索「食堂」", resources, {"q": "食堂"}),
        ("検索「こどもしょくどう」", resources, {"q": "こどもしょくどう"}),
        ("検索「体操」+エリア", resources, {"q": "体操", "area": kamata.pk}),
        ("検索「salon」", resources, {"q": "salon"}),
        ("検索「サロン」2ページ目", resources, {"q": "サロン", "p": "2"}),
        ("団体 一覧", organizations, {}),
        ("団体 検索「会」", organizations, {"q": "会"}),
        ("管理画面ホーム", reverse("wagtailadmin_home"), {}),
    ]

    fill(args.small)
    for _label, url, params in scenarios:  # the first requests fill per-process caches
        page(url, params)
    small_queries = {
        label: count_queries(lambda u=url, p=params: page(u, p)) for label, url, params in scenarios
    }
    fill(args.listings)
    gc.collect()
    gc.freeze()
    rows = []
    for label, url, params in scenarios:
        n_queries = count_queries(lambda u=url, p=params: page(u, p))
        size = page(url, params)
        wall = timed(lambda u=url, p=params: page(u, p), args.repeat)
        cpu = timed(
            lambda u=url, p=params: page(u, p), max(5, args.repeat // 4), clock=time.process_time
        )
        rows.append((label, wall, cpu, small_queries[label], n_queries, size))
    base = timed(baseline, args.repeat)

    print()
    print(
        f"管理画面（SQLite、地域資源 {args.listings:,} 件・団体 {ORGANIZATIONS:,} 件、各 {args.repeat} 回、ミリ秒）"
    )
    header = (
        f"{'シナリオ':<22} {'p50':>7} {'p95':>7} {'CPU p50':>8} {'CPU p95':>8} "
        f"{'SQL数':>5}({args.small // 1000}k) {'SQL数':>5}({args.listings // 1000}k) {'KB':>5}"
    )
    print(header)
    print("-" * width(header))
    index_and_search = []
    for label, wall, cpu, small, large, size in rows:
        if not label.startswith(("団体", "管理画面")):
            index_and_search += wall
        line = label + " " * max(1, 24 - width(label))
        line += (
            f"{statistics.median(wall):7.1f} {percentile(wall, 0.95):7.1f} "
            f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f} "
            f"{small:9d} {large:10d} {size / 1024:5.0f}"
        )
        print(line)
    print()
    p95 = percentile(index_and_search, 0.95)
    verdict = "OK" if p95 <= TARGET_MS else "NG"
    print(
        f"一覧・絞り込み・検索 全体: p50 {statistics.median(index_and_search):.1f} ms / "
        f"p95 {p95:.1f} ms（目標 p95 ≤ {TARGET_MS:.0f} ms）{verdict}"
    )
    print(f"ベースライン（素の SQL で同じ20行）: p50 {statistics.median(base):.2f} ms")
    constant = all(small == large for _, _, _, small, large, _ in rows)
    print(f"SQL 数は件数によらず一定: {'はい' if constant else 'いいえ'}")
    print("p50/p95 = ページ全体（認証・権限・絞り込み・検索・20行の表）を描画する経過時間。")
    print(
        "CPU = このプロセスの CPU 時間（SQLite を含む）。機械が混んでいると経過時間は大きくなります。"
    )
    if hasattr(os, "getloadavg"):
        print(
            f"計測時のロードアベレージ（1分）: {os.getloadavg()[0]:.2f}（CPU {os.cpu_count()} 個）"
        )


if __name__ == "__main__":
    main()
