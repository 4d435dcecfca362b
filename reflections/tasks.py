"""The work the worker (``manage.py db_worker``) does for the participants' pages."""

from django_tasks import task

from . import services


@task()
def send_new_links(email: str, site_url: str) -> int:
    """Mail a fresh link to ``email`` for each held round-table it is registered at."""
    return services.send_new_links(email, site_url=site_url)
