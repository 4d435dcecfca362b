from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backups
from pagecache.versions import bump_content_version


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the current data."
        )

    def handle(self, *args, file, yes, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not yes and options.get("interactive", True):
            answer = input("This replaces everything in the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        backups.restore(path)
        # Nothing the restore wrote went through the models: refresh every cached page.
        bump_content_version()
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
