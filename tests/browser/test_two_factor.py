"""A coordinator enrols an authenticator app on a phone at first sign-in, as they really would:
scan (here: read) the key, type the app's code, keep the recovery codes, reach the workspace.
Every step passes axe-core."""

import base64
import time

from django_otp.oath import TOTP

from directory.models import Region
from matching.services import coordinator_assign
from tests.browser.conftest import axe_violations, sign_in

PASSWORD = "a-long-password-1"


def test_a_coordinator_enrols_an_authenticator_app_on_a_phone(site, phone, django_user_model):
    url, _ = site
    user = django_user_model.objects.create_user("coord_new", "c@example.jp", PASSWORD)
    coordinator_assign(user=user, regions=[Region.objects.get(slug="kamata")])

    phone.goto(url + "/coordinator/")
    phone.get_by_label("ユーザー名").fill("coord_new")
    phone.get_by_label("パスワード").fill(PASSWORD)
    phone.get_by_role("button", name="ログイン").click()

    assert phone.get_by_role("heading", name="二要素認証の設定").is_visible()
    assert phone.get_by_role("img", name="認証アプリに読み取らせる QR コード").is_visible()
    assert axe_violations(phone) == [], "setup"
    key = phone.get_by_test_id("totp-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    app = TOTP(secret)  # what the phone's authenticator app computes from the key

    phone.get_by_label("確認コード").fill("000000")
    phone.get_by_role("button", name="登録する").click()
    assert phone.get_by_role("alert").first.inner_text().startswith("コードが正しくありません")
    assert axe_violations(phone) == [], "setup with an error"

    time.sleep(1.1)  # after a wrong code the next try waits a second
    app.time = time.time()
    phone.get_by_label("確認コード").fill(f"{app.token():06d}")
    phone.get_by_role("button", name="登録する").click()
    assert phone.get_by_role("heading", name="回復コード").is_visible()
    assert phone.locator(".two-factor-codes li").count() == 10
    assert axe_violations(phone) == [], "recovery codes"

    phone.get_by_role("link", name="保管しました。続ける").click()
    assert phone.get_by_role("heading", name="参加支援ホーム").is_visible()

    # The settings page, reached from the workspace menu, and back.
    phone.get_by_role("link", name="二要素認証").click()
    assert phone.get_by_test_id("app-status").inner_text().startswith("登録済み")
    assert "残り 10 個" in phone.locator("main").inner_text()
    assert axe_violations(phone) == [], "settings"
    phone.get_by_role("link", name="← 戻る").click()
    assert phone.get_by_role("heading", name="参加支援ホーム").is_visible()

    # Next time: the password, then the code page.
    with phone.expect_navigation():
        phone.get_by_role("button", name="ログアウト").click()
    sign_in(phone, url + "/coordinator/login/", "coord_new", PASSWORD)
    assert phone.get_by_role("heading", name="参加支援ホーム").is_visible()
