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


def test_a_new_address_for_each_guess_buys_no_more_guesses(client, demo, settings):
    """Behind one proxy, an attacker who sends a new X-Forwarded-For with each guess is still
    locked out: failures count by username too, not only by username and address."""
    settings.PROXY_COUNT = 1
    UserFactory(username="editor", password="the-right-password-123", is_staff=True)
    url = reverse("admin:login")
    statuses = [
        client.post(
            url,
            {"username": "editor", "password": f"guess-{n}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(30)
    ]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}


@pytest.mark.parametrize("proxies, locked_address", [(0, "127.0.0.1"), (1, "198.51.100.7")])
def test_forwarded_addresses_are_trusted_only_as_far_as_the_proxies_go(
    client, demo, settings, proxies, locked_address
):
    """With no proxy in front, X-Forwarded-For is the client's own word and ignored; with one,
    its last address is the one that proxy saw."""
    from axes.models import AccessAttempt

    settings.PROXY_COUNT = proxies
    url = reverse("admin:login")
    client.post(
        url,
        {"username": "someone", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
    )
    assert AccessAttempt.objects.get().ip_address == locked_address


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
