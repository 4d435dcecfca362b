from pathlib import Path

from django.core.management.base import BaseCommand

from ops import backups


class Command(BaseCommand):
    help = "Back up the database: pg_dump's custom format on PostgreSQL, an SQL dump on SQLite."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="The file to write (default: var/backups/mieux-<time>)."
        )

    def handle(self, *args, output, **options):
        path = backups.backup(Path(output) if output else backups.default_path())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
