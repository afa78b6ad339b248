"""/healthz and /readyz answer the container's own checks whatever the Host header, are never
redirected to https, and /readyz names the part that is down."""

import logging

import pytest
from django.core.cache import cache

from cms import health

pytestmark = pytest.mark.django_db

# A Redis nobody listens on, with the production options (errors ignored, short timeouts), for
# the shared cache and the page cache alike.
DEAD = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
}
DEAD_REDIS = {"default": DEAD, "pages": {**DEAD, "KEY_PREFIX": "tsunagari-pages"}}


@pytest.fixture
def production_like(settings):
    settings.ALLOWED_HOSTS = ["tsunagari.example.jp"]
    settings.SECURE_SSL_REDIRECT = True
    return settings


def test_healthz_answers_any_host_without_redirecting(client, production_like):
    for host in ("127.0.0.1:8000", "web:8000", "evil.example"):
        response = client.get("/healthz", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert response.json() == {"status": "ok"}
    # Every other path still checks the host and redirects to https.
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="tsunagari.example.jp").status_code == 301


def test_healthz_does_not_touch_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_readyz_reports_ready_when_database_and_cache_answer(client, production_like):
    response = client.get("/readyz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_names_the_cache_when_redis_is_down_and_pages_still_serve(
    client, settings, home_page, caplog
):
    settings.CACHES = DEAD_REDIS
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "cms.cache"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["checks"]["database"] == "ok"
    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        assert client.get("/").status_code == 200
        cache.set("anything", 1)
    assert any(r.name == "cms.cache" for r in caplog.records)


def test_readyz_names_the_database_when_it_is_down(client, monkeypatch):
    def down():
        raise ConnectionError("no database")

    monkeypatch.setattr(health, "check_database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert "no database" not in response.content.decode()  # the reason goes to the log only


def test_search_is_checked_only_when_the_site_uses_elasticsearch(client, settings):
    assert "search" not in client.get("/readyz").json()["checks"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["search"]
