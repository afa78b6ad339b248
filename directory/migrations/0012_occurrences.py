"""The precomputed next dates of every listing, filled for the listings that already exist."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

OCCURRENCE_FIELDS = ("date", "weekday", "start_time", "end_time", "cancelled", "note")


def fill(apps, schema_editor):
    # The dates come from unsaved copies of the rules (directory/occurrences.py), which read only
    # the rule's own fields, so historical rows serve as well as real ones.
    from directory.models import ScheduleException, ScheduleRule
    from directory.models.schedules import SCHEDULE_EXCEPTION_FIELDS, SCHEDULE_RULE_FIELDS
    from directory.occurrences import occurrence_rows

    Rule = apps.get_model("directory", "ScheduleRule")
    Exception_ = apps.get_model("directory", "ScheduleException")
    Occurrence = apps.get_model("directory", "ResourceOccurrence")
    today = timezone.localdate()
    rules, exceptions = {}, {}
    for rule in Rule.objects.order_by("sort_order", "pk"):
        copy = ScheduleRule(**{f: getattr(rule, f) for f in SCHEDULE_RULE_FIELDS})
        rules.setdefault(rule.resource_id, []).append(copy)
    for exception in Exception_.objects.filter(date__gte=today):
        copy = ScheduleException(**{f: getattr(exception, f) for f in SCHEDULE_EXCEPTION_FIELDS})
        exceptions.setdefault(exception.resource_id, []).append(copy)
    Occurrence.objects.bulk_create(
        (
            Occurrence(resource_id=pk, **{f: getattr(row, f) for f in OCCURRENCE_FIELDS})
            for pk, its_rules in rules.items()
            for row in occurrence_rows(pk, its_rules, exceptions.get(pk, []), today)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_search_terms"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResourceOccurrence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                ("weekday", models.PositiveSmallIntegerField()),
                ("start_time", models.TimeField(null=True)),
                ("end_time", models.TimeField(null=True)),
                ("cancelled", models.BooleanField(default=False)),
                ("note", models.CharField(blank=True, max_length=100)),
                (
                    "resource",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="occurrences",
                        to="directory.resource",
                    ),
                ),
            ],
            options={
                "verbose_name": "開催日（自動計算）",
                "verbose_name_plural": "開催日（自動計算）",
                "indexes": [
                    models.Index(
                        fields=["resource", "date"], name="directory_r_resourc_7676ee_idx"
                    ),
                    models.Index(
                        fields=["date", "weekday", "start_time"], name="directory_r_date_fe0a06_idx"
                    ),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
