import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensure_superuser_creates_admin_with_the_given_password(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a-chosen-password")
    call_command("ensure_superuser")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("a-chosen-password")
    assert "a-chosen-password" not in capsys.readouterr().out


def test_ensure_superuser_generates_and_prints_a_password_once(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    call_command("ensure_superuser")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_superuser")
    assert "nothing to do" in capsys.readouterr().out
    assert get_user_model().objects.count() == 1
