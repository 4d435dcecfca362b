"""Production settings: the deployment check, static files, security headers."""

import json

import pytest
from django.urls import reverse

from .factories import UserFactory
from .processes import manage

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-real-secret-key-for-the-deployment-check-" + "x" * 30,
    "DJANGO_ALLOWED_HOSTS": "roundtables.example.org",
    "SITE_URL": "https://roundtables.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/9",
}


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
