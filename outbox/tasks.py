"""The work the mail worker (``manage.py db_worker``) does for the outbox."""

from django_tasks import task

from . import services


@task()
def deliver_email(message_id: int) -> bool:
    """Send one queued message, if it is still due; a failure is scheduled again."""
    sent, _ = services.send([message_id])
    return bool(sent)
