from django.db import migrations


def load(apps, schema_editor):
    from matching.reference_data import load_referral_sources

    load_referral_sources(apps.get_model("matching", "ReferralSource"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
