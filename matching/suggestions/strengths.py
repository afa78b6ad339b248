"""A client's strengths (強み・得意なこと) against what listings ask for: the skills a volunteer
role wants, what its volunteers do, and the activity categories a listing offers.

The strengths are the coordinator's free text. Their common nouns (「料理」「書道」「パソコン」)
are looked for in each published listing's 「歓迎するスキル」 and 「活動内容」 and among the words of
the activity categories' names (「手芸・ものづくり」 → 手芸, ものづくり). The words are used for
this request only: never stored, logged or put in a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from directory.models import Category, Kind, Resource, Status
from directory.search.japanese import common_nouns

# Nouns that say someone is good at something, not at what (「料理が得意」 → 料理 only).
GENERIC_WORDS = frozenset(
    {"得意", "上手", "苦手", "経験", "趣味", "仕事", "活動", "参加", "歓迎", "以前", "最近"}
)


@dataclass(frozen=True)
class StrengthMatch:
    """The client's word and what in the listing it answers: 「得意: 料理 → 調理ボランティア」."""

    word: str
    target: str

    @property
    def reason(self) -> str:
        return f"得意: {self.word} → {self.target}"


def strength_words(strengths: str) -> list[str]:
    """The words of the client's strengths worth matching, in the order written."""
    return [w for w in common_nouns(strengths) if w not in GENERIC_WORDS]


def strength_matches(strengths: str, candidate_ids: set[int]) -> dict[int, StrengthMatch]:
    """For each candidate listing that one of the strengths answers, the first match: a volunteer
    role whose skills wanted or tasks name the word (the role's name is the target; one query
    for all the words), else an activity category named by it (the category's name)."""
    words = strength_words(strengths)
    if not words or not candidate_ids:
        return {}
    asked = Q()
    for word in words:
        asked |= Q(skills_wanted__contains=word) | Q(volunteer_tasks__contains=word)
    roles = Resource.objects.filter(asked, live=True, status=Status.ACTIVE, kind=Kind.VOLUNTEER)
    matches: dict[int, StrengthMatch] = {}
    for pk, name, skills, tasks in roles.values_list(
        "pk", "name", "skills_wanted", "volunteer_tasks"
    ):
        word = next((w for w in words if w in skills or w in tasks), None)
        if pk in candidate_ids and word:
            matches[pk] = StrengthMatch(word, name)
    named = _categories_named(words)
    if named:
        offered = Resource.categories.through.objects.filter(
            category_id__in=named, resource__live=True, resource__status=Status.ACTIVE
        ).values_list("resource_id", "category_id")
        for pk, category_id in offered:
            if pk in candidate_ids:
                matches.setdefault(pk, named[category_id])
    return matches


def _categories_named(words: list[str]) -> dict[int, StrengthMatch]:
    """Categories whose name holds one of the words as one of its parts (「・」 separates them)."""
    named = {}
    for pk, name in Category.objects.values_list("pk", "name"):
        parts = set(name.split("・"))
        word = next((w for w in words if w in parts), None)
        if word:
            named[pk] = StrengthMatch(word, name)
    return named
