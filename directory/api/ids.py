"""Stable HSDS identifiers (HSDS requires a UUID for every object) without a database column.

Two kinds of id, both derived from one namespace so that another municipality running this code
gets ids of its own (``settings.MUNICIPALITY["code"]``):

- ``row_id(kind, pk)`` for objects a client may ask for by id (services, organizations,
  service_at_locations, locations, schedules): an RFC 9562 version 8 UUID whose first half is a
  hash of the namespace and ``kind`` and whose second half is the primary key, so that
  ``row_pk()`` turns it back into a primary key without a scan, and an organization's id given
  as a service id finds nothing.
- ``derived_id(kind, *parts)`` for everything else (phones, languages, taxonomy terms …): a
  plain UUID version 5 of the namespace and the parts.

Both are the same on every request and every machine for the same row.
"""

from __future__ import annotations

import functools
import uuid

from django.conf import settings

_PK_BITS = 62  # the low 62 bits of the second half; the two above them hold the UUID variant
_PK_MASK = (1 << _PK_BITS) - 1


@functools.cache
def _namespace(code: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:jp-lg:{code}:tsunagari:hsds")


def namespace() -> uuid.UUID:
    return _namespace(settings.MUNICIPALITY["code"])


@functools.cache
def _prefix(code: str, kind: str) -> int:
    """The first 64 bits of a row id for ``kind``, with the version nibble set to 8."""
    high = int.from_bytes(uuid.uuid5(_namespace(code), kind).bytes[:8], "big")
    return (high & ~(0xF << 12)) | (0x8 << 12)


def row_id(kind: str, pk: int) -> str:
    """The id of row ``pk`` of ``kind`` ("service", "organization" …)."""
    if not 0 <= pk <= _PK_MASK:
        raise ValueError(f"primary key out of range: {pk}")
    high = _prefix(settings.MUNICIPALITY["code"], kind)
    low = (0b10 << _PK_BITS) | pk  # RFC 4122/9562 variant
    return str(uuid.UUID(int=(high << 64) | low))


def row_pk(kind: str, value: str) -> int | None:
    """The primary key in ``value`` if it is a row id of ``kind`` from this deployment, else None."""
    try:
        parsed = uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
    high, low = parsed.int >> 64, parsed.int & ((1 << 64) - 1)
    if high != _prefix(settings.MUNICIPALITY["code"], kind) or low >> _PK_BITS != 0b10:
        return None
    return low & _PK_MASK


def derived_id(kind: str, *parts: object) -> str:
    """A UUID 5 for an object that is never looked up by id on its own."""
    name = ":".join([kind, *(str(p) for p in parts)])
    return str(uuid.uuid5(namespace(), name))
