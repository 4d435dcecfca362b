import io

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
