"""The devices behind two-factor authentication, and every change to them.

A user has at most one confirmed authenticator app (a ``TOTPDevice``) and one set of recovery
codes (a ``StaticDevice`` whose tokens are deleted as they are used). Enrolment keeps an
unconfirmed ``TOTPDevice`` until the first correct code proves the app holds the key. Log lines
name the user by primary key only.
"""

import logging
import re
import unicodedata
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

APP_NAME = "認証アプリ"
RECOVERY_NAME = "回復コード"
TOTP_CODE = re.compile(r"^\d{6}$")


class Throttled(Exception):
    """Too many wrong codes in a row: the next try must wait until ``until``."""

    def __init__(self, until):
        super().__init__(until)
        self.until = until


@dataclass(frozen=True)
class Verification:
    device: object
    recovery_codes_left: int | None  # set when a recovery code was used


def normalise(code: str) -> str:
    """What people type: full-width digits from a Japanese IME, spaces, hyphens, capitals."""
    return re.sub(r"[\s\-‐－ー]", "", unicodedata.normalize("NFKC", code or "")).lower()


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def app_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app(user) -> TOTPDevice:
    """The unconfirmed app being enrolled: the same key until it is confirmed, so reloading
    the page never invalidates a QR code the person has already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def readable_key(key: bytes) -> str:
    """A key in Base32, in groups of four, for typing into an app by hand."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm_app(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the pending app with its first code: it replaces any earlier app, and a fresh
    set of recovery codes is made. Returns the codes (shown once); raises ValueError for a
    wrong code and Throttled while wrong codes are being throttled."""
    _check_allowed(device)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        # A wrong code must still count towards throttling, so it is not raised in here.
        confirmed = device.verify_token(normalise(code))
        if confirmed:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_recovery_codes(user)
    if not confirmed:
        raise ValueError("wrong code")
    logger.info("two-factor app enrolled user=%s", user.pk)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with a new set; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    logger.info("two-factor recovery codes issued user=%s", user.pk)
    return codes


def verify(user, code: str) -> Verification | None:
    """Check a code from the app (six digits) or a recovery code against the user's confirmed
    devices of that kind. None for a wrong code; Throttled while wrong codes are throttled."""
    code = normalise(code)
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        _check_allowed(device)
        if otp_verify_token(user, device.persistent_id, code):
            left = recovery_codes_left(user) if model is StaticDevice else None
            logger.info("two-factor verified user=%s device=%s", user.pk, model.__name__)
            return Verification(device=device, recovery_codes_left=left)
    logger.warning("two-factor wrong code user=%s", user.pk)
    return None


def disable(user) -> None:
    """Remove every device: the user signs in with a password only until enrolling again."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
    logger.info("two-factor removed user=%s", user.pk)


def _check_allowed(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed and details and details.get("locked_until"):
        raise Throttled(timezone.localtime(details["locked_until"]))
