"""Backups of the database: SQLite through its online backup API, PostgreSQL through pg_dump.

Never a file copy of a live SQLite database: a copy taken mid-write can be corrupt, while the
backup API copies a consistent snapshot page by page even while the site is serving requests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in Japanese."""


def _engine(alias: str) -> str:
    return connections[alias].vendor


def backup_database(directory: Path, *, alias: str = "default") -> Path:
    """Write a backup of the database to a new file in ``directory`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    vendor = _engine(alias)
    if vendor == "sqlite":
        path = directory / f"tsunagari-{stamp}.sqlite3"
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    if vendor == "postgresql":
        path = directory / f"tsunagari-{stamp}.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
            alias,
        )
        return path
    raise BackupError(f"{vendor} のバックアップには対応していません。")


def restore_database(path: Path, *, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.exists():
        raise BackupError(f"バックアップファイルが見つかりません: {path}")
    vendor = _engine(alias)
    if vendor == "sqlite":
        if path.suffix != ".sqlite3":
            raise BackupError("SQLite には .sqlite3 のバックアップを指定してください。")
        connection = connections[alias]
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if vendor == "postgresql":
        if path.suffix != ".dump":
            raise BackupError("PostgreSQL には pg_dump の .dump ファイルを指定してください。")
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
                str(path),
            ],
            alias,
            database_flag=True,
        )
        return
    raise BackupError(f"{vendor} の復元には対応していません。")


def _run(command: list[str], alias: str, database_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against the configured database; the password goes through
    the environment, never the command line."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} が見つかりません（PostgreSQL のクライアントをインストールしてください）。"
        )
    settings = connections[alias].settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    target = [
        "--host",
        str(settings.get("HOST") or "localhost"),
        "--port",
        str(settings.get("PORT") or 5432),
        "--username",
        str(settings.get("USER") or ""),
    ]
    target += ["--dbname", settings["NAME"]]
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
