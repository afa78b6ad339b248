"""The audit log's hash chain: each entry's HMAC-SHA256 covers its own fields and the previous
entry's hash, so that an entry edited or removed in the database breaks the chain.

The HMAC key (``AUDIT_LOG_KEYS``, newest first, from the environment) is never stored in the
database: someone who can write to the database but does not hold the key cannot recompute a
chain that verifies. Removing the newest entries leaves a shorter chain that still verifies,
which is what the *anchor* answers: ``manage.py verify_audit_log`` prints the head (newest id and
hash) to be recorded outside the server, and ``--anchor ID:HASH`` checks that a recorded head is
still there, unchanged.

``verify`` walks the chain in id order; ``rechain`` re-signs it after a check (new key, or the
plain SHA-256 chain of migration 0003). Kept free of model imports so that migrations can use it
on historical models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import models, transaction

GENESIS = ""  # the "previous hash" of the first entry
HASHED_FIELDS = (
    "id",
    "at",
    "user_id",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "ip_address",
    "detail",
)


def canonical(entry, prev_hash: str) -> bytes:
    """A stable serialisation of one entry: sorted-key JSON of its fields (``at`` in UTC ISO
    8601 with microseconds) plus the previous entry's hash."""
    data = {name: getattr(entry, name) for name in HASHED_FIELDS}
    data["at"] = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    data["ip_address"] = str(entry.ip_address) if entry.ip_address else None
    data["prev_hash"] = prev_hash
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def signing_key() -> bytes:
    return settings.AUDIT_LOG_KEYS[0].encode()


def entry_hash(entry, prev_hash: str, key: bytes | None = None) -> str:
    key = key if key is not None else signing_key()
    return hmac.new(key, canonical(entry, prev_hash), hashlib.sha256).hexdigest()


def sha256_hash(entry, prev_hash: str) -> str:
    """The unkeyed hash of the first chain (migration 0003); only read to re-sign it."""
    return hashlib.sha256(canonical(entry, prev_hash)).hexdigest()


def hmac_checks() -> list[Callable]:
    """One hash function per configured key: during a rotation, entries under the old key
    still verify until ``rotate_audit_log_key`` has re-signed them."""
    return [partial(entry_hash, key=key.encode()) for key in settings.AUDIT_LOG_KEYS]


@dataclass(frozen=True)
class Problem:
    entry_id: int
    message: str


def verify(entries: Iterable, hashes: list[Callable] | None = None) -> list[Problem]:
    """Check a chain given in id order. An edited entry no longer matches its own hash; a
    removed entry leaves the next one pointing at a hash that is not its predecessor's."""
    hashes = hashes or hmac_checks()
    problems: list[Problem] = []
    prev = GENESIS
    for entry in entries:
        if entry.prev_hash != prev:
            problems.append(
                Problem(
                    entry.id,
                    f"監査ログ #{entry.id} の直前の記録が削除または変更されています"
                    "（前の記録のハッシュが一致しません）。",
                )
            )
        if not any(
            hmac.compare_digest(entry.entry_hash, h(entry, entry.prev_hash)) for h in hashes
        ):
            problems.append(
                Problem(
                    entry.id,
                    f"監査ログ #{entry.id} の内容が変更されています（ハッシュが一致しません）。",
                )
            )
        prev = entry.entry_hash
    return problems


class ChainBroken(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def rechain(entry_model, hashes: list[Callable]) -> int:
    """Check the whole chain against ``hashes`` and, only if it is intact, re-sign every entry
    with the newest key, all or nothing. Refusing a broken chain keeps tampering from being
    laundered into a fresh, valid-looking one. Returns the number of entries."""
    entries = models.QuerySet(model=entry_model).order_by("pk")
    with transaction.atomic():
        problems = verify(entries.iterator(), hashes)
        if problems:
            raise ChainBroken(problems)
        prev, count = GENESIS, 0
        for entry in entries.iterator():
            new_hash = entry_hash(entry, prev)
            # A plain QuerySet: the model's own refuses update() (the log is append-only).
            models.QuerySet(model=entry_model).filter(pk=entry.pk).update(
                prev_hash=prev, entry_hash=new_hash
            )
            prev, count = new_hash, count + 1
    return count
