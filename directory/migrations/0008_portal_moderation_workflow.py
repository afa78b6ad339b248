from django.db import migrations


def create_workflow(apps, schema_editor):
    from directory.portal.moderation import ensure_moderation_workflow

    ensure_moderation_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_portal"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0003_admin_managed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
