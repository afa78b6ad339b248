"""Load the regions, the 18 areas and the starting vocabularies from directory/data/."""

from django.db import migrations

from directory.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(lambda name: apps.get_model("directory", name))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
