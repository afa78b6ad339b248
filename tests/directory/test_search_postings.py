"""The inverted index answers every column test exactly as a substring test on the document would.

Over the demo data (every kind, area and field), each test the database backend makes — a whole
unit, a run of units, a reading prefix, a whole reading, a piece of a kanji run, a whole tag — is
asked of the postings and of the stored documents directly; the two sets must be equal, for
needles taken from the documents themselves and for needles that only nearly occur.
"""

from __future__ import annotations

import random

import pytest
from django.db.models import Value
from django.db.models.functions import StrIndex

from directory.models import Resource
from directory.search.models import ResourceSearchDocument, ResourceSearchKey
from directory.search.postings import FIELDS, contains, field_keys, intersect, union
from directory.search.services import resource_search_refresh, search_index_rebuild
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

PREFIX_FIELDS = ("name_readings", "tag_readings")
WHOLE_FIELDS = ("summary_readings", "body_readings")


def by_substring(field: str, needle: str) -> set[int]:
    documents = ResourceSearchDocument.objects.annotate(at=StrIndex(field, Value(needle)))
    return set(documents.filter(at__gt=0).values_list("resource_id", flat=True))


def by_postings(found) -> set[int]:
    return set(Resource.objects.filter(found.q()).values_list("pk", flat=True))


def needles(field: str, values: list[str], rng: random.Random) -> set[str]:
    """Needles of the shape the backend asks for in ``field``: some that occur, some that
    nearly do (a unit cut short, two units that never stand together)."""
    found = set()
    for value in rng.sample(values, min(25, len(values))):
        if field == "kanji":
            for run in value.split():
                found |= {run[:2], run[1:3], run[:3], run, run + "会"}
        elif field == "tag_names":
            found |= {f"|{name}|" for name in value.split("|") if name}
            found |= {f"|{name[:-1]}|" for name in value.split("|") if len(name) > 1}
        else:
            units = [u for u in value.split() if u != "|"]
            for i, unit in enumerate(units[:12]):
                if field in PREFIX_FIELDS:
                    found |= {f" {unit[:2]}", f" {unit}", f" {unit[1:]}"}
                elif field in WHOLE_FIELDS:
                    found |= {f" {unit} ", f" {unit[:-1]} "}
                else:
                    found |= {f" {unit} ", f" {' '.join(units[i : i + 2])} "}
                    found |= {f" {' '.join(units[i : i + 3])} ", f" {unit} {units[0]} "}
    return found


class TestOverTheDemoData:
    @pytest.mark.parametrize("field", FIELDS)
    def test_postings_agree_with_a_substring_test(self, demo_data, field):
        values = list(ResourceSearchDocument.objects.values_list(field, flat=True))
        rng = random.Random(field)
        asked = needles(field, values, rng)
        assert len(asked) > 20
        matched = 0
        for needle in sorted(asked):
            expected = by_substring(field, needle)
            assert by_postings(contains(field, needle)) == expected, (field, needle)
            matched += bool(expected)
        assert matched > 10  # the needles are not all misses

    def test_union_and_intersection_are_or_and_and(self, demo_data):
        salon, food = contains("all_tokens", " サロン "), contains("all_tokens", " 食堂 ")
        salons, canteens = by_postings(salon), by_postings(food)
        assert salons and canteens
        assert by_postings(union([salon, food])) == salons | canteens
        assert by_postings(intersect([salon, union([food, salon])])) == salons
        assert intersect([salon, None]) is None
        assert union([None]) is None

    def test_every_document_column_is_in_the_index(self, demo_data):
        document = ResourceSearchDocument.objects.first()
        stored = {
            (field, key)
            for field, key in ResourceSearchKey.objects.filter(document=document).values_list(
                "field", "key"
            )
        }
        expected = {
            (number, key)
            for number, field in enumerate(FIELDS, start=1)
            for key in field_keys(field, getattr(document, field))
        }
        assert stored == expected


def test_keys_follow_a_listing_that_changes_and_go_with_it():
    listing = ResourceFactory(name="モルック同好会")
    assert by_postings(contains("name_tokens", " モルック ")) == {listing.pk}
    Resource.objects.filter(pk=listing.pk).update(name="ペタンク同好会")
    resource_search_refresh(resource_ids=[listing.pk])
    assert not by_postings(contains("name_tokens", " モルック "))
    assert by_postings(contains("name_tokens", " ペタンク ")) == {listing.pk}
    listing.delete()
    assert not ResourceSearchKey.objects.exists()


def test_a_rebuild_writes_the_same_keys():
    ResourceFactory(name="モルック同好会")
    ResourceFactory(name="ペタンクの会")
    before = set(ResourceSearchKey.objects.values_list("field", "key", "document"))
    assert search_index_rebuild() == 2
    assert set(ResourceSearchKey.objects.values_list("field", "key", "document")) == before
