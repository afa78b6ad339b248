"""The production stack on this machine, for the smoke test (tests/test_production.py).

What docker-compose.yml runs, without Docker: Debian's nginx with the shipped deploy/nginx.conf
(only ports, paths and the upstream replaced) in front of gunicorn started exactly as the
Dockerfile starts it (two workers, cms.settings.production, DEBUG off, freshly generated keys),
Redis as the shared cache, a fresh PostgreSQL database, and a self-signed certificate made for
the run. Each part listens on a free port of 127.0.0.1 and keeps its files in one temporary folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg
import requests
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"

# The commands a deployment runs (Dockerfile, docs/deploy.md); tests/test_deploy.py holds those
# files to them.
GUNICORN_COMMAND = ["gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi"]
MIGRATE_COMMAND = ["python", "manage.py", "migrate", "--noinput"]
COLLECTSTATIC_COMMAND = ["python", "manage.py", "collectstatic", "--noinput"]
# The demo data of `make run`, loaded with the development settings (they refuse elsewhere).
DEMO_COMMANDS = ["load_demo_data", "create_demo_users", "load_demo_portal", "load_demo_matching"]

# What the smoke test gives where docker-compose.yml gives something else, and why.
DIFFERS_FROM_COMPOSE = {
    # No Elasticsearch can be installed here; search runs on the database (docs/search.md).
    "SEARCH_BACKEND": "database",
    # No internet: the offline gazetteer instead of 国土地理院's address search.
    "GEOCODER": "gazetteer",
    # Two workers keep the run short on a shared CI machine; still more than one process.
    "WEB_CONCURRENCY": "2",
}
# Paths inside the image that the smoke test keeps in its temporary folder instead.
SMOKE_ONLY = {"STATIC_ROOT", "MEDIA_ROOT"}
# No Elasticsearch here (SEARCH_BACKEND above).
NOT_IN_SMOKE = {"ELASTICSEARCH_URL"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def substituted_nginx_conf(*, ports: dict[str, int], tmp: Path, media: Path) -> str:
    """deploy/nginx.conf with its listen ports, upstream and paths pointed at this run; every
    replaced text must be found, so a change to the shipped file cannot slip past the test."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", 1),
        ("server web:8000;", f"server 127.0.0.1:{ports['gunicorn']};", 1),
        ("/etc/letsencrypt/", f"{tmp}/letsencrypt/", 2),
        ("/var/www/acme", f"{tmp}/acme", 1),
        ("/var/log/nginx/access.log", f"{tmp}/nginx-access.log", 2),
        ("/srv/media/", f"{media}/", 1),
    ]
    for old, new, count in replacements:
        found = text.count(old)
        if found != count:
            raise AssertionError(f"deploy/nginx.conf: {old!r} found {found} times, not {count}")
        text = text.replace(old, new)
    return text


def nginx_main_conf(tmp: Path) -> str:
    """The part of nginx.conf the nginx image (or Debian) provides around conf.d/default.conf."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {name}_temp_path {tmp}/nginx-{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/nginx-error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {tmp}/nginx-access.log;\n{temp_paths}"
        f"    include {tmp}/default.conf;\n}}\n"
    )


def self_signed_certificate(directory: Path) -> Path:
    """A certificate for 127.0.0.1, valid two days, where certbot would put one."""
    directory.mkdir(parents=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(directory / "privkey.pem"),
            "-out",
            str(directory / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return directory / "fullchain.pem"


def _venv_command(command: list[str]) -> list[str]:
    """``python …`` and ``gunicorn …`` from the interpreter running the tests."""
    if command[0] == "python":
        return [sys.executable, *command[1:]]
    return [sys.executable, "-m", command[0], *command[1:]]


@dataclass
class Stack:
    tmp: Path
    admin_database_url: str
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # Response headers the smoke test saw, for its report.
    seen: dict[str, str] = field(default_factory=dict)
    database: str = ""
    certificate: Path | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.ports['https']}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['http']}"

    @property
    def media(self) -> Path:
        return self.tmp / "media"

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    # --- environment -------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        """The web environment of docker-compose.yml, with this run's values."""
        db = dj_database_url.parse(self.admin_database_url)
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{self.database}"
        )
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "60",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "MATCHING_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "AUDIT_LOG_KEYS": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "EMAIL_HOST": "localhost",
            "DEFAULT_FROM_EMAIL": "noreply@example.jp",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "STATIC_ROOT": str(self.tmp / "staticfiles"),
            "MEDIA_ROOT": str(self.media),
            **DIFFERS_FROM_COMPOSE,
        }

    # --- parts -------------------------------------------------------------------------------

    def _timed(self, name: str, func, *args) -> None:
        start = time.monotonic()
        func(*args)
        self.timings[name] = time.monotonic() - start

    def _run(self, name: str, command: list[str], env: dict[str, str]) -> None:
        with open(self.tmp / f"{name}.log", "a", encoding="utf-8") as log:
            result = subprocess.run(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{self.log(name)[-3000:]}")

    def _start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.tmp / f"{name}.log", "a", encoding="utf-8")  # noqa: SIM115 (kept open)
        self.processes[name] = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )

    def create_database(self) -> None:
        self.database = f"smoke_{secrets.token_hex(4)}"
        with psycopg.connect(_libpq(self.admin_database_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')

    def drop_database(self) -> None:
        if not self.database:
            return
        with psycopg.connect(_libpq(self.admin_database_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def migrate(self, env: dict[str, str]) -> None:
        """migrate, as a deployment does."""
        self._timed("migrate", self._run, "migrate", _venv_command(MIGRATE_COMMAND), env)

    def load_demo_data(self, env: dict[str, str]) -> None:
        """The fictional demo data of `make run`, in one process (four start-ups of Django cost
        more than some of the commands)."""
        demo = (
            "import django\ndjango.setup()\nfrom django.core.management import call_command\n"
            f"for command in {DEMO_COMMANDS!r}:\n    call_command(command)\n"
        )
        demo_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
        self._timed("demo data", self._run, "demo", [sys.executable, "-c", demo], demo_env)

    def start_redis(self) -> None:
        self._start(
            "redis",
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.ports["redis"]),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
        )
        wait_until(lambda: _redis_ping(self.ports["redis"]), "redis-server", self)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def start_nginx(self) -> None:
        self.certificate = self_signed_certificate(self.tmp / "letsencrypt/live/tsunagari")
        (self.tmp / "acme").mkdir()
        self.media.mkdir(exist_ok=True)
        (self.tmp / "default.conf").write_text(
            substituted_nginx_conf(ports=self.ports, tmp=self.tmp, media=self.media)
        )
        (self.tmp / "nginx-main.conf").write_text(nginx_main_conf(self.tmp))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._start(
            "nginx",
            [
                nginx,
                "-e",
                str(self.tmp / "nginx-error.log"),
                "-c",
                str(self.tmp / "nginx-main.conf"),
            ],
        )
        wait_until(lambda: _port_open(self.ports["https"]), "nginx", self)

    def start_gunicorn(self, env: dict[str, str]) -> None:
        command = _venv_command(GUNICORN_COMMAND)
        # The image binds 0.0.0.0:8000 (deploy/gunicorn.conf.py); here, a free local port.
        command[-1:-1] = ["--bind", f"127.0.0.1:{self.ports['gunicorn']}"]
        self._start("gunicorn", command, env)

    def wait_ready(self) -> None:
        def ready() -> bool:
            try:
                return requests.get(
                    f"{self.url}/readyz", verify=str(self.certificate), timeout=5
                ).ok
            except requests.ConnectionError:
                return False

        wait_until(ready, "gunicorn behind nginx (/readyz)", self)

    # --- the whole run -----------------------------------------------------------------------

    def start(self) -> None:
        """Everything up, the slow parts side by side: database and static files at once."""
        started = time.monotonic()
        for name in ("redis", "gunicorn", "http", "https"):
            self.ports[name] = free_port()
        self._timed("redis", self.start_redis)
        self._timed("create database", self.create_database)
        env = self.env()
        collect = threading.Thread(
            target=self._timed,
            args=(
                "collectstatic",
                self._run,
                "collectstatic",
                _venv_command(COLLECTSTATIC_COMMAND),
                env,
            ),
        )
        collect.start()
        self._timed("nginx + certificate", self.start_nginx)
        self.migrate(env)
        collect.join()
        if not (self.tmp / "staticfiles" / "staticfiles.json").exists():
            raise AssertionError(f"collectstatic wrote no manifest:\n{self.log('collectstatic')}")
        # gunicorn boots while the demo data loads: it needs the tables and static files only.
        gunicorn_start = time.monotonic()
        self.start_gunicorn(env)
        self.load_demo_data(env)
        self.wait_ready()
        self.timings["gunicorn up (beside demo)"] = time.monotonic() - gunicorn_start
        self.timings["stack up"] = time.monotonic() - started

    def shutdown(self) -> None:
        for name in ("nginx", "gunicorn", "redis"):
            self.stop(name)
        self.drop_database()


def wait_until(condition, what: str, stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        if dead:
            raise AssertionError(f"{dead} exited while waiting for {what}:\n{stack.log(dead[0])}")
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up in {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _libpq(url: str) -> str:
    db = dj_database_url.parse(url)
    return (
        f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} "
        f"password={db['PASSWORD']} dbname={db['NAME']}"
    )
