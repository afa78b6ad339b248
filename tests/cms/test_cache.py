"""The cache: Redis when REDIS_URL is set, else a table in the database that every process on
that database shares — so lockouts and rate limits agree between web processes either way."""

import os
import subprocess
import sys

from tests.production import ROOT, production_env, start_production


def run_django(code: str, env: dict) -> str:
    script = f"import django\ndjango.setup()\nfrom django.core.cache import cache\n{code}"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_redis_two_processes_share_the_database_cache(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    run_django(
        "from django.core.management import call_command\n"
        "call_command('createcachetable')\n"
        "cache.set('axes-like-counter', 4, 60)",
        env,
    )
    assert run_django("print(cache.get('axes-like-counter'))", env) == "4"


def test_production_uses_redis_when_redis_url_is_set_and_ignores_its_errors():
    code = "c = s.CACHES['default']; print(c['BACKEND'], c['OPTIONS']['IGNORE_EXCEPTIONS'])"
    result = start_production(production_env(REDIS_URL="redis://redis:6379/0"), code)
    assert result.stdout.split() == ["django_redis.cache.RedisCache", "True"], result.stderr
    result = start_production(production_env(), "print(s.CACHES['default']['BACKEND'])")
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_login_lockout_counts_in_the_shared_cache():
    result = start_production(production_env(), "print(s.AXES_HANDLER, s.AXES_CACHE)")
    assert result.stdout.split() == ["axes.handlers.cache.AxesCacheHandler", "default"]
