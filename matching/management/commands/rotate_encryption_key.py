"""Re-encrypt every sensitive free-text value with the newest key in MATCHING_ENCRYPTION_KEYS.

Key rotation (docs/matching.md): put the new key first in MATCHING_ENCRYPTION_KEYS and keep the
old ones after it, restart, run this command, then remove the old keys and restart again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from matching.fields import SensitiveValueUnreadable, rotate, sensitive_fields


class Command(BaseCommand):
    help = "暗号化された自由記述を、MATCHING_ENCRYPTION_KEYS の先頭の鍵で暗号化し直します。"

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model, names in sensitive_fields():
                for name in names:
                    rows = model._default_manager.annotate(
                        _raw=Cast(name, TextField())
                    ).values_list("pk", "_raw")
                    count = 0
                    for pk, raw in rows.iterator():
                        if not raw:
                            continue
                        try:
                            new = rotate(raw)
                        except SensitiveValueUnreadable as error:
                            raise CommandError(
                                f"{model._meta.label}.{name} (id={pk}): {error} "
                                "何も変更していません。"
                            ) from error
                        # A Value with a plain TextField output is written as it is (no
                        # second encryption by SensitiveTextField).
                        model._default_manager.filter(pk=pk).update(
                            **{name: Value(new, output_field=TextField())}
                        )
                        count += 1
                    total += count
                    self.stdout.write(f"{model._meta.label}.{name}: {count} 件")
        self.stdout.write(self.style.SUCCESS(f"{total} 件を新しい鍵で暗号化し直しました。"))
