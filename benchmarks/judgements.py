"""The judged query set for search quality (benchmarks/search_judgements.yaml): loading and rules.

A judgement says which listings a resident typing the query would want, as rules over what a
public page shows, never as listing ids, so the same file judges the demo data, a rebuilt demo
set or the synthetic set. Each query has an *intent*: a rule for grade 2 (highly relevant:
what the resident came for) and a rule for grade 1 (relevant: worth seeing); a ``where`` rule
narrows both (「蒲田 食堂」 = the 食堂 intent where the place mentions 蒲田).

A rule is a mapping whose keys must all hold (AND); a key's list of values needs any one (OR):

- ``name``, ``text``, ``place``, ``access``: the value occurs in the listing's name / in
  everything a public page shows (name, よみがな, kind, the 参加のしかた flags, summaries,
  description, the food and volunteer details, categories, audiences, accessibility, organising
  group, area, region, and the venue, address and access when the location is public; not the
  languages: every listing speaks Japanese, and 「日本語」 asks for Japanese classes) / in its place (area,
  region, and the address when public) / in its access (「京急本線 雑色駅から徒歩8分」, when
  public; a railway line's name is not a place: 池上線 runs far from 池上). Both sides are compared after NFKC and lower-casing, nothing more: the
  judgements read the texts as residents do, independently of the search's tokeniser.
- ``kind``, ``category``, ``audience``, ``language``, ``accessibility``: slugs; ``area`` and
  ``region``: names (大森西, 蒲田); ``free``: true for listings with no fee.
- ``any`` (a list of rules, one must hold), ``all`` (each must hold), ``not`` (a rule).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

FILE = Path(__file__).resolve().parent / "search_judgements.yaml"
TEXT_KEYS = ("name", "text", "place", "access")
SLUG_KEYS = ("kind", "category", "audience", "language", "accessibility", "area", "region")
BLOCK_END_RE = re.compile(r"<(br|/p|/li|/h[1-6]|/div)\b[^>]*>", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@dataclass(frozen=True)
class Listing:
    """What a public page shows of one listing, as the rules read it."""

    pk: int
    name: str
    text: str
    place: str
    access: str
    facets: dict[str, frozenset[str]]
    free: bool


def plain(value: str) -> str:
    return html.unescape(TAG_RE.sub("", BLOCK_END_RE.sub("\n", value or "")))


def flags(resource) -> list[str]:
    """The card's 参加のしかた flags, as residents read them."""
    shown = [
        (resource.newcomer_welcome, "初めての方歓迎"),
        (resource.tour_welcome, "見学可"),
        (resource.companion_welcome, "同行歓迎"),
        (resource.booking_required, "申込が必要"),
    ]
    return [label for on, label in shown if on]


def listing_of(resource) -> Listing:
    """The judged view of a listing (expects area, region, organisation and the many-to-many
    relations to be prefetched)."""
    exact = resource.shows_exact_location
    place = [resource.area.name, resource.area.region.name]
    shown = [resource.venue, resource.address, resource.access] if exact else []
    if exact:
        place.append(resource.address)
    organization = resource.organization.name if resource.organization else ""
    categories = list(resource.categories.all())
    audiences = list(resource.audiences.all())
    features = list(resource.accessibility_features.all())
    text = [
        resource.name,
        resource.name_kana,
        resource.get_kind_display(),
        *flags(resource),
        resource.summary,
        resource.easy_japanese_summary,
        plain(resource.description),
        resource.cost,
        resource.how_to_apply,
        resource.eligibility_documents,
        resource.what_to_bring,
        resource.food_booking,
        resource.volunteer_tasks,
        resource.time_commitment,
        resource.skills_wanted,
        organization,
        *(c.name for c in categories),
        *(a.name for a in audiences),
        *(f.name for f in features),
        *place,
        *shown,
    ]
    return Listing(
        pk=resource.pk,
        name=fold(resource.name),
        text=fold("\n".join(t for t in text if t)),
        place=fold("\n".join(t for t in place if t)),
        access=fold(resource.access if exact else ""),
        facets={
            "kind": frozenset([resource.kind]),
            "category": frozenset(c.slug for c in categories),
            "audience": frozenset(a.slug for a in audiences),
            "language": frozenset(x.slug for x in resource.languages.all()),
            "accessibility": frozenset(f.slug for f in features),
            "area": frozenset([resource.area.name]),
            "region": frozenset([resource.area.region.name]),
        },
        free=bool(resource.is_free),
    )


def listings(queryset) -> list[Listing]:
    return [
        listing_of(r)
        for r in queryset.select_related("area", "area__region", "organization").prefetch_related(
            "categories", "audiences", "languages", "accessibility_features"
        )
    ]


Rule = Callable[[Listing], bool]


def _values(value) -> list:
    return value if isinstance(value, list) else [value]


def compile_rule(spec: dict) -> Rule:
    """A rule mapping (see the module docstring) as a predicate over ``Listing``."""
    if not isinstance(spec, dict) or not spec:
        raise ValueError(f"a rule must be a non-empty mapping, not {spec!r}")
    checks: list[Rule] = []
    for key, value in spec.items():
        if key in TEXT_KEYS:
            needles = [fold(str(v)) for v in _values(value)]
            checks.append(lambda x, k=key, n=needles: any(s in getattr(x, k) for s in n))
        elif key in SLUG_KEYS:
            wanted = frozenset(str(v) for v in _values(value))
            checks.append(lambda x, k=key, w=wanted: bool(x.facets[k] & w))
        elif key == "free":
            checks.append(lambda x, v=bool(value): x.free == v)
        elif key == "any":
            parts = [compile_rule(part) for part in value]
            checks.append(lambda x, p=parts: any(rule(x) for rule in p))
        elif key == "all":
            parts = [compile_rule(part) for part in value]
            checks.append(lambda x, p=parts: all(rule(x) for rule in p))
        elif key == "not":
            part = compile_rule(value)
            checks.append(lambda x, p=part: not p(x))
        else:
            raise ValueError(f"unknown rule key {key!r}")
    return lambda x: all(check(x) for check in checks)


def never(_listing: Listing) -> bool:
    return False


@dataclass(frozen=True)
class Judgement:
    query: str
    query_class: str
    intent: str
    high: Rule
    relevant: Rule

    def grades(self, judged: Iterable[Listing]) -> dict[int, int]:
        """Listing id → grade (2 highly relevant, 1 relevant) for every relevant listing."""
        grades = {}
        for listing in judged:
            if self.high(listing):
                grades[listing.pk] = 2
            elif self.relevant(listing):
                grades[listing.pk] = 1
        return grades


def load(path: Path = FILE) -> list[Judgement]:
    """Every judged query of the file; raises ValueError on an unknown intent or rule key."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    intents = data["intents"]
    judgements = []
    seen = set()
    for item in data["queries"]:
        query, query_class = str(item["q"]), item["class"]
        if query in seen:
            raise ValueError(f"query {query!r} is judged twice")
        seen.add(query)
        intent_name = item.get("intent", "")
        intent = intents[intent_name] if intent_name else item
        specs = [intent[grade] for grade in ("high", "rel") if grade in intent]
        if not specs:
            raise ValueError(f"query {query!r} has no rule")
        high_spec = intent.get("high")
        relevant_spec = {"any": specs}
        if "where" in item:
            relevant_spec = {"all": [relevant_spec, item["where"]]}
            high_spec = high_spec and {"all": [high_spec, item["where"]]}
        judgements.append(
            Judgement(
                query=query,
                query_class=query_class,
                intent=intent_name or "(inline)",
                high=compile_rule(high_spec) if high_spec else never,
                relevant=compile_rule(relevant_spec),
            )
        )
    return judgements
