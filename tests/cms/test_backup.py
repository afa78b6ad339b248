"""make backup / make restore: one file holds the database and the uploaded media; restored into
an emptied site it gives back every row and every file."""

import io
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from cms.backup import BackupError, backup_site, restore_site, table_row_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "original_images" / "salon.jpg").write_bytes(b"\xff\xd8 a photo")
    (settings.MEDIA_ROOT / "documents").mkdir()
    (settings.MEDIA_ROOT / "documents" / "チラシ.pdf").write_bytes(b"%PDF-1.4 a leaflet")
    return settings.MEDIA_ROOT


def files(folder) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_backup_restored_into_an_empty_site_has_every_row_and_file(tmp_path, media):
    call_command("load_demo_data", verbosity=0)
    rows, uploaded = table_row_counts(), files(media)
    assert rows["directory_resource"] >= 150

    path = backup_site(tmp_path / "backups")
    assert path.name.startswith("tsunagari-") and path.suffix == ".tar"
    call_command("flush", interactive=False, verbosity=0)
    for file in media.rglob("*.*"):
        file.unlink()
    (media / "added-after-the-backup.png").write_bytes(b"new")

    restore_site(path)
    assert table_row_counts() == rows
    assert files(media) == uploaded


def test_the_backup_holds_the_database_made_by_the_right_tool(tmp_path, media):
    path = backup_site(tmp_path)
    with tarfile.open(path) as archive:
        names = set(archive.getnames())
    expected = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[connection.vendor]
    assert {expected, "media/original_images/salon.jpg", "media/documents/チラシ.pdf"} <= names
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [path.name]  # nothing left over


def add(archive: tarfile.TarFile, name: str, data: bytes = b"x") -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    "name", ["../outside.txt", "/etc/cron.d/job", "media/../../outside.txt", "notes.txt"]
)
def test_a_hostile_or_foreign_archive_changes_nothing(tmp_path, media, name):
    before, uploaded = table_row_counts(), files(media)
    path = tmp_path / "hostile.tar"
    with tarfile.open(path, "w") as archive:
        add(archive, "database.sqlite3")
        add(archive, "database.dump")
        add(archive, name)
    with pytest.raises(BackupError, match="想定外のファイル"):
        restore_site(path)
    assert table_row_counts() == before
    assert files(media) == uploaded
    assert not (tmp_path / "outside.txt").exists()


def test_restoring_a_missing_or_wrong_file_changes_nothing(tmp_path, media):
    before, uploaded = table_row_counts(), files(media)
    with pytest.raises(BackupError, match="見つかりません"):
        restore_site(tmp_path / "nothing.tar")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a backup")
    with pytest.raises(BackupError, match=r"\.tar ファイルを指定"):
        restore_site(wrong)
    other_database = tmp_path / "other.tar"
    with tarfile.open(other_database, "w") as archive:
        other = {"sqlite": "database.dump", "postgresql": "database.sqlite3"}[connection.vendor]
        add(archive, other)
    with pytest.raises(BackupError, match="別の種類のデータベース"):
        restore_site(other_database)
    assert table_row_counts() == before
    assert files(media) == uploaded


def test_the_commands_report_in_japanese(tmp_path, media, capsys):
    call_command("backup", dir=str(tmp_path))
    assert "バックアップを作成しました" in capsys.readouterr().out
    [path] = [p for p in tmp_path.iterdir() if p.suffix == ".tar"]
    call_command("restore", str(path), yes=True)
    assert "復元しました" in capsys.readouterr().out
