"""The database each test starts from, and the browser.

Tests start from an empty database (the staff roles aside, which a migration makes). A test
that needs the demo tour of 2018 asks for it with the ``demo`` fixture. The tour is loaded
once per session, for speed, and committed; a test that does not ask for it has it removed
at its start, inside its own transaction, which is rolled back at its end like everything
else the test did.
"""

import io
import os

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from django_tasks.signals import task_enqueued

from demo.management.commands.load_demo_data import DEMO_USER
from pagecache.addresses import Address

pytest_plugins = ["tests.reflections", "tests.staff"]

# The apps whose rows the demo tour fills.
CONTENT_APPS = ("actions", "roundtables", "reflections", "findings", "outbox")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def searches_not_limited(settings):
    """Tests search faster than anyone types; tests/test_search_results.py sets the limit on
    searches per address that it tests."""
    settings.RATELIMIT_SEARCHES = "100000/m"


@pytest.fixture(autouse=True)
def _empty_cache_between_tests():
    """Each test starts with an empty cache. A test's changes roll back without committing, so
    the content version does not move: without this, values built from one test's data
    (``pagecache.shared``) would be served to the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run as they are queued (once the transaction commits), so that a test
    sees their effect; tests of the worker itself ask for ``worker`` (tests/test_worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English, as a request with no language prefix would.

    A request under /fr/ or /es/ leaves its language active in the thread that served it; without
    this, a test that reads translated fields would depend on which test ran before it.
    """
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _empty_unless_demo(request):
    wants_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not wants_database or {"demo", "demo_live"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    tables = [
        model._meta.db_table
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    get_user_model().objects.filter(username=DEMO_USER).delete()  # who signed its history


@pytest.fixture
def page_cache(settings):
    """The page cache on, and empty at the start and at the end."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo content of the 2018 tour."""


@pytest.fixture
def demo_live(transactional_db):
    """The demo tour for tests that need real commits (a live server): loaded afresh."""
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, shared by the browser tests of the session."""
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, CHROMIUM_FLAGS

    # Playwright's synchronous API runs an event loop in this thread; the tests' own database
    # calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def remade():
    """The paths of the pages whose re-render was queued, in order."""
    paths = []

    def enqueued(sender, task_result, **kwargs):
        if task_result.task.module_path == "pagecache.tasks.rerender_pages":
            addresses = map(Address.from_member, task_result.args[0])
            paths.append(sorted(address.path for address in addresses))

    task_enqueued.connect(enqueued)
    yield paths
    task_enqueued.disconnect(enqueued)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs its block in a transaction and what follows its commit."""

    def block():
        return _Committed(django_capture_on_commit_callbacks)

    return block


class _Committed:
    def __init__(self, capture):
        self.capture, self.atomic = capture(execute=True), transaction.atomic()

    def __enter__(self):
        self.capture.__enter__()
        self.atomic.__enter__()

    def __exit__(self, *error):
        self.atomic.__exit__(*error)
        return self.capture.__exit__(*error)
