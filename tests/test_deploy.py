"""The deployment files are for people without this repository's CI: check their shape, not a run."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_web_postgres_and_elasticsearch_with_healthchecks():
    services = compose()["services"]
    assert {"web", "db", "search"} <= set(services)
    for name in ("web", "db", "search"):
        assert services[name]["healthcheck"]["test"], name
    assert "gunicorn" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert services["db"]["image"].startswith("postgres:15")


def test_compose_wires_the_environment_the_settings_read():
    env = compose()["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["ELASTICSEARCH_URL"] == "http://search:9200"
    assert env["SEARCH_BACKEND"] == "elasticsearch"
    assert {"SECRET_KEY", "MATCHING_ENCRYPTION_KEYS", "AUDIT_LOG_KEYS"} <= set(env)


def test_elasticsearch_image_has_the_kuromoji_plugin():
    search = compose()["services"]["search"]
    dockerfile = ROOT / search["build"] / "Dockerfile"
    assert "analysis-kuromoji" in dockerfile.read_text(encoding="utf-8")
