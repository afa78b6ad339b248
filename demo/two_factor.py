"""The demo accounts' authenticator app (``make run`` only, DEBUG only).

Every demo account that must use two-factor authentication shares one well-known key, so that
someone trying the demo can either add it to an authenticator app or ask
``manage.py demo_two_factor_code`` (``make demo-code``) for the current code. Real accounts
never get this key: the functions refuse to run outside DEBUG.
"""

import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.two_factor.devices import app_for, readable_key

DEMO_KEY = b"ota-tsunagari-demo!!"  # 20 bytes, like the keys django-otp makes


def _demo_only() -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured("デモ用の二要素認証は開発環境（DEBUG=True）でのみ使えます。")


def give_demo_app(user) -> None:
    """Enrol the demo key for a demo account (unless it already has an app)."""
    _demo_only()
    if app_for(user) is None:
        TOTPDevice.objects.create(
            user=user, name="デモ用の認証アプリ", key=DEMO_KEY.hex(), confirmed=True
        )


def demo_key_base32() -> str:
    return readable_key(DEMO_KEY)


def current_demo_code() -> tuple[str, int]:
    """The code an app holding the demo key shows now, and its seconds left."""
    _demo_only()
    totp = TOTP(DEMO_KEY)
    now = time.time()
    totp.time = now
    return f"{totp.token():06d}", 30 - int(now) % 30
