"""Two-factor authentication (docs/security.md): staff and coordinators cannot get past the
password step without a code from their authenticator app or a recovery code; group members may
turn it on and off; a password alone never replaces someone's second factor."""

import datetime as dt
import io
import logging
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import Region
from matching.services import coordinator_assign
from tests.factories import totp_code, totp_device

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
SETUP = reverse("account:two_factor_setup")
VERIFY = reverse("account:two_factor_verify")
MANAGE = reverse("account:two_factor")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.jp", PASSWORD)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coord", "coord@example.jp", PASSWORD)
    coordinator_assign(user=user, regions=[Region.objects.get(slug="omori")])
    return user


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)


def password_login(client, login_url: str, username: str):
    response = client.post(login_url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step succeeds"
    return response


def code_form(client, url, code, next_url=""):
    return client.post(url, {"code": code, "next": next_url})


def recovery_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)


def test_staff_enrol_an_app_before_the_admin_opens(client, editor):
    password_login(client, "/admin/login/", "editor")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    # Any other page of the site waits too: the session is only half signed in.
    assert client.get("/admin/pages/")["Location"].startswith(SETUP)

    page = client.get(SETUP + "?next=/admin/").content.decode()
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page).group(1)
    assert key.replace(" ", "") in pending.config_url  # the typed key is the QR code's key
    assert "<svg" in page
    # Reloading keeps the same key, so an app that already scanned it stays valid.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=editor).key == pending.key

    response = code_form(client, SETUP, totp_code(pending), "/admin/")
    assert response.status_code == 200
    codes = recovery_codes(response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/admin/"' in response.content.decode()
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_enrols_nothing(client, editor):
    password_login(client, "/admin/login/", "editor")
    client.get(SETUP)
    response = code_form(client, SETUP, "000000")
    assert "コードが正しくありません" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert not StaticToken.objects.exists()
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_a_coordinator_signs_in_with_a_code_and_each_code_works_once(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    response = client.get(reverse("matching:client_list"))
    assert response["Location"] == f"{VERIFY}?next=%2Fcoordinator%2Fclients%2F"
    assert "確認コード" in client.get(response["Location"]).content.decode()

    wrong = code_form(client, VERIFY, "123456", "/coordinator/clients/")
    assert "コードが正しくありません" in wrong.content.decode()
    assert client.get(reverse("matching:client_list")).status_code == 302

    with time_machine.travel(dt.timedelta(seconds=2)):  # past the 1 s wait after a wrong code
        session_before = client.session.session_key
        code = totp_code(device)
        response = code_form(client, VERIFY, code, "/coordinator/clients/")
        assert response.status_code == 302 and response["Location"] == "/coordinator/clients/"
        assert client.session.session_key != session_before  # a new session key
        assert client.get(reverse("matching:client_list")).status_code == 200

        # Signed out and in again, the same code is refused: someone who saw it cannot replay it.
        client.post(reverse("matching:logout"))
        password_login(client, reverse("matching:login"), "coord")
        replay = code_form(client, VERIFY, code)
        assert "コードが正しくありません" in replay.content.decode()


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    code_form(client, VERIFY, "111111")
    code_form(client, VERIFY, "222222")  # within a second: refused without being checked
    response = code_form(client, VERIFY, totp_code(device))
    assert "しばらく入力できません" in response.content.decode()
    assert client.get(reverse("matching:dashboard")).status_code == 302
    with time_machine.travel(dt.timedelta(seconds=5)):
        response = code_form(client, VERIFY, totp_code(device))
        assert response.status_code == 302
        assert client.get(reverse("matching:dashboard")).status_code == 200


def test_a_recovery_code_replaces_a_lost_phone_once(client, coordinator, caplog):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    code_form(client, VERIFY, totp_code(device))
    codes = recovery_codes(client.post(MANAGE, {"action": "recovery_codes"}).content.decode())
    assert len(codes) == 10
    client.post(reverse("matching:logout"))

    password_login(client, reverse("matching:login"), "coord")
    with caplog.at_level(logging.INFO):
        # Typed in capitals, with full-width characters from a Japanese IME: still the code.
        typed = codes[0].upper().replace("-", "－")
        response = code_form(client, VERIFY, typed, "/coordinator/")
    assert response.status_code == 302
    page = client.get("/coordinator/").content.decode()
    assert "回復コードでログインしました" in page and "残り 9 個" in page
    assert codes[0] not in caplog.text and "coord" not in caplog.text  # logs name a pk only
    client.post(reverse("matching:logout"))

    password_login(client, reverse("matching:login"), "coord")
    with time_machine.travel(dt.timedelta(seconds=2)):
        assert "コードが正しくありません" in code_form(client, VERIFY, codes[0]).content.decode()


def test_new_recovery_codes_void_the_old_ones(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    code_form(client, VERIFY, totp_code(device))
    old = recovery_codes(client.post(MANAGE, {"action": "recovery_codes"}).content.decode())
    new = recovery_codes(client.post(MANAGE, {"action": "recovery_codes"}).content.decode())
    assert not set(old) & set(new)
    assert StaticToken.objects.filter(device__user=coordinator).count() == 10
    assert not StaticToken.objects.filter(token__in=[c.replace("-", "") for c in old]).exists()


def test_a_password_alone_cannot_replace_the_app(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    for response in (client.get(SETUP), code_form(client, SETUP, "123456")):
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(MANAGE, {"action": "recovery_codes"})["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [device]
    assert not StaticToken.objects.exists()


def test_required_users_cannot_turn_it_off(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    code_form(client, VERIFY, totp_code(device))
    page = client.get(MANAGE).content.decode()
    assert "二要素認証をやめる" not in page
    assert "回復コードがありません" in page  # an app enrolled without codes is told to make some
    client.post(MANAGE, {"action": "disable"})
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_group_members_may_turn_it_on_and_off(client, member):
    password_login(client, reverse("portal:login"), "member")
    assert client.get(reverse("portal:dashboard")).status_code == 200  # optional for members
    assert "未登録" in client.get(MANAGE).content.decode()

    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=member)
    codes = recovery_codes(code_form(client, SETUP, totp_code(pending)).content.decode())
    assert len(codes) == 10
    client.post(reverse("portal:logout"))

    # From now on the portal asks for a code too.
    password_login(client, reverse("portal:login"), "member")
    assert client.get(reverse("portal:dashboard"))["Location"].startswith(VERIFY)
    code_form(client, VERIFY, codes[0])
    assert client.get(reverse("portal:dashboard")).status_code == 200

    client.post(MANAGE, {"action": "disable"})
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.exists()
    client.post(reverse("portal:logout"))
    password_login(client, reverse("portal:login"), "member")
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_next_never_leaves_the_site(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    response = code_form(client, VERIFY, totp_code(device), "https://evil.example/")
    assert response["Location"] == "/"


def test_signing_out_and_the_public_site_work_for_everyone(client, coordinator):
    totp_device(coordinator)
    assert client.get(VERIFY).status_code == 302  # anonymous: nothing to verify
    password_login(client, reverse("matching:login"), "coord")
    response = client.post(reverse("account:logout"))
    assert response.status_code == 302
    assert client.get(reverse("matching:dashboard"))["Location"].startswith(
        reverse("matching:login")
    )


def test_the_admin_account_page_links_to_two_factor_settings(client, editor):
    from tests.factories import login_verified

    login_verified(client, editor)
    assert MANAGE in client.get(reverse("wagtailadmin_account")).content.decode()


def test_an_administrator_resets_a_lost_second_factor(client, coordinator):
    device = totp_device(coordinator)
    password_login(client, reverse("matching:login"), "coord")
    code_form(client, VERIFY, totp_code(device))
    assert client.get(reverse("matching:dashboard")).status_code == 200

    out = io.StringIO()
    call_command("reset_two_factor", "coord", stdout=out)
    assert "セッション 1 件" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    # Signed out everywhere: a stolen session cookie cannot enrol the next app …
    response = client.get(reverse("matching:dashboard"))
    assert response["Location"].startswith(reverse("matching:login"))
    # … the person signs in with their password and enrols again.
    password_login(client, reverse("matching:login"), "coord")
    assert client.get(reverse("matching:dashboard"))["Location"].startswith(SETUP)
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("reset_two_factor", "nobody")


def test_the_demo_admin_signs_in_with_the_code_make_demo_code_prints(client, settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_two_factor_code", stdout=out)
    code = re.search(r"確認コード: (\d{6})", out.getvalue()).group(1)

    client.post("/admin/login/", {"username": "admin", "password": "tsunagari-demo-2026"})
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    code_form(client, VERIFY, code)
    assert client.get("/admin/").status_code == 200

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("demo_two_factor_code", stdout=io.StringIO())
