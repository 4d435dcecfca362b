"""E-mail personal links to a round-table's participants, inviting them to write a reflection."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reflections import services
from roundtables.models import RoundTable


class Command(BaseCommand):
    help = (
        "Send personal links to the participants of a round-table. By default only those with an "
        "e-mail address, no valid link yet, and no reflection under review or decided."
    )

    def add_arguments(self, parser):
        parser.add_argument("--roundtable", required=True, help="The round-table's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be invited; send nothing."
        )
        parser.add_argument(
            "--resend",
            action="store_true",
            help="Also invite those who have a valid link (it is replaced by a new one).",
        )

    def handle(self, *args, roundtable, dry_run, resend, **options):
        try:
            event = RoundTable.objects.get(slug=roundtable)
        except RoundTable.DoesNotExist:
            raise CommandError(f"No round-table with the slug '{roundtable}'.") from None
        if not event.is_held:
            raise CommandError(
                f"The round-table '{roundtable}' is {event.get_status_display().lower()}: its "
                "participants can be invited to reflect once it has been held."
            )
        chosen = services.participants_to_invite(
            event.participants.select_related("roundtable", "institution"), resend=resend
        )
        verb = "Would invite" if dry_run else "Invited"
        for participant in chosen:
            if not dry_run:
                services.send_invitation(participant, site_url=settings.SITE_URL)
            self.stdout.write(f"{verb}: {participant} <{participant.email}>")
        without_email = event.participants.filter(email="").count()
        summary = f"{verb} {len(chosen)} participant(s) of {event}."
        reflected = event.participants.filter(reflection__status__in=services.REFLECTED).count()
        if reflected:
            summary += f" {reflected} who sent a reflection are not invited again."
        if without_email:
            summary += f" {without_email} without an e-mail address cannot be invited."
        self.stdout.write(self.style.SUCCESS(summary))
