"""Keep the search indexes in step with the listings; connected by ``SearchConfig.ready()``.

Every path that changes what the public sees saves or deletes the row: the admin's create, edit,
publish, unpublish, delete and bulk delete (a queryset's ``delete()`` sends ``post_delete`` for
each row once a receiver listens), scheduled publishing, the group portal, imports and the demo
loader. Wagtail's ``after_publish`` / ``after_delete_snippet`` hooks run only in admin views.
Fixture loading (``raw``) indexes nothing.

A listing's categories, audiences, languages and accessibility features are part of its search
text, and modelcluster writes them only after the row is saved (after ``post_save``): their
``m2m_changed`` refreshes the document once they are stored.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.models import Organization, Resource

from .organizations import organization_search_refresh
from .services import affects_search, resource_search_refresh, resource_search_remove

# The listing's many-to-many relations that are part of its search text (documents.py).
SEARCHED_RELATIONS = ("categories", "audiences", "languages", "accessibility_features")


def resource_saved(sender, instance: Resource, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and affects_search(update_fields):
        resource_search_refresh(resource_ids=[instance.pk])


def resource_relations_changed(sender, instance, action, reverse=False, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        resource_search_refresh(resource_ids=[instance.pk])


def resource_deleted(sender, instance: Resource, **kwargs) -> None:
    resource_search_remove(resource_ids=[instance.pk])


def organization_saved(
    sender, instance: Organization, raw=False, update_fields=None, **kwargs
) -> None:
    """The group's own document (staff search), and its name is part of its listings' text."""
    if not raw and affects_search(update_fields):
        organization_search_refresh(organization_ids=[instance.pk])
        resource_search_refresh(resource_ids=instance.resources.values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(resource_saved, sender=Resource, dispatch_uid="search_resource_saved")
    for relation in SEARCHED_RELATIONS:
        m2m_changed.connect(
            resource_relations_changed,
            sender=getattr(Resource, relation).through,
            dispatch_uid=f"search_{relation}",
        )
    post_delete.connect(resource_deleted, sender=Resource, dispatch_uid="search_resource_deleted")
    post_save.connect(
        organization_saved, sender=Organization, dispatch_uid="search_organization_saved"
    )
