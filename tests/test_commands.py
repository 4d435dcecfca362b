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


def test_synthetic_data_is_scaled_labelled_and_replaced_on_each_run(demo):
    import io

    from actions.models import Action, Outcome
    from roundtables.models import RoundTable

    demo_actions = Action.objects.count()
    call_command("generate_synthetic_data", scale=2, stdout=io.StringIO())

    def synthetic():
        return Action.objects.filter(slug__startswith="synthetic-")

    assert synthetic().count() == 2 * demo_actions
    assert all(action.title.startswith("Synthetic") for action in synthetic())
    assert Outcome.objects.filter(code__startswith="synthetic-").count() == 2 * 7
    assert RoundTable.objects.filter(title__startswith="Synthetic").count() == 2 * 4
    call_command("generate_synthetic_data", scale=1, stdout=io.StringIO())
    assert synthetic().count() == demo_actions
    call_command("generate_synthetic_data", remove=True, stdout=io.StringIO())
    assert not synthetic().exists()
    assert Action.objects.count() == demo_actions


def test_migrate_refuses_a_database_of_the_earlier_layout():
    """Migrating it in place would leave its reflections and e-mail behind, in old tables."""
    from django.core.management.base import SystemCheckError
    from django.db import connection

    call_command("check", databases=["default"])  # a database of this layout is fine
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE roundtables_reflection (id integer)")
    with pytest.raises(SystemCheckError, match="earlier version of the site"):
        call_command("check", databases=["default"])
