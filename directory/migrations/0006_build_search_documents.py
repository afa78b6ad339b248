"""Seed the synonym list and build search documents for listings that already exist."""

from pathlib import Path

from django.db import migrations

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "search_synonyms.txt"


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("directory", "SearchSynonym")
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            SearchSynonym.objects.get_or_create(terms=line)


def build_documents(apps, schema_editor):
    # The projection reads plain attributes, so historical models serve as well as real ones.
    from directory.search.database import document_fields
    from directory.search.documents import listing_text

    Resource = apps.get_model("directory", "Resource")
    ResourceSearchDocument = apps.get_model("directory", "ResourceSearchDocument")
    resources = (
        Resource.objects.filter(live=True)
        .select_related("area", "area__region", "organization")
        .prefetch_related("categories", "audiences")
    )
    ResourceSearchDocument.objects.bulk_create(
        (
            ResourceSearchDocument(resource_id=r.pk, **document_fields(listing_text(r)))
            for r in resources.iterator(chunk_size=500)
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search")]

    operations = [
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
