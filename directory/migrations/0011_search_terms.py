"""The words of each listing's name and tags, for 「もしかして」; every document is rebuilt."""

from django.db import migrations, models


def build_documents(apps, schema_editor):
    from directory.search.services import documents_rebuild_in_migration

    documents_rebuild_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_rebuild_search_documents")]

    operations = [
        migrations.AddField(
            model_name="resourcesearchdocument",
            name="terms",
            field=models.TextField(
                blank=True, help_text="名称の長い単位と種類・活動分類・対象（もしかして用）"
            ),
        ),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
