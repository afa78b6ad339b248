"""make backup / make restore: a backup restored into an emptied database gives back every row."""

import pytest
from django.core.management import call_command
from django.db import connection

from cms.backup import BackupError, backup_database, restore_database, table_row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restored_into_an_empty_database_has_every_tables_rows(tmp_path):
    call_command("load_demo_data", verbosity=0)
    before = table_row_counts()
    assert before["directory_resource"] >= 150

    path = backup_database(tmp_path)
    assert path.stat().st_size > 0
    call_command("flush", interactive=False, verbosity=0)
    assert table_row_counts()["directory_resource"] == 0

    restore_database(path)
    assert table_row_counts() == before


def test_backup_uses_the_right_tool_for_the_database(tmp_path):
    path = backup_database(tmp_path)
    expected = {"sqlite": ".sqlite3", "postgresql": ".dump"}[connection.vendor]
    assert path.suffix == expected


def test_restoring_a_missing_or_wrong_file_changes_nothing(tmp_path):
    before = table_row_counts()
    with pytest.raises(BackupError, match="見つかりません"):
        restore_database(tmp_path / "nothing.sqlite3")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a backup")
    with pytest.raises(BackupError, match="指定してください"):
        restore_database(wrong)
    assert table_row_counts() == before


def test_the_commands_report_in_japanese(tmp_path, capsys):
    call_command("backup", dir=str(tmp_path))
    out = capsys.readouterr().out
    assert "バックアップを作成しました" in out
    [path] = list(tmp_path.iterdir())
    call_command("restore", str(path), yes=True)
    assert "復元しました" in capsys.readouterr().out
