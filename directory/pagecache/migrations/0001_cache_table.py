"""The page cache's table (CACHES["pages"] in cms/settings/base.py) when it lives in the database,
so that `migrate` is all a site needs. Creates nothing when the cache is Redis; safe to repeat."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
