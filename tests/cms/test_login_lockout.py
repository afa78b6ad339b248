"""Five wrong passwords lock that username out from that address for 15 minutes — on every login
page of the site — and the lock lifts by itself (a cool-off, not a permanent lock)."""

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
LOGIN_PAGES = ["/admin/login/", "/portal/login/", "/coordinator/login/"]
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user(
        "alice", "alice@example.jp", PASSWORD, is_staff=True
    )


def attempt(client, url, username, password, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_five_wrong_passwords_lock_the_account_on_every_login_page(client, alice, url):
    with time_machine.travel(NOW):
        for _ in range(4):
            assert attempt(client, url, "alice", "wrong-password").status_code == 200
        assert attempt(client, url, "alice", "wrong-password").status_code == 429  # the fifth
        locked = attempt(client, url, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "ログインを一時的に停止しています" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_from_that_address_only(client, alice, django_user_model):
    django_user_model.objects.create_user("bob", "bob@example.jp", PASSWORD, is_staff=True)
    with time_machine.travel(NOW):
        for _ in range(5):
            attempt(client, "/admin/login/", "alice", "wrong-password")
        assert attempt(client, "/admin/login/", "bob", PASSWORD).status_code == 302
        client.logout()
        assert (
            attempt(client, "/admin/login/", "alice", PASSWORD, ip="198.51.100.9").status_code
            == 302
        )


def test_the_lock_lifts_after_the_cool_off(client, alice):
    with time_machine.travel(NOW):
        for _ in range(5):
            attempt(client, "/admin/login/", "alice", "wrong-password")
        assert attempt(client, "/admin/login/", "alice", PASSWORD).status_code == 429
    with time_machine.travel(NOW + dt.timedelta(minutes=16)):
        assert attempt(client, "/admin/login/", "alice", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, alice):
    with time_machine.travel(NOW):
        for _ in range(4):
            attempt(client, "/admin/login/", "alice", "wrong-password")
        assert attempt(client, "/admin/login/", "alice", PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            attempt(client, "/admin/login/", "alice", "wrong-password")
        assert attempt(client, "/admin/login/", "alice", PASSWORD).status_code == 302
