import io
import os

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the demo tour, loaded once for the whole session.

    Each test runs in a transaction that is rolled back, so the tour is intact for the next.
    """
    with django_db_blocker.unblock():
        call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def demo(db):
    """The demo content of the 2018 tour (already in the database: this names the dependency)."""


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
