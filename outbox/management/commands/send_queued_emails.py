from django.core.management.base import BaseCommand

from outbox.services import send_due


class Command(BaseCommand):
    help = (
        "Send the queued e-mail that is due now: what the worker (db_worker) has not sent, such "
        "as a message a stopped worker was sending. Run it every few minutes as a safety net."
    )

    def handle(self, *args, **options):
        total_sent = total_failed = 0
        while True:
            sent, failed = send_due()
            total_sent += sent
            total_failed += failed
            if not sent:  # nothing left, or only failures, which wait for their next attempt
                break
        self.stdout.write(f"{total_sent} sent, {total_failed} failed (to be retried).")
