"""Backups of the database, and restoring them."""

import io

import pytest
from django.db import connection

from .processes import manage

pytestmark = pytest.mark.django_db


def count_rows(conn, table) -> int:
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


BACKED_UP_TABLES = (
    "actions_action",
    "actions_outcome",
    "actions_historicalaction",
    "roundtables_roundtable",
    "roundtables_participant",
    "auth_group_permissions",
)


def test_a_backup_restores_into_an_empty_database(demo, tmp_path):
    """Back up the test database, restore it into a new, empty one, and find everything."""
    import psycopg2

    db = connection.settings_dict
    counts = {table: count_rows(connection, table) for table in BACKED_UP_TABLES}
    if connection.vendor == "postgresql":
        user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        server = f"postgres://{user}@{host}:{port}"
        source_url, target_url = f"{server}/{db['NAME']}", f"{server}/{db['NAME']}_restored"
        admin = psycopg2.connect(f"{server}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {db['NAME']}_restored")
            cursor.execute(f"CREATE DATABASE {db['NAME']}_restored")
        backup_file = tmp_path / "backup.dump"
    else:
        source_url = f"sqlite:///{db['NAME']}"
        target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        backup_file = tmp_path / "backup.sql"

    result = manage("backup", "--output", str(backup_file), DATABASE_URL=source_url)
    assert result.returncode == 0, result.stderr
    result = manage("restore", str(backup_file), "--yes", DATABASE_URL=target_url)
    assert result.returncode == 0, result.stderr

    if connection.vendor == "postgresql":
        restored = psycopg2.connect(target_url)
    else:
        import sqlite3

        restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    try:
        assert {table: count_rows(restored, table) for table in BACKED_UP_TABLES} == counts
    finally:
        restored.close()
        if connection.vendor == "postgresql":
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {db['NAME']}_restored")
            admin.close()


def test_a_restore_refreshes_every_cached_page(tmp_path, monkeypatch, page_cache):
    from django.core.management import call_command

    from ops import backups
    from pagecache.versions import content_version

    monkeypatch.setattr(backups, "restore", lambda path: None)
    backup_file = tmp_path / "backup.sql"
    backup_file.write_text("")
    before = content_version()
    call_command("restore", str(backup_file), yes=True, stdout=io.StringIO())
    assert content_version() != before


def test_restore_refuses_a_missing_file(tmp_path):
    result = manage("restore", str(tmp_path / "nothing.sql"), "--yes")
    assert result.returncode != 0 and "No backup at" in result.stderr
