"""Spam protection for the public forms: a honeypot field, and per-address rate limits counted
in the shared cache.

The address is hashed with the site's secret before it becomes a cache key, so no address is
stored; the cache every web process shares (cms/settings: Redis or a database table) keeps the
count in step across processes.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(scope: str, ip: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"rate:{scope}:{digest}"


def rate_limit_allows(*, scope: str, ip: str, limit: int) -> bool:
    """Whether ``ip`` may send another ``scope`` form within the current hour."""
    return cache.get(_key(scope, ip), 0) < limit


def rate_limit_count(*, scope: str, ip: str) -> None:
    """Count one sent form against ``ip``'s hourly limit for ``scope``."""
    key = _key(scope, ip)
    if cache.add(key, 1, timeout=WINDOW_SECONDS) is False:
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=WINDOW_SECONDS)


class HoneypotForm(forms.Form):
    """A form with a field people never see (hidden with CSS, out of the tab order): bots fill
    every field, so a value there marks the sender as a bot. Render it with
    ``directory/components/honeypot.html``."""

    website = forms.CharField(
        label="この欄は空のままにしてください",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
