"""Staff search for organisations (the admin's 団体 list and chooser), with the listings' Japanese
matching: a word matches when its Sudachi forms are a run of the name's (食堂 in 子ども食堂ひまわり,
こども / 子ども / 子供 alike), or, for a kana word, when it starts a reading of the name
(「ひまわり」, 「しょくどう」). Every word must match. Organisations are few, and only staff search
them, so the database answers on every backend.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from directory.models import Organization

from . import japanese
from .documents import name_reading_keys
from .models import OrganizationSearchDocument
from .query import MIN_READING_LENGTH


def organization_document_fields(organization: Organization) -> dict[str, str]:
    """Tokens of the name and of its よみがな, and the name's reading keys."""
    name, name_kana = organization.name, organization.name_kana
    forms = japanese.token_forms(name) + japanese.token_forms(name_kana)
    keys = name_reading_keys(name, name_kana)
    return {"tokens": f" {' '.join(forms)} ", "reading": f" {' '.join(keys)} "}


def organization_search_refresh(*, organization_ids: Iterable[int]) -> None:
    """Rewrite the search documents of these organisations from their stored rows."""
    organization_ids = list(organization_ids)
    OrganizationSearchDocument.objects.filter(organization_id__in=organization_ids).delete()
    OrganizationSearchDocument.objects.bulk_create(
        OrganizationSearchDocument(organization_id=o.pk, **organization_document_fields(o))
        for o in Organization.objects.filter(pk__in=organization_ids)
    )


def organization_search_rebuild() -> int:
    """Recreate every organisation's document; returns how many were indexed."""
    OrganizationSearchDocument.objects.all().delete()
    documents = [
        OrganizationSearchDocument(organization_id=o.pk, **organization_document_fields(o))
        for o in Organization.objects.iterator(chunk_size=500)
    ]
    OrganizationSearchDocument.objects.bulk_create(documents, batch_size=500)
    return len(documents)


def _contains(field: str, needle: str) -> Q:
    """``field`` of the organisation's document contains ``needle`` (literally: ``instr`` or
    ``strpos``, no pattern language). Organisations are few, so a scan of their documents is
    cheap; listings have the inverted index instead (``postings.py``)."""
    return Q(GreaterThan(StrIndex(field, Value(needle)), 0))


def _word_matches(word: str) -> Q | None:
    options = []
    forms = japanese.token_forms(word)
    if forms:
        options.append(_contains("tokens", f" {' '.join(forms)} "))
    reading = japanese.reading_key(word) if japanese.is_kana_word(word) else ""
    if len(reading) >= MIN_READING_LENGTH:
        options.append(_contains("reading", f" {reading}"))
    return functools.reduce(operator.or_, options) if options else None


def search_organizations(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the organisations matching ``query`` (its order kept); an empty
    query changes nothing, a query of symbols only matches nothing."""
    words = japanese.clean_query(query).split()
    if not words:
        return queryset
    # As for listings, a word of symbols only (「%%」) is no word; a query of nothing else
    # matches nothing.
    conditions = [c for c in (_word_matches(word) for word in words) if c is not None]
    if not conditions:
        return queryset.none()
    documents = OrganizationSearchDocument.objects.filter(
        functools.reduce(operator.and_, conditions)
    )
    return queryset.filter(pk__in=documents.values("organization_id"))
