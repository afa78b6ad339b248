"""The rows an import refers to by name (areas, towns, vocabularies, groups, listings), read once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Revision

from directory.models import Area, Organization, Resource, Town

from .cells import nfkc
from .columns import M2M_FIELDS

BATCH_SIZE = 500


def revision_json(data):
    """``data`` as it reads back from a revision (Decimal and dates as text)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@dataclass
class Lookups:
    """Rows the import refers to by name, read once."""

    areas: dict[str, Area]
    towns: dict[str, Town]
    vocabularies: dict[str, dict[str, object]]
    organizations: dict[str, list[Organization]]
    existing: dict[str, Resource]
    drafts: dict[int, dict]  # listing pk → content of its latest revision, when it is pending

    def current(self, resource: Resource) -> dict:
        """The listing's latest version as serialised data (JSON types)."""
        if resource.has_unpublished_changes and resource.pk in self.drafts:
            return self.drafts[resource.pk]
        return revision_json(resource.serializable_data())

    @classmethod
    def load(cls, external_ids: Iterable[str]) -> Lookups:
        areas, vocabularies, organizations = _areas(), _vocabularies(), _organizations()
        existing, drafts = _listings(list(external_ids))
        return cls(
            areas=areas,
            towns={nfkc(t.name): t for t in Town.objects.all()},
            vocabularies=vocabularies,
            organizations=organizations,
            existing=existing,
            drafts=drafts,
        )


def _areas() -> dict[str, Area]:
    """Each area under its name, 「…特別出張所」, slug, code and reading."""
    areas: dict[str, Area] = {}
    for area in Area.objects.all():
        for key in (area.name, f"{area.name}特別出張所", area.slug, area.code, area.name_kana):
            areas[nfkc(key)] = area
    return areas


def _vocabularies() -> dict[str, dict[str, object]]:
    """Per many-to-many field, its items under their names and slugs."""
    vocabularies = {}
    for name, model in M2M_FIELDS.items():
        items = {}
        for item in model.objects.all():
            items[nfkc(item.name)] = item
            items[nfkc(item.slug)] = item
        vocabularies[name] = items
    return vocabularies


def _organizations() -> dict[str, list[Organization]]:
    """Groups by name; a list, as two groups may share one."""
    organizations: dict[str, list[Organization]] = {}
    for org in Organization.objects.all():
        organizations.setdefault(nfkc(org.name), []).append(org)
    return organizations


def _listings(ids: list[str]) -> tuple[dict[str, Resource], dict[int, dict]]:
    """The listings the file names by 外部ID, and the content of their pending drafts."""
    existing, drafts = {}, {}
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        resources = list(
            Resource.objects.filter(external_id__in=chunk).prefetch_related(
                *M2M_FIELDS, "schedule_rules", "schedule_exceptions"
            )
        )
        existing.update((r.external_id, r) for r in resources)
        pending = [r.latest_revision_id for r in resources if r.has_unpublished_changes]
        for object_id, content in Revision.objects.filter(pk__in=pending).values_list(
            "object_id", "content"
        ):
            drafts[int(object_id)] = content
    return existing, drafts
