"""History: who changed what, field by field, and reverting to a version."""

import re

import pytest

from actions.models import Action
from roundtables.models import RoundTable

from .admin_forms import form_data
from .factories import UserFactory
from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db


def test_edit_see_the_diff_and_revert(client, demo):
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-ii")
    versions = action.history.count()
    before = action.history.latest("history_date")  # as loaded
    url = admin_url("actions.action", "change", action.pk)
    response = client.post(
        url, form_data(client.get(url), title_en="Mexico II (renamed)", summary_en="A new summary.")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert action.title == "Mexico II (renamed)"

    history = client.get(admin_url("actions.action", "history", action.pk)).content.decode()
    assert re.search(
        r"<strong>Title:</strong>\s*Mexico II\s*&nbsp;&rarr;&nbsp;&nbsp;Mexico II \(renamed\)",
        history,
    )
    assert "<strong>Summary:</strong>" in history

    revert_url = admin_url("actions.action", "simple_history", action.pk, before.history_id)
    response = client.post(revert_url, form_data(client.get(revert_url)))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Mexico II" and action.summary == before.summary
    latest = action.history.latest("history_date")
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert latest.history_user is not None
    assert action.history.count() == versions + 2  # edited, then reverted


def test_a_revert_brings_back_many_to_many_links_too(client, demo):
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-ii")
    areas = set(action.specific_areas.values_list("pk", flat=True))
    assert areas
    before = action.history.latest("history_date")
    url = admin_url("actions.action", "change", action.pk)
    response = client.post(url, form_data(client.get(url), specific_areas=[]))
    assert response.status_code == 302
    assert not action.specific_areas.exists()

    revert_url = admin_url("actions.action", "simple_history", action.pk, before.history_id)
    page = client.get(revert_url)
    assert {int(pk) for pk in page.context["adminform"].form["specific_areas"].value()} == areas
    response = client.post(revert_url, form_data(page))
    assert response.status_code == 302
    assert set(action.specific_areas.values_list("pk", flat=True)) == areas


def test_history_records_who_changed_a_roundtable(client, demo):
    user = member_of(client, "Editors")
    roundtable = RoundTable.objects.get(slug="nairobi-2018")
    url = admin_url("roundtables.roundtable", "change", roundtable.pk)
    response = client.post(url, form_data(client.get(url), focus_en="Migration data"))
    assert response.status_code == 302
    record = roundtable.history.latest("history_date")
    assert record.history_user == user and record.focus_en == "Migration data"


def test_a_view_only_user_cannot_save_through_the_history_page(client, demo):
    member_of(client, "Viewers")
    roundtable = RoundTable.objects.get(slug="nairobi-2018")
    roundtable.is_published = False
    roundtable.save()
    version = roundtable.history.latest("history_date")
    url = admin_url("roundtables.roundtable", "simple_history", roundtable.pk, version.history_id)
    assert client.get(url).status_code == 200  # they may look
    response = client.post(url, {"title_en": "Changed", "is_published": "on"})
    assert response.status_code == 403
    roundtable.refresh_from_db()
    assert not roundtable.is_published and roundtable.title != "Changed"


def test_nobody_decides_on_a_reflection_through_its_history(client, submitted):
    member_of(client, "Editors")
    version = submitted.history.latest("history_date")
    url = admin_url("reflections.reflection", "simple_history", submitted.pk, version.history_id)
    data = {"seen_version": submitted.version, "_approve": "1", "decision_reason": ""}
    assert client.post(url, data).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(url, data).status_code == 403  # reverting a reflection is not a thing
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
