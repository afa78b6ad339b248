"""Re-sign the audit log's chain with a key (HMAC-SHA256, AUDIT_LOG_KEYS) instead of a plain
SHA-256 that anyone with database access could recompute. The plain chain is checked first: a
broken chain stops the migration instead of being re-signed."""

from django.db import migrations

from matching import audit_chain


def sign_the_chain(apps, schema_editor):
    entry_model = apps.get_model("matching", "AuditEntry")
    try:
        audit_chain.rechain(entry_model, [audit_chain.sha256_hash])
    except audit_chain.ChainBroken as error:
        raise RuntimeError(
            "監査ログの連鎖が壊れているため、鍵つきの連鎖に移行できません: "
            + " / ".join(problem.message for problem in error.problems)
        ) from None


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_security_fields"),
    ]

    operations = [
        migrations.RunPython(sign_the_chain, migrations.RunPython.noop, elidable=True),
    ]
