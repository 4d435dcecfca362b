"""Staff logins: lockouts after repeated failures, sessions that end."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from .factories import UserFactory

pytestmark = pytest.mark.django_db


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
