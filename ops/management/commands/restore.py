import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backups
from pagecache.versions import bump_content_version


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--yes",
            "--no-input",
            "--noinput",
            action="store_true",
            dest="yes",
            help="Do not ask before replacing the current data (needed without a terminal).",
        )

    def handle(self, *args, file, yes, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not yes and options.get("interactive", True):
            self.confirm()
        backups.restore(path)
        # Nothing the restore wrote went through the models: refresh every cached page.
        bump_content_version()
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))

    def confirm(self):
        if not sys.stdin.isatty():
            raise CommandError(
                "Nothing was restored: there is no terminal to confirm on. To replace everything "
                "in the database without being asked, pass --yes (make restore FILE=... YES=1)."
            )
        try:
            answer = input("This replaces everything in the database. Type 'yes' to go on: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
