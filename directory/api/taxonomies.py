"""The directory's vocabularies as HSDS taxonomies and taxonomy terms.

- ``kind`` (種別): the four listing kinds (choices in code);
- ``category`` (活動分類) and ``audience`` (対象): the editable vocabularies (rows);
- ``participation`` (参加のしやすさ): the listing's yes/no flags (見学可, 同行歓迎 …).

Languages and accessibility features have HSDS objects of their own (``language``,
``accessibility``), so they are not repeated as taxonomies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from directory.models import Audience, Category, Kind, Resource

from .ids import derived_id
from .selectors import related


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return derived_id("taxonomy", self.key)

    def as_hsds(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "version": "1",
        }


KIND = Taxonomy(
    "kind", "種別", "地域資源の種類（居場所、サロン・通いの場、フード支援、ボランティア募集）。"
)
CATEGORY = Taxonomy(
    "category", "活動分類", "どんな活動をしているか（囲碁・将棋、健康体操、子ども食堂 など）。"
)
AUDIENCE = Taxonomy("audience", "対象", "だれに向けた活動か（高齢の方、こども、どなたでも など）。")
PARTICIPATION = Taxonomy(
    "participation",
    "参加のしやすさ",
    "見学や同行ができるか、初めての人を歓迎しているか、申込が必要か。",
)
TAXONOMIES = (KIND, CATEGORY, AUDIENCE, PARTICIPATION)

# The Resource flags published as terms of PARTICIPATION, with the field's own label as the name.
PARTICIPATION_FLAGS = ("tour_welcome", "companion_welcome", "newcomer_welcome", "booking_required")


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    key: str  # the stable part of the id: a row's pk or a choice value
    code: str
    name: str
    description: str = ""

    @property
    def id(self) -> str:
        return _term_id(self.taxonomy.key, self.key, settings.MUNICIPALITY["code"])

    def as_hsds(self) -> dict:
        """The HSDS taxonomy_term; the same dict is reused, so callers must not change it."""
        return _term_dict(self, settings.MUNICIPALITY["code"])

    def _as_hsds(self) -> dict:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.description or self.name,
            "taxonomy": self.taxonomy.name,
            "taxonomy_id": self.taxonomy.id,
            "taxonomy_detail": self.taxonomy.as_hsds(),
            "language": "ja",
        }


# A page of 50 services names each term several times; ids and dicts are computed once.
@functools.lru_cache(maxsize=4096)
def _term_id(taxonomy_key: str, key: str, code: str) -> str:
    return derived_id("taxonomy_term", taxonomy_key, key)


@functools.lru_cache(maxsize=4096)
def _term_dict(term: Term, code: str) -> dict:
    return term._as_hsds()


def kind_term(value: str) -> Term:
    return Term(KIND, value, value, Kind(value).label)


def category_term(category: Category) -> Term:
    return Term(CATEGORY, str(category.pk), category.slug, category.name)


def audience_term(audience: Audience) -> Term:
    return Term(AUDIENCE, str(audience.pk), audience.slug, audience.name)


def participation_term(flag: str) -> Term:
    label = str(Resource._meta.get_field(flag).verbose_name)
    return Term(PARTICIPATION, flag, flag, label)


def all_terms() -> list[Term]:
    """Every term, taxonomy by taxonomy, in the order the site shows them (2 queries)."""
    return [
        *(kind_term(value) for value in Kind.values),
        *(category_term(c) for c in Category.objects.all()),
        *(audience_term(a) for a in Audience.objects.all()),
        *(participation_term(flag) for flag in PARTICIPATION_FLAGS),
    ]


def resource_terms(resource: Resource) -> list[Term]:
    """The terms that describe ``resource`` (categories and audiences must be prefetched)."""
    return [
        kind_term(resource.kind),
        *(category_term(c) for c in related(resource, "categories")),
        *(audience_term(a) for a in related(resource, "audiences")),
        *(participation_term(flag) for flag in PARTICIPATION_FLAGS if getattr(resource, flag)),
    ]


def taxonomy_by_id(value: str) -> Taxonomy | None:
    return next((t for t in TAXONOMIES if t.id == value), None)


def term_by_id(value: str) -> Term | None:
    return next((t for t in all_terms() if t.id == value), None)


def resources_with_term(queryset, term: Term):
    """``queryset`` narrowed to the listings that carry ``term``."""
    if term.taxonomy is KIND:
        return queryset.filter(kind=term.key)
    if term.taxonomy is CATEGORY:
        return queryset.filter(categories__pk=int(term.key))
    if term.taxonomy is AUDIENCE:
        return queryset.filter(audiences__pk=int(term.key))
    return queryset.filter(**{term.key: True})


def resources_with_taxonomy(queryset, taxonomy: Taxonomy):
    """``queryset`` narrowed to the listings that carry any term of ``taxonomy``."""
    if taxonomy is KIND:
        return queryset
    if taxonomy is CATEGORY:
        return queryset.filter(pk__in=Resource.categories.through.objects.values("resource_id"))
    if taxonomy is AUDIENCE:
        return queryset.filter(pk__in=Resource.audiences.through.objects.values("resource_id"))
    condition = Q()
    for flag in PARTICIPATION_FLAGS:
        condition |= Q(**{flag: True})
    return queryset.filter(condition)
