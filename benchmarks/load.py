"""Load benchmark: the public pages under concurrent requests, beside the stack's ceiling.

Usage: make bench   (or: .venv/bin/python benchmarks/load.py --listings 10000 --duration 8)

Builds a fresh SQLite database in benchmarks/results/ with ``generate_synthetic`` (N listings),
starts gunicorn with the production settings (2 workers, the application preloaded, as
deploy/gunicorn.conf.py does) and drives it with wrk (Debian package ``wrk``), 20 connections
for ``--duration`` seconds per URL: first the minimal Django view ``/bench/ceiling/``
(benchmarks/ceiling/: every middleware, no database), then home, directory, directory with
filters, detail, area, search and the HSDS services list — with the page cache off (every
request rendered) and on (warm). Prints req/s, p50 and p99 and the share of the ceiling, and
each worker's own memory (USS and PSS from /proc/PID/smaps_rollup) after a search has loaded
the dictionary. Then the cost curve (benchmarks/curve.py) unless ``--no-curve``.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from harness import RESULTS, ROOT, fresh_django, width

WORKERS = 2
CONNECTIONS = 20
THREADS = 2
SETTINGS = "benchmarks.ceiling.settings"
CEILING = "上限: 最小のビュー"
# The proxy says the request came over https (deploy/nginx.conf); production redirects otherwise.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Accept-Encoding": "gzip"}


@dataclass
class Result:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def build_database(listings: int, reuse: bool) -> Path:
    """A fresh SQLite file with the site pages and ``listings`` synthetic listings, indexed (or,
    with ``reuse``, the one the last run built, if it has that many)."""
    if reuse and fresh_django("load.sqlite3", keep=True):
        from django.conf import settings

        from directory.models import Resource

        if Resource.objects.count() == listings:
            print(f"前回のデータベース（{listings:,} 件）を使います。", flush=True)
            return Path(settings.DATABASES["default"]["NAME"])
        raise SystemExit(
            f"前回のデータベースは {listings:,} 件ではありません: --reuse なしで実行してください。"
        )
    fresh_django("load.sqlite3")
    from django.core.management import call_command, get_commands

    from cms.setup import ensure_site_pages

    print(f"準備: 合成データ {listings:,} 件のデータベースを作成します…", flush=True)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    ensure_site_pages()
    call_command("generate_synthetic", listings=listings, verbosity=0)
    call_command("search_index", rebuild=True, verbosity=0)
    if "refresh_occurrences" in get_commands():
        call_command("refresh_occurrences", verbosity=0)
    print(f"  {time.monotonic() - started:.0f} 秒", flush=True)
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"])


def sample_paths() -> list[tuple[str, str]]:
    """The URLs measured: one of each public page on the synthetic set."""
    from directory.models import Area, Resource
    from directory.public.models import DirectoryIndexPage

    directory = DirectoryIndexPage.objects.get()
    listing = Resource.objects.listed().order_by("pk").first()
    area = Area.objects.order_by("code").first()
    base = directory.url
    return [
        ("ホーム", "/"),
        ("一覧（地図つき）", base),
        ("一覧 絞り込み", f"{base}?kind=salon&weekday=2&time_of_day=afternoon"),
        ("詳細", directory.resource_url(listing)),
        ("エリア", directory.area_url(area)),
        ("検索「食堂」", f"{base}?q=%E9%A3%9F%E5%A0%82"),
        ("HSDS services", "/api/hsds/services"),
    ]


def server_env(database: Path, static_root: Path, page_cache: bool) -> dict:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        MATCHING_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        AUDIT_LOG_KEYS=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
        # Persistent connections, as docs/deploy.md recommends for the web processes.
        DATABASE_CONN_MAX_AGE="600",
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="on" if page_cache else "off",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    return env


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production settings, started and stopped by this benchmark."""

    def __init__(self, env: dict):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        config = ROOT / "deploy" / "gunicorn.conf.py"
        command = [str(gunicorn), "cms.wsgi", "--workers", str(WORKERS)]
        if config.exists():
            command += ["--config", str(config)]
        # No worker restarts in the middle of a measurement (production restarts them now and
        # then: max_requests in deploy/gunicorn.conf.py).
        command += ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null"]
        command += ["--max-requests", "0"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait()

    def _wait(self) -> None:
        for _ in range(300):
            try:
                self.get("/bench/ceiling/")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("gunicorn が起動しませんでした。") from None
                time.sleep(0.2)
        raise SystemExit("gunicorn が応答しません。")

    def get(self, path: str) -> int:
        request = urllib.request.Request(self.url + path, headers=PROXY_HEADERS)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private pages: what the worker costs on its own), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return {
        "RSS": fields["Rss"],
        "PSS": fields["Pss"],
        "USS": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def wrk(url: str, duration: int, label: str) -> Result:
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{duration}s"]
    command += ["--timeout", "30s"]
    command += ["--latency", *sum((["-H", f"{k}: {v}"] for k, v in PROXY_HEADERS.items()), [])]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: .*timeout (\d+)", output)
    return Result(
        label,
        rps,
        _latency(output, "50%"),
        _latency(output, "99%"),
        (int(errors.group(1)) if errors else 0)
        + (int(socket_errors.group(1)) if socket_errors else 0),
    )


def _latency(output: str, quantile: str) -> float:
    value, unit = re.search(rf"^\s+{quantile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(env: dict, paths: list[tuple[str, str]], duration: int, title: str) -> list[Result]:
    server = Server(env)
    try:
        for _, path in paths:  # warm: templates, the dictionary, the page cache
            for _ in range(3):
                server.get(path)
        results = []
        # The ceiling before and after the pages: on a shared machine the load moves meanwhile.
        ceiling = "/bench/ceiling/"
        for label, path in [(f"{CEILING}（前）", ceiling), *paths, (f"{CEILING}（後）", ceiling)]:
            for _ in range(3):
                # wrk closes its connections at the end, but the workers still answer what was
                # queued: these wait for that (and re-warm the page), so no URL pays for the last.
                server.get(path)
            results.append(wrk(server.url + path, duration, label))
        print_results(title, results)
        workers = server.worker_pids()
        for pid in workers:
            mem = memory_mb(pid)
            print(
                f"  ワーカー {pid}: USS {mem['USS']:.0f} MB（自分だけのメモリ）"
                f" / PSS {mem['PSS']:.0f} MB / RSS {mem['RSS']:.0f} MB"
            )
        master = memory_mb(server.process.pid)
        print(f"  マスター: USS {master['USS']:.0f} MB / RSS {master['RSS']:.0f} MB")
        return results
    finally:
        server.stop()


def print_results(title: str, results: list[Result]) -> None:
    """The pages, then the ceiling measured before and after them; shares are of their mean."""
    ceilings = [results[0], results[-1]]
    ceiling = (ceilings[0].rps + ceilings[1].rps) / 2
    results = [*results[1:-1], *ceilings]
    print()
    print(title)
    header = f"{'ページ':<24} {'req/s':>8} {'上限比':>7} {'p50 ms':>8} {'p99 ms':>8} {'エラー':>6}"
    print(header)
    print("-" * width(header))
    for r in results:
        line = r.label + " " * max(1, 26 - width(r.label))
        line += f"{r.rps:8.0f} {r.rps / ceiling:7.1%} {r.p50_ms:8.1f} {r.p99_ms:8.1f} {r.errors:6d}"
        print(line)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=8, help="seconds per URL")
    parser.add_argument("--no-curve", action="store_true", help="skip the cost curve")
    parser.add_argument(
        "--reuse", action="store_true", help="use the database the last run built (same size)"
    )
    parser.add_argument("--curve", default="1000,10000,100000", help="listing counts")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk がありません: apt-get install wrk")

    database = build_database(args.listings, args.reuse)
    paths = sample_paths()
    static_root = RESULTS / "load-static"
    collect_static(server_env(database, static_root, page_cache=False))
    runs = [
        (False, f"キャッシュなし（毎回描画）— {args.listings:,} 件、gunicorn {WORKERS} ワーカー"),
        (True, f"ページキャッシュあり（ウォーム）— {args.listings:,} 件"),
    ]
    for page_cache, title in runs:
        measure(server_env(database, static_root, page_cache), paths, args.duration, title)
    if not args.no_curve:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "curve.py"), "--sizes", args.curve],
            check=True,
        )


if __name__ == "__main__":
    main()
