"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from .processes import manage

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "x" * 20 + "-a-real-production-secret-key-of-enough-length"


def load_settings(**env):
    """Import the settings in a fresh interpreter with ``env``; return (exit code, output)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "SITE_URL"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="mieux.settings")
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


def test_local_defaults_are_sqlite_locmem_and_debug():
    code, out = load_settings()
    assert code == 0, out
    assert "True django.db.backends.sqlite3 django.core.cache.backends.locmem.LocMemCache" in out


def test_production_refuses_the_local_secret_key():
    code, out = load_settings(DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="example.org")
    assert code != 0
    assert "DJANGO_SECRET_KEY must be set" in out


def test_production_needs_allowed_hosts():
    code, out = load_settings(DJANGO_ENV="production", DJANGO_SECRET_KEY=REAL_KEY)
    assert code != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in out


def test_production_needs_the_sites_address_for_its_e_mail():
    code, out = load_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert code != 0
    assert "SITE_URL must be set in production" in out


def test_production_with_postgresql_and_redis():
    code, out = load_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        DATABASE_URL="postgres://mieux@db.example.org:5432/mieux",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert code == 0, out
    assert "False django.db.backends.postgresql pagecache.redis.RedisCache" in out


@pytest.mark.parametrize(
    "cache_url",
    [None, "locmemcache://mieux", "dummycache://"],
    ids=["the default", "local memory", "dummy"],
)
def test_production_refuses_a_cache_its_processes_do_not_share(cache_url):
    """Per process, the page cache would be off and each worker would count its own limits."""
    code, out = load_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        **({"CACHE_URL": cache_url} if cache_url else {}),
    )
    assert code != 0
    assert "ImproperlyConfigured: CACHE_URL must name a cache" in out, out


def test_the_rate_limits_cache_is_checked():
    """django-ratelimit's own system check runs: it refuses a cache that cannot count."""
    assert apps.is_installed("django_ratelimit")
    result = manage(
        "check",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        CACHE_URL="filecache:///tmp/mieux-cache",
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr, result.stdout + result.stderr


def test_the_system_checks_pass_in_development():
    """The local memory cache is fine on one's own machine: the check says nothing of it."""
    result = manage("check", "--fail-level", "WARNING", CACHE_URL="locmemcache://mieux")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
