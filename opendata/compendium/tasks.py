"""The work the worker (``manage.py db_worker``) does for the compendium."""

from django.conf import settings
from django_tasks import task

from . import store


@task()
def build_compendium() -> list[str]:
    """Build the compendium in each language for the current content, where it is missing.
    The languages built."""
    return [code for code, _name in settings.LANGUAGES if store.refresh(code)]
