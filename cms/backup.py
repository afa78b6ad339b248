"""Backups of the site: the database and the uploaded media, together in one file.

``backup_site`` writes ``tsunagari-YYYYMMDD-HHMMSS.tar`` holding ``database.sqlite3`` (SQLite,
through its online backup API) or ``database.dump`` (PostgreSQL, ``pg_dump``) and ``media/``
(everything under MEDIA_ROOT: images and documents). ``restore_site`` puts both back.

Never a file copy of a live SQLite database: a copy taken mid-write can be corrupt, while the
backup API copies a consistent snapshot page by page even while the site is serving requests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in Japanese."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"{vendor} のバックアップ・復元には対応していません。")
    return vendor


def backup_site(directory: Path, *, alias: str = "default") -> Path:
    """Write a backup of the database and the media to a new file in ``directory`` and return
    its path. The file appears only once complete (written under another name, then renamed)."""
    vendor = _vendor(alias)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"tsunagari-{stamp}.tar"
    partial = directory / f".{path.name}.partial"
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as work:
        database = Path(work) / DATABASE_FILES[vendor]
        _backup_database(database, vendor, alias)
        try:
            with tarfile.open(partial, "w") as archive:
                archive.add(database, arcname=database.name)
                if media.is_dir():
                    archive.add(media, arcname=MEDIA)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return path


def restore_site(path: Path, *, alias: str = "default") -> None:
    """Replace the database's contents and the media with the backup at ``path``. The file is
    checked before anything changes; the database is restored first (all or nothing), then
    the media folder's contents are replaced."""
    vendor = _vendor(alias)
    if not path.is_file():
        raise BackupError(f"バックアップファイルが見つかりません: {path}")
    if not tarfile.is_tarfile(path):
        raise BackupError("make backup で作った .tar ファイルを指定してください。")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        _unpack(path, Path(work))
        database = Path(work) / DATABASE_FILES[vendor]
        if not database.is_file():
            raise BackupError(
                f"このバックアップには {DATABASE_FILES[vendor]} がありません"
                "（別の種類のデータベースのバックアップです）。"
            )
        _restore_database(database, vendor, alias)
        _replace_contents(media, Path(work) / MEDIA)


def _unpack(path: Path, target: Path) -> None:
    """Extract the backup, refusing anything but the database file and plain files and folders
    under media/ (no links, no absolute paths, nothing outside ``target``)."""
    allowed = set(DATABASE_FILES.values())
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            top = member.name.split("/", 1)[0]
            if member.name not in allowed and top != MEDIA:
                raise BackupError(f"バックアップに想定外のファイルがあります: {member.name}")
        try:
            archive.extractall(target, filter="data")
        except tarfile.FilterError as error:
            raise BackupError(f"バックアップに想定外のファイルがあります: {error}") from error


def _replace_contents(folder: Path, source: Path) -> None:
    """Make ``folder`` hold exactly what ``source`` holds. ``folder`` itself stays (it may be a
    mounted volume, which cannot be renamed)."""
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(child, folder / child.name)


def _backup_database(target: Path, vendor: str, alias: str) -> None:
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            alias,
        )


def _restore_database(source: Path, vendor: str, alias: str) -> None:
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        backup = sqlite3.connect(source)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        connections[alias].close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            alias,
        )


def _run(command: list[str], alias: str) -> None:
    """Run a PostgreSQL client tool against the configured database; the password goes through
    the environment, never the command line."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} が見つかりません（PostgreSQL のクライアントをインストールしてください）。"
        )
    settings_dict = connections[alias].settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings_dict.get("PASSWORD") or "")}
    target = [
        "--host",
        str(settings_dict.get("HOST") or "localhost"),
        "--port",
        str(settings_dict.get("PORT") or 5432),
        "--username",
        str(settings_dict.get("USER") or ""),
        "--dbname",
        settings_dict["NAME"],
    ]
    result = subprocess.run(
        [*command[:1], *target, *command[1:]], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} が失敗しました: {result.stderr.strip()[:500]}")


def table_row_counts(alias: str = "default") -> dict[str, int]:
    """Rows in every table: what a restore must reproduce."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts
