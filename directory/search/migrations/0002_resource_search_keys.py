"""The inverted index of the embedded search (directory/search/postings.py), built from the
documents that exist."""

import directory.search.models
import django.db.models.deletion
from django.db import migrations, models


def build_postings(apps, schema_editor):
    from directory.search.services import postings_rebuild_in_migration

    postings_rebuild_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_search_terms"),
        ("directory_search", "0001_organization_search_document"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResourceSearchKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "field",
                        "key",
                        "document",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("field", models.PositiveSmallIntegerField()),
                ("key", directory.search.models.BinaryTextField()),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="keys",
                        to="directory.resourcesearchdocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "検索キー",
                "verbose_name_plural": "検索キー",
            },
        ),
        migrations.RunPython(build_postings, migrations.RunPython.noop),
    ]
