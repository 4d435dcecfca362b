"""Backups of the database, and restoring them."""

import io
import os
import sqlite3
import stat
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from .processes import ROOT, manage

pytestmark = pytest.mark.django_db


def count_rows(conn, table) -> int:
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


PERMISSIVE_UMASK = 0o022  # what most shells start with: new files 0644, directories 0755


@pytest.fixture
def permissive_umask():
    previous = os.umask(PERMISSIVE_UMASK)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


BACKED_UP_TABLES = (
    "actions_action",
    "actions_outcome",
    "actions_historicalaction",
    "roundtables_roundtable",
    "roundtables_participant",
    "auth_group_permissions",
)


def test_a_backup_restores_into_an_empty_database(demo, tmp_path, permissive_umask):
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
    assert mode(backup_file) == 0o600
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


# --- Who may read a backup -------------------------------------------------------------------


def test_backups_are_readable_by_their_owner_only(settings, tmp_path, permissive_umask):
    settings.BASE_DIR = tmp_path
    call_command("backup", stdout=io.StringIO())
    directory = tmp_path / "var" / "backups"
    (backup_file,) = directory.iterdir()
    assert mode(directory) == 0o700
    assert mode(backup_file) == 0o600


def test_a_backup_over_an_existing_file_is_for_its_owner_only(tmp_path, permissive_umask):
    backup_file = tmp_path / "backup"
    backup_file.write_text("an older backup")
    backup_file.chmod(0o644)
    call_command("backup", "--output", str(backup_file), stdout=io.StringIO())
    assert mode(backup_file) == 0o600
    assert backup_file.read_bytes() != b"an older backup"
    assert [path.name for path in tmp_path.iterdir()] == ["backup"]  # no scratch file left


def test_a_failed_backup_leaves_nothing_that_looks_like_a_backup(tmp_path):
    missing = "postgres://postgres@127.0.0.1:5432/mieux_no_such_database"
    result = manage("backup", "--output", str(tmp_path / "backup.dump"), DATABASE_URL=missing)
    assert result.returncode != 0
    assert list(tmp_path.iterdir()) == []


# --- Restoring without a terminal ------------------------------------------------------------

SQL_BACKUP = (
    "BEGIN TRANSACTION;\nCREATE TABLE kept (word TEXT);\nINSERT INTO kept VALUES('ok');\nCOMMIT;\n"
)


def restore_without_terminal(backup_file, database, *args):
    """``manage.py restore`` into an SQLite ``database``, its input closed, as under cron."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup_file), *args],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("flag", ["--yes", "--no-input"])
def test_restore_runs_unattended_when_told_to(tmp_path, permissive_umask, flag):
    backup_file, database = tmp_path / "backup.sql", tmp_path / "restored.sqlite3"
    backup_file.write_text(SQL_BACKUP)
    result = restore_without_terminal(backup_file, database, flag)
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(database).execute("SELECT word FROM kept").fetchall() == [("ok",)]
    # The database was built in a scratch file that no one else could read, and nothing is left.
    assert mode(database) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backup.sql", "restored.sqlite3"]


def test_restore_without_a_terminal_refuses_to_guess(tmp_path):
    backup_file, database = tmp_path / "backup.sql", tmp_path / "restored.sqlite3"
    backup_file.write_text(SQL_BACKUP)
    result = restore_without_terminal(backup_file, database)
    assert result.returncode != 0
    assert "no terminal" in result.stderr and "--yes" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()


def test_a_failed_restore_leaves_nothing_behind(tmp_path):
    backup_file, database = tmp_path / "backup.sql", tmp_path / "restored.sqlite3"
    backup_file.write_text("BEGIN TRANSACTION;\nCREATE TABLE kept (word TEXT);\nNOT SQL;\n")
    result = restore_without_terminal(backup_file, database, "--yes")
    assert result.returncode != 0
    assert [path.name for path in tmp_path.iterdir()] == ["backup.sql"]


# --- The Makefile's targets ------------------------------------------------------------------


def make_dry_run(*args) -> str:
    """The commands ``make *args`` would run, every target taken as out of date."""
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_backup_needs_only_the_runtime_requirements():
    commands = make_dry_run("backup")
    assert "-r requirements.txt" in commands
    assert "requirements-dev.txt" not in commands
    assert "npm" not in commands  # nor the front end's packages and build
    assert "manage.py backup" in commands


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_run_and_test_still_install_the_development_requirements(target):
    assert "-r requirements-dev.txt" in make_dry_run(target)


def test_make_restore_asks_unless_yes_is_given():
    assert "--no-input" not in make_dry_run("restore", "FILE=var/backups/x.sql")
    unattended = make_dry_run("restore", "FILE=var/backups/x.sql", "YES=1")
    assert 'manage.py restore "var/backups/x.sql" --no-input' in unattended
    assert "requirements-dev.txt" not in unattended
