"""Search documents for organisations (staff search in the admin), built for those that exist."""

import django.db.models.deletion
from django.db import migrations, models


def build_documents(apps, schema_editor):
    # The document reads two plain attributes, so the historical model serves as well.
    from directory.search.organizations import organization_document_fields

    Organization = apps.get_model("directory", "Organization")
    OrganizationSearchDocument = apps.get_model("directory_search", "OrganizationSearchDocument")
    OrganizationSearchDocument.objects.bulk_create(
        (
            OrganizationSearchDocument(organization_id=o.pk, **organization_document_fields(o))
            for o in Organization.objects.iterator(chunk_size=500)
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("directory", "0008_portal_moderation_workflow"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationSearchDocument",
            fields=[
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="directory.organization",
                    ),
                ),
                (
                    "tokens",
                    models.TextField(blank=True, help_text="団体名とよみがなの語、空白区切り"),
                ),
                (
                    "reading",
                    models.TextField(blank=True, help_text="よみがな（カタカナ）、空白区切り"),
                ),
            ],
            options={
                "verbose_name": "団体の検索用データ",
                "verbose_name_plural": "団体の検索用データ",
            },
        ),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
