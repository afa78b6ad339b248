"""The audit log's hash chain: each entry's SHA-256 covers its own fields and the previous
entry's hash, so that an entry edited or removed in the database breaks the chain.

``verify`` walks the chain in id order; ``manage.py verify_audit_log`` reports what it finds.
Kept free of model imports so that migrations can use it on historical models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

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


def entry_hash(entry, prev_hash: str) -> str:
    return hashlib.sha256(canonical(entry, prev_hash)).hexdigest()


@dataclass(frozen=True)
class Problem:
    entry_id: int
    message: str


def verify(entries: Iterable) -> list[Problem]:
    """Check a chain given in id order. An edited entry no longer matches its own hash; a
    removed entry leaves the next one pointing at a hash that is not its predecessor's."""
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
        if entry.entry_hash != entry_hash(entry, entry.prev_hash):
            problems.append(
                Problem(
                    entry.id,
                    f"監査ログ #{entry.id} の内容が変更されています（ハッシュが一致しません）。",
                )
            )
        prev = entry.entry_hash
    return problems
