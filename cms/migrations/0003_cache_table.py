"""The embedded cache's table (CACHES in cms/settings/base.py), so that `migrate` is the one step a
new site needs. Creates nothing when the cache is Redis (REDIS_URL); safe to run again."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_pages_and_images")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
