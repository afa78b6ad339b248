"""``/healthz`` and ``/readyz``, for docker compose, the proxy and monitoring.

- ``/healthz``: the web process is up and answering. Touches nothing else (no database).
- ``/readyz``: the database, the shared cache and — when the site uses it — Elasticsearch answer.
  200 when all do; 503 naming each part that does not. The site itself keeps serving without the
  cache or Elasticsearch (both fail softly), so route traffic on ``/healthz`` and alert on
  ``/readyz`` (docs/deploy.md).

A middleware placed first answers both paths before anything checks the Host header or
redirects to https, so a container's own check (``http://127.0.0.1:8000/readyz``) is answered
whatever Host it sends. The answers name parts, never the errors: those go to the log.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

from directory.search import elastic

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    """A value written to the shared cache can be read back. (A Redis that is down does not
    raise here: the cache ignores its errors so the site keeps serving, so check the value.)"""
    key = f"readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was written")
    finally:
        cache.delete(key)


def check_search() -> None:
    if not elastic.get_client().ping():
        raise RuntimeError("Elasticsearch did not answer the ping")


def readiness_checks() -> dict[str, Callable[[], None]]:
    """The parts ``/readyz`` checks, by name."""
    checks = {"database": check_database, "cache": check_cache}
    if settings.SEARCH_BACKEND == "elasticsearch":
        checks["search"] = check_search
    return checks


def readiness() -> dict[str, str]:
    """Each part's state: "ok" or "unavailable" (the reason is logged)."""
    states = {}
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception:
            logger.exception("readyz: %s unavailable", name)
            states[name] = "unavailable"
        else:
            states[name] = "ok"
    return states


def healthz() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz() -> JsonResponse:
    checks = readiness()
    failing = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "unavailable" if failing else "ready", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)


HEALTH_VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers GET/HEAD ``/healthz`` and ``/readyz`` first; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        view = HEALTH_VIEWS.get(request.path_info.rstrip("/"))
        if view is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = view()
        add_never_cache_headers(response)
        return response
