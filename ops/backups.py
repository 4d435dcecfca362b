"""Backups of the database: pg_dump/pg_restore on PostgreSQL, a plain SQL dump on SQLite.

A backup holds everything, participants' e-mail addresses included: its file is readable by its
owner only (0600), and so is the directory of backups (0700), whatever the process's umask.
"""

import os
import sqlite3
import stat
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


OWNER_ONLY_FILE = stat.S_IRUSR | stat.S_IWUSR  # 0600
OWNER_ONLY_DIRECTORY = stat.S_IRWXU  # 0700


def backups_directory() -> Path:
    return settings.BASE_DIR / "var" / "backups"


def default_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if is_postgresql() else "sql"
    return backups_directory() / f"mieux-{stamp}.{suffix}"


def _owner_only_scratch(directory: Path, suffix: str) -> tuple[int, str]:
    """A new empty file in ``directory`` that only its owner may read: (descriptor, path)."""
    handle, scratch = tempfile.mkstemp(dir=directory, prefix=".mieux-", suffix=suffix)
    os.fchmod(handle, OWNER_ONLY_FILE)  # mkstemp's 0600 already; said here, not assumed
    return handle, scratch


def backup(path: Path) -> Path:
    """Write a backup to ``path``; a failed backup leaves nothing, not even half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent.resolve() == backups_directory().resolve():
        path.parent.chmod(OWNER_ONLY_DIRECTORY)  # a directory named by --output stays as it is
    # Written beside its destination under a private name, then renamed: the file is never
    # readable by others, not even while it is written, nor when it replaces an older one.
    handle, scratch = _owner_only_scratch(path.parent, ".partial")
    try:
        if is_postgresql():
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={scratch}",
                ],
                env=_pg_environment(),
                check=True,
            )
        else:
            connections["default"].close()
            source = sqlite3.connect(_database()["NAME"])
            try:
                with open(handle, "w", encoding="utf-8", closefd=False) as dump:
                    for statement in source.iterdump():
                        dump.write(f"{statement}\n")
            finally:
                source.close()
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    finally:
        os.close(handle)
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
    # While it is built, only its owner may read it (it holds the backup's contents).
    handle, scratch = _owner_only_scratch(target.parent, ".sqlite3")
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
