"""Seed the synonym list. (It also built search documents in the format of 0005; 0010 now builds
them in the current format.)"""

from pathlib import Path

from django.db import migrations

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "search_synonyms.txt"


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("directory", "SearchSynonym")
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            SearchSynonym.objects.get_or_create(terms=line)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search")]

    operations = [
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
