"""The inverted index under the embedded search: which listings hold a key, found by an index.

A listing's ``ResourceSearchDocument`` holds its keys as space-separated text, one column per
field group (``database.py`` builds them). Testing those columns with ``instr``/``strpos`` would
read every document on every query, so each (column, key) pair is also stored as a posting, a
``ResourceSearchKey`` row whose primary key (field, key, listing) is a B-tree the database keeps:
finding the listings that hold a key costs the same at 1,000 and 100,000 listings.

Every test the search makes on a column maps onto postings exactly:

- `` 食堂 `` (one whole unit) in a unit column: the postings of that key;
- `` 子供 食堂 `` (two units side by side): the postings of the pair, which is a key too; a longer
  run is checked on the documents that hold each of its pairs;
- `` ショクドウ`` (a reading key starts with it): a range of keys, [ショクドウ, ショクドウ\\U0010ffff),
  which is a prefix because keys compare byte by byte (``BinaryTextField``);
- ``囲碁`` inside a run of kanji: the runs' pieces of two to four kanji are keys, so such a word
  is one key, and a longer one is checked on the documents that hold its first four kanji;
- ``|子育て|`` (a whole tag): the tag is a key.

A ``Found`` is a set of listing ids as SQL (one ``id`` column), combined with ``union`` and
``intersect``; ``Found.q()`` turns it into a ``pk__in`` condition. Query text only ever travels
as a parameter, never inside the SQL string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from .models import ResourceSearchDocument, ResourceSearchKey

# The document columns the index holds, each as a small number (the order never changes: the
# numbers are stored). See ``field_keys`` for how each column is cut into keys.
FIELDS = (
    "name_tokens",
    "tag_tokens",
    "summary_tokens",
    "all_tokens",
    "name_words",
    "all_words",
    "name_readings",
    "tag_readings",
    "summary_readings",
    "body_readings",
    "kanji",
    "tag_names",
)
UNIT_FIELDS = frozenset(FIELDS[:6])
FIELD_NUMBER = {name: number for number, name in enumerate(FIELDS, start=1)}
# Pieces of a run of kanji up to this long are keys (囲碁, 居場所, 健康体操); a longer word is
# checked on the documents holding its first four kanji.
KANJI_KEY = 4
# Sorts after every character, so [prefix, prefix + LAST) holds exactly the keys starting with it.
LAST = "\U0010ffff"
# Rows of the field group separator in all_tokens and all_words, never a key.
SEPARATOR = "|"


def field_keys(field: str, value: str) -> set[str]:
    """The keys of one document column; in a unit column, each unit and each two units that
    stand side by side (「通イ 場」), so that the runs most synonyms are need no check."""
    if field == "kanji":
        return {
            run[i : i + size]
            for run in value.split()
            for size in range(2, KANJI_KEY + 1)
            for i in range(len(run) - size + 1)
        }
    if field == "tag_names":
        return {name for name in value.split(SEPARATOR) if name}
    if field in UNIT_FIELDS:
        keys = set()
        for group in value.split(SEPARATOR):
            units = group.split()
            keys.update(units)
            keys.update(f"{a} {b}" for a, b in zip(units, units[1:], strict=False))
        return keys
    return set(value.split())


def document_postings(resource_id: int, fields: dict[str, str]) -> Iterator[tuple[int, str, int]]:
    """(field number, key, listing) rows for a document's columns (``database.document_fields``)."""
    for field, number in FIELD_NUMBER.items():
        for key in sorted(field_keys(field, fields.get(field, ""))):
            yield number, key, resource_id


@dataclass(frozen=True)
class Found:
    """A set of listing ids as SQL selecting one column named ``id``."""

    sql: str
    params: tuple = ()
    simple: bool = True  # a single SELECT (not a compound one)

    def q(self) -> Q:
        """Listings in the set, as a filter that starts from the set (see ``InFound``)."""
        return Q(InFound(self, drive=True))

    def member(self) -> Q:
        """Listings in the set, as a test of each row already chosen (a rank's ``When``)."""
        return Q(InFound(self, drive=False))

    def operand(self) -> Found:
        """As a single SELECT, so that it can be one side of UNION (SQLite takes no brackets)."""
        if self.simple:
            return self
        return Found(f"SELECT s.id FROM ({self.sql}) s", self.params)


class InFound(Func):
    """``pk IN (set)``. On PostgreSQL a filter is written ``pk = ANY(ARRAY(set))``: the set is
    computed once and the listings are fetched by primary key, whatever the planner believes
    about the tables' sizes (with no statistics yet — a fresh table, a test — it may otherwise
    join by scanning a whole index per listing). In a rank, ``IN`` becomes one hashed lookup."""

    output_field = BooleanField()

    def __init__(self, found: Found, *, drive: bool):
        super().__init__(F("pk"))
        self.found = found
        self.drive = drive

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return member_sql(column, self.found, connection.vendor, self.drive), (
            *params,
            *self.found.params,
        )


def member_sql(column: str, found: Found, vendor: str, drive: bool = True) -> str:
    if drive and vendor == "postgresql":
        return f"{column} = ANY(ARRAY({found.sql}))"
    return f"{column} IN ({found.sql})"


def _tables() -> tuple[str, str]:
    return ResourceSearchKey._meta.db_table, ResourceSearchDocument._meta.db_table


def _postings(field: str, condition: str, params: tuple) -> Found:
    keys, _ = _tables()
    return Found(
        f"SELECT document_id AS id FROM {keys} WHERE field = %s AND {condition}",
        (FIELD_NUMBER[field], *params),
    )


def key_in(field: str, key: str) -> Found:
    return _postings(field, "key = %s", (key,))


def prefix_in(field: str, prefix: str) -> Found:
    return _postings(field, "key >= %s AND key < %s", (prefix, prefix + LAST))


def checked(field: str, needle: str, candidates: Iterable[Found] = ()) -> Found:
    """Documents whose ``field`` contains ``needle``, among ``candidates`` (all when none)."""
    _, documents = _tables()
    conditions = [member_sql("resource_id", c, connection.vendor) for c in candidates]
    params = [p for c in candidates for p in c.params]
    # replace() exists with the same meaning on SQLite and PostgreSQL (instr/strpos do not).
    conditions.append(f"replace({field}, %s, '') <> {field}")
    return Found(
        f"SELECT resource_id AS id FROM {documents} WHERE {' AND '.join(conditions)}",
        (*params, needle),
    )


def contains(field: str, needle: str) -> Found:
    """Documents whose column ``field`` contains ``needle`` — the same answer as a substring
    test on the column, found through the postings."""
    if field not in FIELD_NUMBER:
        raise ValueError(f"{field} is not indexed")
    inner = needle.strip(" ")
    if field == "kanji":
        if " " in needle or len(needle) < 2:
            return checked(field, needle)
        first = key_in(field, needle[:KANJI_KEY])
        return first if len(needle) <= KANJI_KEY else checked(field, needle, [first])
    if field == "tag_names":
        if needle.startswith(SEPARATOR) and needle.endswith(SEPARATOR) and len(needle) > 2:
            name = needle[1:-1]
            if SEPARATOR not in name:
                return key_in(field, name)
        return checked(field, needle)
    units = inner.split(" ")
    if not inner or "" in units or SEPARATOR in units:
        return checked(field, needle)
    if needle == f" {inner} ":
        if len(units) == 1 or (len(units) == 2 and field in UNIT_FIELDS):
            return key_in(field, inner)
        pairs = [f"{a} {b}" for a, b in zip(units, units[1:], strict=False)]
        if field not in UNIT_FIELDS:
            pairs = units
        return checked(field, needle, [key_in(field, pair) for pair in dict.fromkeys(pairs)])
    if needle == f" {inner}" and len(units) == 1:
        return prefix_in(field, inner)
    return checked(field, needle)


def union(parts: Iterable[Found | None]) -> Found | None:
    """Listings in any of ``parts`` (None parts are ignored; None when there are none)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    operands = [p.operand() for p in parts]
    return Found(
        " UNION ".join(p.sql for p in operands),
        tuple(x for p in operands for x in p.params),
        simple=False,
    )


def intersect(parts: Iterable[Found | None]) -> Found | None:
    """Listings in every one of ``parts``; None when any part (or the list) is None or empty."""
    parts = list(parts)
    if not parts or any(p is None for p in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    operands = [Found(f"SELECT s.id FROM ({p.sql}) s", p.params) for p in parts]
    return Found(
        " INTERSECT ".join(p.sql for p in operands),
        tuple(x for p in operands for x in p.params),
        simple=False,
    )
