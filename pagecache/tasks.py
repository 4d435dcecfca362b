"""The work the worker (``manage.py db_worker``) does for the page cache."""

from django_tasks import task

from .rerender import render


@task()
def rerender_pages(members: list[str]) -> int:
    """Re-make the pages at ``members`` (their addresses), each as an anonymous visitor would
    get it; returns how many are now cached afresh."""
    return sum(render(member) for member in members)
