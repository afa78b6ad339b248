"""Keeping the search indexes in step with the listings.

Called by the receivers in ``receivers.py`` after every save and delete of a listing (and save
of an organisation), and by the importer for listings it creates in bulk.

Documents are always built from the stored row, never from the instance being saved: saving a
draft revision calls ``save(update_fields=["latest_revision", ...])`` on an instance that holds
the unpublished edits, while the row keeps the published state. Every listing has a database
document, drafts too, so that staff find drafts in the admin (``search_resources_for_staff``);
what the public may find is decided by the caller's queryset (``Resource.objects.listed()``), and
Elasticsearch holds public listings only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connections, transaction

from directory.models import Resource

from . import elastic
from .database import document_fields
from .documents import indexable, listing_text
from .models import ResourceSearchDocument, ResourceSearchKey
from .postings import document_postings

logger = logging.getLogger("directory.search")

Progress = Callable[[int, int], None]

# Saving only these fields (Wagtail's revision, lock and workflow bookkeeping) cannot change
# what search shows, so such saves skip re-indexing.
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "expired",
        "go_live_at",
        "expire_at",
        "updated_at",
    }
)


def affects_search(update_fields: Iterable[str] | None) -> bool:
    return update_fields is None or not set(update_fields) <= BOOKKEEPING_FIELDS


def postings_insert(key_model, documents: Iterable[tuple[int, dict[str, str]]]) -> None:
    """Write the postings of these (listing id, document columns) pairs, in one statement per
    thousand rows (a listing has a few hundred). ``key_model`` is ``ResourceSearchKey`` or its
    historical model in a migration."""
    table = key_model._meta.db_table
    connection = connections[key_model.objects.db]
    insert = f"INSERT INTO {connection.ops.quote_name(table)} (field, key, document_id) VALUES "
    # In index order: the B-tree takes them in far fewer page writes.
    rows = sorted(
        row for resource_id, fields in documents for row in document_postings(resource_id, fields)
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            cursor.execute(
                insert + ", ".join(["(%s, %s, %s)"] * len(batch)),
                [value for row in batch for value in row],
            )


def _write_documents(resource_ids: list[int]) -> None:
    resources = list(indexable().filter(pk__in=resource_ids))
    ResourceSearchDocument.objects.filter(resource_id__in=resource_ids).delete()
    documents = [(r.pk, document_fields(listing_text(r))) for r in resources]
    ResourceSearchDocument.objects.bulk_create(
        ResourceSearchDocument(resource_id=pk, **fields) for pk, fields in documents
    )
    postings_insert(ResourceSearchKey, documents)


def resource_search_refresh(*, resource_ids: Iterable[int]) -> None:
    """Rewrite the search documents of these listings from their stored rows (the published
    state, or the draft of a listing never published); listings that no longer exist lose it."""
    resource_ids = list(resource_ids)
    if not resource_ids:
        return
    with transaction.atomic():
        _write_documents(resource_ids)
    if settings.SEARCH_BACKEND == "elasticsearch":
        transaction.on_commit(lambda: elastic.index_resources_quietly(resource_ids))


def resource_search_remove(*, resource_ids: Iterable[int]) -> None:
    """Forget deleted listings. Database documents go with the row (ON DELETE CASCADE);
    Elasticsearch is told once the deletion is committed."""
    resource_ids = list(resource_ids)
    if resource_ids and settings.SEARCH_BACKEND == "elasticsearch":
        transaction.on_commit(lambda: elastic.remove_resources_quietly(resource_ids))


def search_index_rebuild(*, progress: Progress | None = None, batch_size: int = 500) -> int:
    """Recreate every database search document; returns how many listings were indexed."""
    ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        ResourceSearchKey.objects.all().delete()
        ResourceSearchDocument.objects.all().delete()
        for start in range(0, len(ids), batch_size):
            _write_documents(ids[start : start + batch_size])
            if progress is not None:
                progress(min(start + batch_size, len(ids)), len(ids))
    if progress is not None and not ids:
        progress(0, 0)
    return len(ids)


def documents_rebuild_in_migration(apps) -> None:
    """Rebuild every listing's document inside a data migration, from the historical models
    (the projection reads plain attributes, so they serve as well as real ones). Only the
    columns the historical document has are written, so a later change to the format, with
    its own migration, cannot break an earlier one. The postings follow their documents once
    the historical state has them (``postings_rebuild_in_migration``)."""
    Resource = apps.get_model("directory", "Resource")
    Document = apps.get_model("directory", "ResourceSearchDocument")
    columns = {field.name for field in Document._meta.get_fields()}
    resources = Resource.objects.select_related(
        "area", "area__region", "organization"
    ).prefetch_related("categories", "audiences", "languages", "accessibility_features")
    Document.objects.all().delete()
    Document.objects.bulk_create(
        (
            Document(
                resource_id=r.pk,
                **{k: v for k, v in document_fields(listing_text(r)).items() if k in columns},
            )
            for r in resources.iterator(chunk_size=500)
        ),
        batch_size=500,
    )
    try:
        apps.get_model("directory_search", "ResourceSearchKey")
    except LookupError:
        return  # an earlier migration: the index is built when its table is created
    postings_rebuild_in_migration(apps)


def postings_rebuild_in_migration(apps) -> None:
    """Rebuild the inverted index from the stored documents (no re-reading of the listings)."""
    Document = apps.get_model("directory", "ResourceSearchDocument")
    Key = apps.get_model("directory_search", "ResourceSearchKey")
    Key.objects.all().delete()
    columns = [
        field.name
        for field in Document._meta.concrete_fields
        if field.name not in ("resource", "indexed_at")
    ]
    batch = []
    for document in Document.objects.values("resource_id", *columns).iterator(chunk_size=500):
        batch.append((document.pop("resource_id"), document))
        if len(batch) == 500:
            postings_insert(Key, batch)
            batch = []
    postings_insert(Key, batch)
