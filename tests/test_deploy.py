"""The deployment files (docker-compose.yml, Dockerfile, deploy/, docs/deploy.md) cannot be run
here (no Docker engine): check that everything they name exists, and that they say what the
production smoke test (tests/test_production.py) actually runs."""

import fnmatch
import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from gunicorn import config as gunicorn_config

from cms.health import HEALTH_VIEWS
from tests.production import production_env, start_production
from tests.production_stack import (
    COLLECTSTATIC_COMMAND,
    DIFFERS_FROM_COMPOSE,
    GUNICORN_COMMAND,
    MIGRATE_COMMAND,
    NGINX_CONF,
    NOT_IN_SMOKE,
    SMOKE_ONLY,
    Stack,
)

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DEPLOY_DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
SETTINGS_TEXT = (ROOT / "cms" / "settings" / "base.py").read_text(encoding="utf-8")
# Variables gunicorn itself reads (deploy/gunicorn.conf.py says which).
GUNICORN_VARIABLES = {"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"}


def compose() -> dict:
    return yaml.safe_load(COMPOSE_TEXT)


def services() -> dict:
    return compose()["services"]


def web_env() -> dict:
    return services()["web"]["environment"]


def read_by_settings() -> set[str]:
    return set(re.findall(r'(?:os\.environ\.get|env_bool)\(\s*"([A-Z_]+)"', SETTINGS_TEXT))


def test_every_variable_given_to_the_web_processes_is_read_by_someone():
    unknown = set(web_env()) - read_by_settings() - GUNICORN_VARIABLES - {"DJANGO_SETTINGS_MODULE"}
    assert unknown == set()
    gunicorn_source = Path(gunicorn_config.__file__).read_text(encoding="utf-8")
    gunicorn_conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    for name in GUNICORN_VARIABLES:
        assert f'os.environ.get("{name}"' in gunicorn_source, name
        assert name in gunicorn_conf, name


def test_every_variable_read_by_the_settings_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in read_by_settings() if f"`{name}`" not in readme}
    assert missing == set()


def test_every_value_compose_asks_for_is_explained_in_the_deploy_guide():
    asked = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE_TEXT))
    assert asked, "compose reads its values from .env"
    assert {name for name in asked if name not in DEPLOY_DOC} == set()


def test_the_smoke_test_runs_the_web_environment_of_compose():
    stack = Stack(tmp=Path("/nonexistent"), admin_database_url="postgres://u:p@h:5432/d")
    stack.ports = {"https": 1, "redis": 2}
    env = stack.env()
    names = {k for k in env if k not in ("PATH", "HOME", "LANG", "TMPDIR")}
    assert names == (set(web_env()) - NOT_IN_SMOKE) | SMOKE_ONLY
    assert set(DIFFERS_FROM_COMPOSE) <= set(web_env())
    same = {"DJANGO_SETTINGS_MODULE", "DATABASE_CONN_MAX_AGE"}
    assert {k: env[k] for k in same} == {k: str(web_env()[k]) for k in same}


def test_every_file_compose_names_exists():
    created_by_compose = {"./backups"}  # `make backup`'s folder, kept out of git
    for name, service in services().items():
        build = service.get("build")
        if build:
            assert (ROOT / build / "Dockerfile").is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and source not in created_by_compose:
                assert (ROOT / source).exists(), (name, source)
    assert "/backups/" in (ROOT / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_health_checks_use_health_paths_the_site_answers(client):
    web = services()["web"]["healthcheck"]["test"]
    paths = re.findall(r"http://127\.0\.0\.1:8000(/\w*)", " ".join(web))
    assert paths and all(path in HEALTH_VIEWS for path in paths)
    for path in paths:
        assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code in (200, 503)
    for name in ("web", "db", "redis", "search"):
        assert services()[name]["healthcheck"]["test"], name


def test_the_proxy_runs_the_shipped_nginx_file_with_its_paths_mounted():
    proxy = services()["proxy"]
    mounts = dict(v.split(":")[:2] for v in proxy["volumes"])
    assert mounts["./deploy/nginx.conf"] == "/etc/nginx/conf.d/default.conf"
    targets = set(mounts.values())
    nginx = NGINX_CONF.read_text(encoding="utf-8")
    for path in re.findall(r"(?:ssl_certificate(?:_key)?|root|alias)\s+(\S+);", nginx):
        assert any(path.startswith(target) for target in targets), path
    assert "server web:8000;" in nginx and "web" in services()
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    front = proxy["networks"]["front"]["ipv4_address"]
    assert web_env()["FORWARDED_ALLOW_IPS"] == front


def test_nginx_and_django_send_the_same_hsts():
    result = start_production(
        production_env(),
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
    )
    seconds, subdomains, preload = result.stdout.split()
    header = re.search(r'Strict-Transport-Security "([^"]+)"', NGINX_CONF.read_text()).group(1)
    expected = f"max-age={seconds}"
    expected += "; includeSubDomains" if subdomains == "True" else ""
    expected += "; preload" if preload == "True" else ""
    assert header == expected


def test_the_image_runs_the_commands_the_smoke_test_runs():
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE).group(1)
    assert json.loads(cmd) == GUNICORN_COMMAND
    assert " ".join(COLLECTSTATIC_COMMAND) in DOCKERFILE
    for command in (GUNICORN_COMMAND, MIGRATE_COMMAND, COLLECTSTATIC_COMMAND):
        assert " ".join(command) in DEPLOY_DOC, command


def test_the_image_contains_every_app_and_what_it_serves():
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    local_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    needed = [*local_apps, "static", "deploy/gunicorn.conf.py", "manage.py", "pyproject.toml"]
    for name in needed:
        assert not any(fnmatch.fnmatch(name, pattern) for pattern in ignored), name
        assert (ROOT / name).exists(), name


def test_elasticsearch_image_has_the_kuromoji_plugin():
    search = services()["search"]
    dockerfile = ROOT / search["build"] / "Dockerfile"
    assert "analysis-kuromoji" in dockerfile.read_text(encoding="utf-8")
