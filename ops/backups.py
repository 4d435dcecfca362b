"""Backups of the database: pg_dump/pg_restore on PostgreSQL, a plain SQL dump on SQLite."""

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


def _database():
    return settings.DATABASES["default"]


def is_postgresql() -> bool:
    return _database()["ENGINE"].endswith("postgresql")


def _pg_environment() -> dict:
    db = _database()
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            environment[variable] = str(db[key])
    return environment


def default_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if is_postgresql() else "sql"
    return settings.BASE_DIR / "var" / "backups" / f"mieux-{stamp}.{suffix}"


def backup(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_postgresql():
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
            env=_pg_environment(),
            check=True,
        )
    else:
        connections["default"].close()
        source = sqlite3.connect(_database()["NAME"])
        try:
            with open(path, "w", encoding="utf-8") as dump:
                for statement in source.iterdump():
                    dump.write(f"{statement}\n")
        finally:
            source.close()
    return path


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``, all or nothing."""
    connections["default"].close()
    if is_postgresql():
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_pg_environment()['PGDATABASE']}",
                str(path),
            ],
            env=_pg_environment(),
            check=True,
        )
        return
    target = Path(_database()["NAME"])
    # Build the new file beside the old one, then swap them: a failed restore changes nothing.
    handle, scratch = tempfile.mkstemp(dir=target.parent, suffix=".sqlite3")
    os.close(handle)
    try:
        restored = sqlite3.connect(scratch)
        try:
            restored.executescript(Path(path).read_text(encoding="utf-8"))
        finally:
            restored.close()
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
