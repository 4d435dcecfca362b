"""What load balancers and visitors are told when the database or the cache is away."""

import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


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

    from pages.views import roundtables

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(roundtables.RoundTableListView, "get_queryset", broken)
    response = client.get("/roundtables/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "could not reach its database" in response.content.decode()
