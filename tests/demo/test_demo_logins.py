"""`make run` prints the demo logins at the address it serves (`PORT=8300 make run` → :8300)."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_logins_name_the_address_make_run_serves(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8300"  # what make run passes for PORT=8300
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    assert "http://127.0.0.1:8300/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()
