"""Behind the proxy, lockouts count per resident, not per proxy: the client's address comes from
X-Forwarded-For, believed only from the proxies in FORWARDED_ALLOW_IPS."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
PROXY = "127.0.0.1"  # in FORWARDED_ALLOW_IPS by default, like gunicorn's


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.jp", PASSWORD)


def attempt(client, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/portal/login/", {"username": "alice", "password": password}, **headers)


def test_through_the_proxy_each_resident_has_their_own_count(client, alice):
    for _ in range(5):
        attempt(client, "wrong-password", remote=PROXY, forwarded="203.0.113.7")
    assert attempt(client, PASSWORD, remote=PROXY, forwarded="203.0.113.7").status_code == 429
    other = attempt(client, PASSWORD, remote=PROXY, forwarded="198.51.100.9")
    assert other.status_code == 302


def test_the_address_nginx_saw_is_the_last_one_in_the_header(client, alice):
    for n in range(5):
        attempt(client, "wrong-password", remote=PROXY, forwarded=f"10.0.0.{n}, 203.0.113.7")
    assert attempt(client, PASSWORD, remote=PROXY, forwarded="203.0.113.7").status_code == 429


def test_a_client_outside_the_proxy_list_cannot_choose_its_address(client, alice):
    for n in range(5):
        attempt(client, "wrong-password", remote="192.0.2.50", forwarded=f"203.0.113.{n}")
    locked = attempt(client, PASSWORD, remote="192.0.2.50", forwarded="198.51.100.9")
    assert locked.status_code == 429
