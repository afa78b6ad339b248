"""Model fields the matching module needs.

Free-text notes about a client are 要配慮個人情報. Every such column is a ``SensitiveTextField``:
the value is encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) before it
reaches the database and decrypted when it is read, with the keys in
``settings.MATCHING_ENCRYPTION_KEYS`` (newest first; the newest encrypts, every key decrypts).

Stored values carry the prefix ``fernet:`` so that ciphertext is recognisable: a value without it
is legacy plaintext written before encryption existed (migration 0003 encrypts all of those), and
is returned as it is. The empty string is stored as it is (a blank note holds nothing to protect).

Ciphertext is random, so these columns cannot be filtered or searched in the database.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


class SensitiveValueUnreadable(Exception):
    """A stored value that none of the configured keys can decrypt (a key was removed too early,
    or the value was altered). Never swallowed: reading it must fail loudly."""


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("MATCHING_ENCRYPTION_KEYS が設定されていません。")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "MATCHING_ENCRYPTION_KEYS に Fernet の鍵として正しくないものがあります。"
        ) from error


def multifernet() -> MultiFernet:
    """The MultiFernet for the keys currently configured (cached per key list)."""
    return _multifernet(tuple(settings.MATCHING_ENCRYPTION_KEYS))


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return PREFIX + multifernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not is_encrypted(stored):
        return stored  # "" or legacy plaintext (see the module docstring)
    try:
        return multifernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise SensitiveValueUnreadable(
            "暗号化された値を復号できません。MATCHING_ENCRYPTION_KEYS に、"
            "この値を暗号化した鍵が含まれているか確認してください。"
        ) from error


def rotate(stored: str) -> str:
    """Re-encrypt a stored value with the newest key (``MultiFernet.rotate``); plaintext is
    encrypted. Raises ``SensitiveValueUnreadable`` when no configured key can read it."""
    if stored == "":
        return ""
    if not is_encrypted(stored):
        return encrypt(stored)
    try:
        token = multifernet().rotate(stored[len(PREFIX) :].encode("ascii"))
    except InvalidToken as error:
        raise SensitiveValueUnreadable(
            "暗号化された値を復号できません。古い鍵を外す前に rotate_encryption_key を"
            "実行したか確認してください。"
        ) from error
    return PREFIX + token.decode("ascii")


class SensitiveTextField(models.TextField):
    """Free text that may hold personal information about a client (strengths, notes …).

    Encrypted at rest, transparently. Never log it, never put it in a URL, never export it except
    in a disclosure export (開示請求). The column stays a TextField, so migrations do not change.
    """

    description = "Sensitive free text (encrypted at rest)"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None:
            return value
        return encrypt(str(value))


def sensitive_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model in the project with its ``SensitiveTextField`` names."""
    found = []
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, SensitiveTextField) and f.model is model
        ]
        if names:
            found.append((model, names))
    return found
