"""Writing a checked plan: everything in one transaction, or nothing.

New listings are written in bulk (rows, schedules, revisions, history and search indexes in a
few queries per batch) with the same end state as Wagtail's create action; updates go through
``EditAction`` one by one, so locks, moderation and publishing behave exactly as in the admin.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.actions.edit import EditAction
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision

from directory.models import Organization, Resource, ScheduleException, ScheduleRule
from directory.occurrences import occurrences_refresh
from directory.search.organizations import organization_search_refresh
from directory.search.services import resource_search_refresh

from .cells import nfkc
from .columns import M2M_FIELDS
from .lookups import BATCH_SIZE
from .planning import PlannedRow
from .results import Progress


@transaction.atomic
def write(planned: list[PlannedRow], user, publish: bool, progress: Progress) -> None:
    """Everything or nothing: one transaction for the whole file."""
    organizations = _create_organizations(planned)
    for row in planned:
        if row.new_organization:
            row.resource.organization = organizations[nfkc(row.new_organization)]
    creates = [row for row in planned if row.action == "create"]
    others = [row for row in planned if row.action in ("update", "publish")]
    total, done = len(creates) + len(others), 0
    for start in range(0, len(creates), BATCH_SIZE):
        batch = creates[start : start + BATCH_SIZE]
        _create_batch(batch, user, publish)
        done += len(batch)
        progress("書き込み", done, total)
    for row in others:
        _update(row, user, publish)
        done += 1
        if done % 50 == 0 or done == total:
            progress("書き込み", done, total)


def _create_organizations(planned: list[PlannedRow]) -> dict[str, Organization]:
    names: dict[str, str] = {}
    for row in planned:
        if row.new_organization:
            names.setdefault(nfkc(row.new_organization), row.new_organization)
    created = {key: Organization(name=name) for key, name in names.items()}
    for org in created.values():
        org.full_clean(validate_unique=False)
    # bulk_create sends no post_save: the new groups' own search documents are written here (they
    # run no listing yet, so no listing document changes).
    Organization.objects.bulk_create(created.values())
    organization_search_refresh(organization_ids=[org.pk for org in created.values()])
    return created


def _create_batch(rows: list[PlannedRow], user, publish: bool) -> None:
    """Create listings in bulk with the end state of Wagtail's create (and publish) action:
    the row (a draft, or live), its schedules (and their next dates) and categories, a first
    revision, the history entries, and the search documents."""
    now = timezone.now()
    resources = [row.resource for row in rows]
    for resource in resources:
        resource.live = publish
        resource.has_unpublished_changes = not publish
        if publish:
            resource.first_published_at = resource.last_published_at = now
    Resource.objects.bulk_create(resources)
    _create_children(rows)
    revisions = _create_revisions(resources, user, publish, now)
    actions = ["wagtail.create", "wagtail.publish"] if publish else ["wagtail.create"]
    _log_bulk(resources, revisions, actions, user, now)
    _index(resources)


def _create_children(rows: list[PlannedRow]) -> None:
    """The new listings' schedule rules, changes and vocabulary links, in a query each; also set
    in memory, so that their first revision needs no query."""
    rules, exceptions, links = [], [], {name: [] for name in M2M_FIELDS}
    for row in rows:
        resource = row.resource
        for rule in row.rules or []:
            rule.resource = resource
            rules.append(rule)
        for exception in row.exceptions or []:
            exception.resource = resource
            exceptions.append(exception)
        for name, model in M2M_FIELDS.items():
            items = row.related.get(name, [])
            through = getattr(Resource, name).through
            target = f"{model._meta.model_name}_id"
            links[name] += [through(resource_id=resource.pk, **{target: item.pk}) for item in items]
            setattr(resource, name, items)
        resource.schedule_rules = row.rules or []
        resource.schedule_exceptions = row.exceptions or []
    ScheduleRule.objects.bulk_create(rules)
    ScheduleException.objects.bulk_create(exceptions)
    for name, objects in links.items():
        getattr(Resource, name).through.objects.bulk_create(objects)
    # Bulk rows send no signals: their next dates are computed here.
    occurrences_refresh(resource_ids=[row.resource.pk for row in rows])


def _create_revisions(
    resources: list[Resource], user, publish: bool, now: dt.datetime
) -> list[Revision]:
    """A first revision per listing (also the live one when publishing)."""
    content_type = ContentType.objects.get_for_model(Resource)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(resource.pk),
            created_at=now,
            user=user,
            content=resource.serializable_data(),
            object_str=str(resource),
        )
        for resource in resources
    )
    for resource, revision in zip(resources, revisions, strict=True):
        resource.latest_revision = revision
        if publish:
            resource.live_revision = revision
    Resource.objects.bulk_update(resources, ["latest_revision", "live_revision"])
    return revisions


def _log_bulk(resources: list[Resource], revisions: list[Revision], actions, user, now) -> None:
    """The history entries ``log()`` would write (「作成」, 「公開」), in one query."""
    log_registry.scan_for_actions()
    model = log_registry.get_log_model_for_instance(resources[0])
    content_type = ContentType.objects.get_for_model(Resource, for_concrete_model=False)
    context = get_active_log_context()
    model.objects.bulk_create(
        model(
            content_type=content_type,
            object_id=str(resource.pk),
            label=str(resource),
            action=action,
            timestamp=now,
            data={},
            user=user or context.user,
            uuid=context.uuid,
            revision=revision,
            content_changed=True,
        )
        for resource, revision in zip(resources, revisions, strict=True)
        for action in actions
    )


def _index(resources: list[Resource]) -> None:
    """The site's search documents (drafts too: staff find them in the admin)."""
    resource_search_refresh(resource_ids=[r.pk for r in resources])


def _update(row: PlannedRow, user, publish: bool) -> None:
    """An existing listing through Wagtail's own edit (and publish) action."""
    if row.action == "publish":
        row.resource.latest_revision.publish(user=user, skip_permission_checks=user is None)
        return
    EditAction(row.resource, user=user, publish=publish).execute(
        skip_permission_checks=user is None
    )
