"""The audit log: who read or changed which client record, when, and from where. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models, transaction

from matching import audit_chain


class AuditAction(models.TextChoices):
    LIST = "list", "一覧の閲覧"
    VIEW = "view", "閲覧"
    CREATE = "create", "作成"
    UPDATE = "update", "更新"
    TRANSITION = "transition", "段階の変更"
    RECORD = "record", "記録"
    CONSENT = "consent", "同意の記録"
    WITHDRAW = "withdraw", "同意の撤回"
    CLOSE = "close", "支援終了"
    EXPORT = "export", "書き出し"
    ANONYMISE = "anonymise", "保存期間経過による匿名化"


class AuditObjectType(models.TextChoices):
    CLIENT = "client", "本人"
    PLACEMENT = "placement", "つなぎ"
    FOLLOW_UP = "follow_up", "フォローアップ"
    GAP = "gap", "地域資源の不足"
    INTAKE = "intake", "受付（つながりたい）"
    INDICATORS = "indicators", "指標"
    ACTIVITY = "activity", "活動の記録"


# Arbitrary constant naming the advisory lock that serialises audit appends on PostgreSQL.
AUDIT_CHAIN_LOCK_ID = 7_202_611_27


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry through the application."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("監査ログは変更できません。")

    def delete(self):
        raise AuditLogIsAppendOnly("監査ログは削除できません。")

    def for_client(self, client) -> AuditEntryQuerySet:
        return self.filter(client=client)


class AuditEntry(models.Model):
    """One read or write of a client, placement, follow-up or gap.

    Holds ids and an action, never the content that was read or written. Entries can only be
    added: ``save()`` on an existing entry, ``delete()`` and queryset ``update()``/``delete()``
    raise ``AuditLogIsAppendOnly``; there is no admin or view that edits them.
    """

    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Users with a history are deactivated, never deleted, so the log keeps its "who".
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ユーザー",
    )
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    object_type = models.CharField("対象の種類", max_length=20, choices=AuditObjectType.choices)
    object_id = models.CharField("対象のID", max_length=40, blank=True)
    # The client the object belongs to, so that a supervisor can read one client's whole log.
    client = models.ForeignKey(
        "matching.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="本人",
    )
    ip_address = models.GenericIPAddressField("IPアドレス", null=True, blank=True)
    detail = models.CharField(
        "補足",
        max_length=200,
        blank=True,
        help_text="段階の変化など、個人情報を含まない補足だけを書きます。",
    )

    # Tamper evidence (matching/audit_chain.py): HMAC-SHA256 over this entry's fields and
    # prev_hash, keyed by AUDIT_LOG_KEYS (never stored in the database).
    prev_hash = models.CharField("前の記録のハッシュ", max_length=64, blank=True, editable=False)
    entry_hash = models.CharField("ハッシュ", max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("監査ログは変更できません。")
        # Appends are serialised so that two entries never chain to the same predecessor:
        # PostgreSQL takes a transaction-level advisory lock; SQLite's IMMEDIATE transactions
        # (settings: transaction_mode) already hold the database's write lock from BEGIN.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK_ID])
            last = (
                models.QuerySet(model=AuditEntry)
                .order_by("-pk")
                .values_list("entry_hash", flat=True)
                .first()
            )
            self.prev_hash = last or audit_chain.GENESIS
            super().save(*args, **kwargs)
            # Hashed as stored (the database normalises IPv6 addresses, for one), so that
            # verify_audit_log, which reads the rows back, computes the very same hash.
            entries = models.QuerySet(model=AuditEntry).filter(pk=self.pk)
            self.entry_hash = audit_chain.entry_hash(entries.get(), self.prev_hash)
            entries.update(entry_hash=self.entry_hash)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("監査ログは削除できません。")
