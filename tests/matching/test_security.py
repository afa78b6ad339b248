"""Data protection in the matching module: encryption at rest and key rotation, retention,
the disclosure export and the tamper-evident audit log (issue 7, items 3 and 4)."""

import datetime as dt
import importlib
import json
import re
from functools import partial
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from matching import audit_chain
from matching.fields import PREFIX, SensitiveValueUnreadable
from matching.indicator_display import indicators_csv_rows
from matching.indicators import indicators_compute
from matching.models import (
    AuditAction,
    AuditEntry,
    AuditObjectType,
    Client,
    ClientStatus,
    FollowUp,
    Placement,
    PlacementEvent,
    ResourceGap,
    Stage,
)
from matching.services import Actor, audit_record
from tests.factories import login_verified
from tests.matching.factories import (
    ClientFactory,
    FollowUpFactory,
    PlacementFactory,
    ResourceGapFactory,
)
from tests.production import production_env, start_production

pytestmark = pytest.mark.django_db

SECRET = "昔、書道を教えていた（架空）"
migration_0003 = importlib.import_module("matching.migrations.0003_security_fields")
migration_0004 = importlib.import_module("matching.migrations.0004_audit_chain_hmac")


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


# --- encryption at rest ------------------------------------------------------------------------


def test_every_free_text_note_is_ciphertext_in_the_database_and_plaintext_in_python():
    client = ClientFactory(strengths=SECRET, wishes="週1回外に出たい", constraints_note="通院")
    placement = PlacementFactory(client=client, note="本人の体調メモ")
    follow_up = FollowUpFactory(placement=placement, note="元気そう")
    event = PlacementEvent.objects.create(
        placement=placement,
        to_stage=Stage.PROPOSED,
        on_date=dt.date(2026, 10, 5),
        note="提案時のメモ",
        recorded_by=client.created_by,
    )
    gap = ResourceGapFactory()
    for table, column, pk, plain in [
        ("matching_client", "strengths", client.pk, SECRET),
        ("matching_client", "wishes", client.pk, "週1回外に出たい"),
        ("matching_client", "constraints_note", client.pk, "通院"),
        ("matching_placement", "note", placement.pk, "本人の体調メモ"),
        ("matching_followup", "note", follow_up.pk, "元気そう"),
        ("matching_placementevent", "note", event.pk, "提案時のメモ"),
        ("matching_resourcegap", "description", gap.pk, gap.description),
    ]:
        stored = raw(table, column, pk)
        assert stored.startswith(PREFIX), (table, column)
        assert plain not in stored
    fresh = Client.objects.get(pk=client.pk)
    assert (fresh.strengths, fresh.wishes, fresh.constraints_note) == (
        SECRET,
        "週1回外に出たい",
        "通院",
    )
    assert Placement.objects.get(pk=placement.pk).note == "本人の体調メモ"
    assert FollowUp.objects.get(pk=follow_up.pk).note == "元気そう"
    assert PlacementEvent.objects.get(pk=event.pk).note == "提案時のメモ"
    assert ResourceGap.objects.get(pk=gap.pk).description == gap.description


def test_blank_notes_stay_blank_and_filterable():
    client = ClientFactory(strengths="")
    assert raw("matching_client", "strengths", client.pk) == ""
    assert Client.objects.filter(pk=client.pk, strengths="").exists()


def test_the_data_migration_encrypts_legacy_plaintext_and_leaves_ciphertext_alone():
    client = ClientFactory(strengths=SECRET)
    already = ClientFactory(wishes="すでに暗号化")
    write_raw("matching_client", "strengths", client.pk, SECRET)  # as before encryption existed
    cipher_before = raw("matching_client", "wishes", already.pk)
    assert Client.objects.get(pk=client.pk).strengths == SECRET  # legacy plaintext is readable

    migration_0003.encrypt_plaintext(apps, None)

    stored = raw("matching_client", "strengths", client.pk)
    assert stored.startswith(PREFIX) and SECRET not in stored
    assert Client.objects.get(pk=client.pk).strengths == SECRET
    assert raw("matching_client", "wishes", already.pk) == cipher_before


def test_key_rotation_old_key_then_new_key_first_then_rotate_then_old_key_removed():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(MATCHING_ENCRYPTION_KEYS=[old]):
        client = ClientFactory(strengths=SECRET)
        placement = PlacementFactory(client=client, note="メモ")
    with override_settings(MATCHING_ENCRYPTION_KEYS=[new, old]):
        assert Client.objects.get(pk=client.pk).strengths == SECRET  # both keys read
        out = StringIO()
        call_command("rotate_encryption_key", stdout=out)
        assert "新しい鍵で暗号化し直しました" in out.getvalue()
    with override_settings(MATCHING_ENCRYPTION_KEYS=[new]):
        assert Client.objects.get(pk=client.pk).strengths == SECRET
        assert Placement.objects.get(pk=placement.pk).note == "メモ"
    token = raw("matching_client", "strengths", client.pk)[len(PREFIX) :]
    assert Fernet(new.encode()).decrypt(token.encode()).decode() == SECRET


def test_a_value_under_an_unknown_key_fails_loudly():
    client = ClientFactory(strengths=SECRET)  # under the development key
    with override_settings(MATCHING_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        with pytest.raises(SensitiveValueUnreadable):
            Client.objects.get(pk=client.pk)
        with pytest.raises(CommandError, match="matching.Client.strengths"):
            call_command("rotate_encryption_key", stdout=StringIO())
    assert raw("matching_client", "strengths", client.pk).startswith(PREFIX)  # untouched


@pytest.mark.parametrize(
    "name, value",
    [
        ("MATCHING_ENCRYPTION_KEYS", None),
        ("MATCHING_ENCRYPTION_KEYS", settings.MATCHING_DEV_ENCRYPTION_KEY),
        ("AUDIT_LOG_KEYS", None),
        ("AUDIT_LOG_KEYS", settings.AUDIT_LOG_DEV_KEY),
    ],
)
def test_production_refuses_to_start_without_a_real_key(name, value):
    result = start_production(production_env(**{name: value}))
    assert result.returncode != 0
    assert name in result.stderr


def test_production_starts_with_real_keys():
    result = start_production(production_env())
    assert result.returncode == 0, result.stderr


# --- retention --------------------------------------------------------------------------------


def closed_client(*, referred_on, closed_on, **kwargs):
    client = ClientFactory(
        referred_on=referred_on,
        consent_given_on=referred_on,
        status=ClientStatus.CLOSED,
        closed_on=closed_on,
        close_reason="settled",
        strengths=SECRET,
        wishes="希望",
        constraints_note="配慮",
        **kwargs,
    )
    start = referred_on + dt.timedelta(days=10)
    placement = PlacementFactory(
        client=client,
        proposed_on=referred_on + dt.timedelta(days=5),
        stage=Stage.ENDED,
        started_on=start,
        ended_on=closed_on,
        note="つなぎのメモ",
    )
    FollowUpFactory(
        placement=placement,
        offset_days=14,
        due_on=start + dt.timedelta(days=14),
        done_on=start + dt.timedelta(days=15),
        outcome="continue",
        note="フォローのメモ",
    )
    gap = ResourceGapFactory(opened_on=referred_on + dt.timedelta(days=3))
    gap.clients.add(client)
    return client


def every_indicator(user):
    return [
        indicators_csv_rows(indicators_compute(user=user, fiscal_year=year), threshold=1)
        for year in (2019, 2020, 2024, 2026)
    ]


def test_apply_retention_anonymises_old_closed_clients_only_and_keeps_every_indicator(supervisor):
    old = closed_client(referred_on=dt.date(2019, 5, 1), closed_on=dt.date(2020, 3, 1))
    recent = closed_client(referred_on=dt.date(2024, 5, 1), closed_on=dt.date(2025, 3, 1))
    active = ClientFactory(strengths=SECRET)
    before = every_indicator(supervisor)

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "本人 1 件を匿名化しました" in out.getvalue()
    assert "つなぎ 1 件" in out.getvalue() and "フォローアップ 1 件" in out.getvalue()

    assert every_indicator(supervisor) == before
    old.refresh_from_db()
    assert (old.strengths, old.wishes, old.constraints_note) == ("", "", "")
    assert (old.consent_scope, old.consent_method, old.town) == ("", "", None)
    assert old.anonymised_on == dt.date(2026, 11, 27)
    assert (old.area_id, old.referred_on, old.closed_on) == (
        recent.area_id,
        dt.date(2019, 5, 1),
        dt.date(2020, 3, 1),
    )
    assert Placement.objects.get(client=old).note == ""
    assert FollowUp.objects.get(placement__client=old).note == ""
    for kept in (recent, active):
        kept.refresh_from_db()
        assert kept.strengths == SECRET and kept.anonymised_on is None
    entry = AuditEntry.objects.get(action=AuditAction.ANONYMISE)
    assert entry.client_id == old.pk and entry.object_type == AuditObjectType.CLIENT

    # Idempotent: a second run finds nothing and writes nothing.
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "本人 0 件を匿名化しました" in out.getvalue()
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISE).count() == 1
    assert every_indicator(supervisor) == before


def test_the_retention_period_is_a_setting(settings):
    closed_client(referred_on=dt.date(2024, 5, 1), closed_on=dt.date(2025, 3, 1))
    settings.MATCHING_RETENTION_YEARS = 1
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "本人 1 件を匿名化しました" in out.getvalue()


# --- disclosure export ------------------------------------------------------------------------


def test_a_supervisor_exports_everything_held_on_a_client_and_the_export_is_audited(
    client, supervisor
):
    record = closed_client(referred_on=dt.date(2026, 4, 1), closed_on=dt.date(2026, 10, 1))
    login_verified(client, supervisor)
    response = client.get(reverse("matching:client_export", args=[record.case_code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["case_code"] == record.case_code
    assert data["client"]["strengths"] == SECRET
    assert data["placements"][0]["note"] == "つなぎのメモ"
    assert data["placements"][0]["follow_ups"][0]["note"] == "フォローのメモ"
    assert len(data["resource_gaps"]) == 1
    assert [e["action"] for e in data["audit_entries"]] == [AuditAction.EXPORT]
    assert AuditEntry.objects.filter(client=record, action=AuditAction.EXPORT).count() == 1


def test_coordinators_cannot_export(client, coordinator_omori, coordinator_kamata):
    record = ClientFactory()  # in 大森西, covered by coordinator_omori
    url = reverse("matching:client_export", args=[record.case_code])
    login_verified(client, coordinator_kamata)
    assert client.get(url).status_code == 404  # another area: looks like nothing
    login_verified(client, coordinator_omori)
    assert client.get(url).status_code == 403  # the owner, but not a supervisor
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


# --- tamper-evident audit log -----------------------------------------------------------------


def three_entries(boss):
    record = ClientFactory()
    return [
        audit_record(
            actor=boss,
            action=AuditAction.VIEW,
            object_type=AuditObjectType.CLIENT,
            object_id=record.pk,
            client=record,
            detail=f"entry {i}",
        )
        for i in range(3)
    ]


def verify(*args) -> tuple[bool, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_log", *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def test_entries_are_chained_and_an_intact_log_verifies(boss):
    first, second, third = three_entries(boss)
    assert first.prev_hash == "" or AuditEntry.objects.filter(pk__lt=first.pk).exists()
    assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
    assert len(third.entry_hash) == 64
    ok, out, _ = verify()
    assert ok and "問題はありません" in out


def test_an_entry_edited_with_raw_sql_is_reported_by_id(boss):
    _, second, _ = three_entries(boss)
    write_raw("matching_auditentry", "detail", second.pk, "edited")
    ok, _, err = verify()
    assert not ok
    assert f"#{second.pk} の内容が変更されています" in err


def test_an_entry_deleted_with_raw_sql_is_reported(boss):
    _, second, third = three_entries(boss)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM matching_auditentry WHERE id = %s", [second.pk])
    ok, _, err = verify()
    assert not ok
    assert f"#{third.pk} の直前の記録が削除または変更されています" in err


def test_the_migrations_chain_old_entries_then_sign_the_chain_with_the_key(boss):
    three_entries(boss)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE matching_auditentry SET prev_hash = '', entry_hash = ''")
    assert not verify()[0]
    migration_0003.chain_existing_entries(apps, None)  # the first, unkeyed SHA-256 chain
    assert not verify()[0]  # an unkeyed chain is not accepted any more
    migration_0004.sign_the_chain(apps, None)
    assert verify()[0]


def test_the_migration_refuses_to_sign_a_tampered_chain(boss):
    _, second, _ = three_entries(boss)
    migration_0003.chain_existing_entries(apps, None)
    write_raw("matching_auditentry", "detail", second.pk, "edited")
    before = list(AuditEntry.objects.order_by("pk").values_list("entry_hash", flat=True))
    with pytest.raises(RuntimeError, match=f"#{second.pk} の内容が変更されています"):
        migration_0004.sign_the_chain(apps, None)
    assert list(AuditEntry.objects.order_by("pk").values_list("entry_hash", flat=True)) == before


def test_an_edit_covered_by_a_recomputed_chain_is_caught_without_the_key(boss):
    """Someone with write access to the database edits an entry and recomputes every hash —
    unkeyed, or with a key of their own. Neither verifies: the key is not in the database."""
    _, second, _ = three_entries(boss)
    write_raw("matching_auditentry", "detail", second.pk, "edited")
    for forged in (audit_chain.sha256_hash, partial(audit_chain.entry_hash, key=b"guessed")):
        prev = audit_chain.GENESIS
        for entry in AuditEntry.objects.order_by("pk"):
            new_hash = forged(entry, prev)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE matching_auditentry SET prev_hash = %s, entry_hash = %s WHERE id = %s",
                    [prev, new_hash, entry.pk],
                )
            prev = new_hash
        ok, _, err = verify()
        assert not ok and "内容が変更されています" in err


def test_a_recorded_head_catches_the_newest_entries_being_removed(boss):
    three_entries(boss)
    ok, out, _ = verify()
    head = re.search(r"最新の記録: (\d+:[0-9a-f]{64})", out).group(1)
    newest = int(head.split(":")[0])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM matching_auditentry WHERE id = %s", [newest])
    assert verify()[0]  # a shorter chain is still a valid chain …
    ok, _, err = verify("--anchor", head)  # … but not the head recorded outside the server
    assert not ok and f"#{newest} がありません" in err
    with pytest.raises(CommandError, match="番号:ハッシュ"):
        call_command("verify_audit_log", "--anchor", "not-an-anchor", stdout=StringIO())


def test_the_audit_key_is_rotated_without_breaking_the_chain(boss, settings):
    old, new = settings.AUDIT_LOG_KEYS[0], "a-new-audit-log-key"
    three_entries(boss)
    settings.AUDIT_LOG_KEYS = [new, old]  # step 1: both keys; new entries use the new one
    three_entries(boss)
    assert verify()[0]
    call_command("rotate_audit_log_key", stdout=StringIO())  # step 2: re-sign everything
    settings.AUDIT_LOG_KEYS = [new]  # step 3: drop the old key
    assert verify()[0]
    settings.AUDIT_LOG_KEYS = [old]
    assert not verify()[0]  # the old key no longer verifies anything


def test_rotation_refuses_a_broken_chain_and_changes_nothing(boss, settings):
    _, second, _ = three_entries(boss)
    write_raw("matching_auditentry", "detail", second.pk, "edited")
    before = list(AuditEntry.objects.order_by("pk").values_list("entry_hash", flat=True))
    settings.AUDIT_LOG_KEYS = ["a-new-audit-log-key", *settings.AUDIT_LOG_KEYS]
    with pytest.raises(CommandError, match="何も変更していません"):
        call_command("rotate_audit_log_key", stdout=StringIO(), stderr=StringIO())
    assert list(AuditEntry.objects.order_by("pk").values_list("entry_hash", flat=True)) == before


def test_the_chain_holds_for_addresses_the_database_normalises(supervisor):
    entry = audit_record(
        actor=Actor(user=supervisor, ip_address="2001:DB8:0:0:0:0:0:1"),
        action=AuditAction.LIST,
        object_type=AuditObjectType.CLIENT,
    )
    assert AuditEntry.objects.get(pk=entry.pk).entry_hash == entry.entry_hash
    assert verify()[0]
