"""Production: deployment checks, security headers, page caching, health, lockouts, backups."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-real-secret-key-for-the-deployment-check-" + "x" * 30,
    "DJANGO_ALLOWED_HOSTS": "roundtables.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/9",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_deployment_check_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_catches_plain_http():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DJANGO_HTTPS="0")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


def test_static_files_collect_compressed_and_hashed_for_production(tmp_path):
    result = manage(
        "collectstatic", "--no-input", "-v0", **PRODUCTION, DJANGO_STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["build/css/site.css"]
    assert hashed != "build/css/site.css"
    assert (tmp_path / f"{hashed}.gz").exists() and (tmp_path / f"{hashed}.br").exists()


def test_public_pages_allow_no_inline_script_or_style(client, demo):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "<script>" not in response.content.decode()  # every script is a file
    assert ' style="' not in response.content.decode()


def test_the_admin_alone_may_use_inline_styles(client, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    policy = client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy + ";"


def test_security_headers(client, demo):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Page cache --------------------------------------------------------------------------------

PAGES_SHOWING_MEXICO_II = [
    "/",  # counts
    "/actions/",
    "/actions/mexico-ii/",
    "/countries/mx/",
    "/regions/latin-america-caribbean/",
    "/roundtables/mexico-city-2018/",
]


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


def queries_for(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, len(context.captured_queries)


def test_anonymous_pages_are_served_from_the_cache(client, demo, page_cache):
    first, cold = queries_for(client, "/actions/mexico-ii/")
    second, warm = queries_for(client, "/actions/mexico-ii/")
    assert cold > 0 and warm == 0
    assert first.content == second.content
    assert second["Content-Security-Policy"]  # headers still come from the middleware


def test_a_cached_page_keeps_the_headers_the_whole_stack_gave_it(client, demo, page_cache):
    first = client.get("/actions/mexico-ii/")
    second, queries = queries_for(client, "/actions/mexico-ii/")
    assert queries == 0
    for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Referrer-Policy"] == "same-origin"


def test_each_language_has_its_own_cached_copy(client, demo, page_cache):
    english = client.get("/actions/mexico-ii/").content.decode()
    client.cookies["django_language"] = "fr"
    french, queries = queries_for(client, "/actions/mexico-ii/")
    assert queries > 0 and french["Content-Language"] == "fr"
    assert french.content.decode() != english and 'lang="fr"' in french.content.decode()
    again, queries = queries_for(client, "/actions/mexico-ii/")
    assert queries == 0 and again.content == french.content
    del client.cookies["django_language"]
    assert client.get("/actions/mexico-ii/").content.decode() == english


def test_missing_pages_are_not_cached(client, demo, page_cache):
    assert client.get("/actions/no-such-action/").status_code == 404
    response, queries = queries_for(client, "/actions/no-such-action/")
    assert response.status_code == 404 and queries > 0


def test_a_changed_action_shows_at_once_on_every_page(
    client, demo, page_cache, django_capture_on_commit_callbacks
):
    for url in PAGES_SHOWING_MEXICO_II:
        client.get(url)
    action = Action.objects.get(slug="mexico-ii")
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Mexico II (protection of migrants)"
        action.save()
    for url in [
        "/actions/",
        "/actions/mexico-ii/",
        "/countries/mx/",
        "/regions/latin-america-caribbean/",
    ]:
        assert "Mexico II (protection of migrants)" in client.get(url).content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        action.is_published = False
        action.save()
    assert client.get("/actions/mexico-ii/").status_code == 404
    assert "Mexico II (protection" not in client.get("/actions/").content.decode()


def test_changed_links_bump_the_content_version_once(demo, django_capture_on_commit_callbacks):
    from mieux.caching import bump_content_version

    action = Action.objects.filter(specific_areas__isnull=False).first()
    with django_capture_on_commit_callbacks() as callbacks:
        action.specific_areas.set([])
    assert callbacks == [bump_content_version]


def test_staff_and_previews_are_never_served_from_the_cache(client, demo, page_cache):
    client.get("/actions/")
    Action.objects.filter(slug="mexico-ii").update(is_published=False)  # no signal: stale cache
    assert "Mexico II<" in client.get("/actions/").content.decode()  # the anonymous cached copy
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "Mexico II<" not in client.get("/actions/").content.decode()


def test_search_and_participant_pages_are_not_cached(client, demo, page_cache):
    client.get("/search/?q=migration")
    _, warm = queries_for(client, "/search/?q=migration")
    assert warm > 0
    assert "no-store" in client.get("/reflect/")["Cache-Control"]


def test_the_site_keeps_working_when_the_cache_is_down(client, demo, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get("/actions/mexico-ii/")
    assert response.status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["cache"] == "unavailable"


# --- Health ------------------------------------------------------------------------------------


def test_health_reports_database_and_cache(client, demo):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client, demo, monkeypatch):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }


def test_pages_say_so_when_the_database_is_down(client, demo, monkeypatch):
    from django.db import OperationalError

    from mieux.views import roundtables

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(roundtables.RoundTableListView, "get_queryset", broken)
    response = client.get("/roundtables/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "could not reach its database" in response.content.decode()


# --- Admin security ----------------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_out(client, demo):
    UserFactory(username="editor", password="the-right-password-123", is_staff=True)
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "editor", "password": "wrong"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    response = client.post(url, {"username": "editor", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_is_not_locked(client, demo):
    UserFactory(username="editor", password="the-right-password-123", is_staff=True)
    url = reverse("admin:login")
    client.post(url, {"username": "editor", "password": "wrong"})
    response = client.post(url, {"username": "editor", "password": "the-right-password-123"})
    assert response.status_code == 302


def test_staff_sessions_expire(client, demo, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


# --- Backups -----------------------------------------------------------------------------------


def count_rows(conn, table) -> int:
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


BACKED_UP_TABLES = (
    "actions_action",
    "actions_outcome",
    "actions_historicalaction",
    "roundtables_roundtable",
    "roundtables_participant",
    "auth_group_permissions",
)


def test_a_backup_restores_into_an_empty_database(demo, tmp_path):
    """Back up the test database, restore it into a new, empty one, and find everything."""
    import psycopg2

    db = connection.settings_dict
    counts = {table: count_rows(connection, table) for table in BACKED_UP_TABLES}
    if connection.vendor == "postgresql":
        user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        server = f"postgres://{user}@{host}:{port}"
        source_url, target_url = f"{server}/{db['NAME']}", f"{server}/{db['NAME']}_restored"
        admin = psycopg2.connect(f"{server}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {db['NAME']}_restored")
            cursor.execute(f"CREATE DATABASE {db['NAME']}_restored")
        backup_file = tmp_path / "backup.dump"
    else:
        source_url = f"sqlite:///{db['NAME']}"
        target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        backup_file = tmp_path / "backup.sql"

    result = manage("backup", "--output", str(backup_file), DATABASE_URL=source_url)
    assert result.returncode == 0, result.stderr
    result = manage("restore", str(backup_file), "--yes", DATABASE_URL=target_url)
    assert result.returncode == 0, result.stderr

    if connection.vendor == "postgresql":
        restored = psycopg2.connect(target_url)
    else:
        import sqlite3

        restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    try:
        assert {table: count_rows(restored, table) for table in BACKED_UP_TABLES} == counts
    finally:
        restored.close()
        if connection.vendor == "postgresql":
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {db['NAME']}_restored")
            admin.close()


def test_a_restore_refreshes_every_cached_page(tmp_path, monkeypatch, page_cache):
    from django.core.management import call_command

    from mieux import backups, caching

    monkeypatch.setattr(backups, "restore", lambda path: None)
    backup_file = tmp_path / "backup.sql"
    backup_file.write_text("")
    before = caching.content_version()
    call_command("restore", str(backup_file), yes=True, stdout=io.StringIO())
    assert caching.content_version() != before


def test_restore_refuses_a_missing_file(tmp_path):
    result = manage("restore", str(tmp_path / "nothing.sql"), "--yes")
    assert result.returncode != 0 and "No backup at" in result.stderr


def test_made_up_parameters_are_never_cached(client, demo, page_cache):
    for n in range(3):
        client.get(f"/actions/mexico-ii/?utm={n}")
    _, queries = queries_for(client, "/actions/mexico-ii/?utm=1")
    assert queries > 0  # served fresh, not stored
    client.get("/actions/?region=asia&page=1")
    _, queries = queries_for(client, "/actions/?region=asia&page=1")
    assert queries == 0  # the list's own filters are cached


def test_only_one_spelling_of_each_valid_address_is_cached(client, demo, page_cache):
    for url in [
        "/actions/mexico-ii/?page=2",  # a page that is not paginated
        "/actions/?page=01",
        "/actions/?region=no-such-region",  # refused by the filters
        "/actions/?status=completed&status=ongoing",
    ]:
        client.get(url)
        _, queries = queries_for(client, url)
        assert queries > 0, url
    client.get("/actions/?status=completed&region=asia")
    _, queries = queries_for(client, "/actions/?region=asia&status=completed")
    assert queries == 0  # the same page, whatever the order of its parameters


def test_http_and_https_pages_are_cached_apart(client, demo, page_cache):
    client.get("/actions/mexico-ii/")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/actions/mexico-ii/", secure=True)
    assert len(context.captured_queries) > 0
    assert 'rel="canonical" href="https://' in response.content.decode()


def test_a_new_release_never_serves_the_last_ones_pages(client, demo, page_cache, settings):
    client.get("/actions/mexico-ii/")
    from mieux import caching

    settings.RELEASE = "next-release"
    caching.release.cache_clear()
    try:
        _, queries = queries_for(client, "/actions/mexico-ii/")
        assert queries > 0
    finally:
        caching.release.cache_clear()
