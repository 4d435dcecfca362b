"""Staff roles: what Editors, Moderators and Viewers may read and change, and nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from actions.models import Action, Outcome
from reflections.models import Reflection
from roundtables.models import RoundTable

from .factories import UserFactory
from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db


CONTENT = [
    "actions.region",
    "actions.thematicarea",
    "actions.specificarea",
    "actions.institution",
    "actions.action",
    "actions.activity",
    "actions.outcome",
    "roundtables.roundtable",
    "roundtables.participant",
    "findings.finding",
]


def grants(*entries):
    """{"app.permission"} from entries "app.model: add change delete view"."""
    return {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for entry in entries
        for label, actions in [entry.split(": ")]
        for action in actions.split()
    }


ALL = "add change delete view"
ROLES = {
    "Editors": grants(
        *(f"actions.{model}: {ALL}" for model in ("region", "thematicarea", "specificarea")),
        *(f"actions.{model}: {ALL}" for model in ("institution", "action", "activity", "outcome")),
        f"roundtables.roundtable: {ALL}",
        f"roundtables.participant: {ALL}",
        "roundtables.participant_email: view",
        f"findings.finding: {ALL}",
        "reflections.reflection: view",
        "reflections.reflectionawaitingmoderation: view",
        "reflections.invitation: view",
    ),
    "Moderators": grants(
        "reflections.reflection: change view",
        "reflections.reflectionawaitingmoderation: change view",
        f"roundtables.participant: {ALL}",
        "roundtables.participant_email: view",
        "reflections.invitation: view",
        "roundtables.roundtable: view",
        "actions.institution: view",
        "outbox.outboundemail: view",
    ),
    "Viewers": grants(
        *(f"actions.{model}: view" for model in ("region", "thematicarea", "specificarea")),
        *(f"actions.{model}: view" for model in ("institution", "action", "activity", "outcome")),
        "roundtables.roundtable: view",
        "roundtables.participant: view",
        "findings.finding: view",
        "reflections.reflection: view",
        "reflections.reflectionawaitingmoderation: view",
        "reflections.invitation: view",
    ),
}


def test_the_roles_grant_exactly_these_permissions():
    granted = {
        group.name: {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.select_related("content_type")
        }
        for group in Group.objects.all()
    }
    assert granted == ROLES


def can_change(client, label, obj):
    """Whether the change page offers to save (a view-only page has no Save button)."""
    response = client.get(admin_url(label, "change", obj.pk))
    if response.status_code == 403:
        return False
    assert response.status_code == 200
    return (
        'name="_save"' in response.content.decode()
        or 'name="_approve"' in response.content.decode()
    )


def decide(client, reflection):
    url = admin_url("reflections.reflection", "change", reflection.pk)
    data = {"seen_version": reflection.version, "_approve": "1", "decision_reason": ""}
    # The public texts as the form shows them: the author's.
    data.update({f"public_{n}": getattr(reflection, n) for n in Reflection.QUESTIONS})
    return client.post(url, data)


def test_editors_change_all_content_and_only_read_reflections(client, submitted):
    member_of(client, "Editors")
    for label in CONTENT:
        assert client.get(admin_url(label)).status_code == 200, label
        assert client.get(admin_url(label, "add")).status_code == 200, label
    assert can_change(client, "actions.action", Action.objects.first())
    assert can_change(client, "roundtables.roundtable", RoundTable.objects.first())
    assert client.get(admin_url("actions.action", "import")).status_code == 200
    assert not can_change(client, "reflections.reflection", submitted)
    assert decide(client, submitted).status_code == 403
    assert client.get(admin_url("outbox.outboundemail")).status_code == 403
    assert client.get(admin_url("auth.user")).status_code == 403


def test_moderators_handle_reflections_and_participants_and_nothing_else(client, submitted):
    member_of(client, "Moderators")
    assert client.get(admin_url("reflections.reflectionawaitingmoderation")).status_code == 200
    assert can_change(client, "reflections.reflection", submitted)
    assert can_change(client, "roundtables.participant", submitted.participant)
    assert client.get(admin_url("roundtables.participant", "add")).status_code == 200
    assert decide(client, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    # A moderator cannot touch Actions, outcomes, findings or the taxonomy...
    action = Action.objects.first()
    for label in [
        "actions.action",
        "actions.outcome",
        "actions.activity",
        "findings.finding",
        "actions.region",
        "actions.thematicarea",
    ]:
        assert client.get(admin_url(label)).status_code == 403, label
    assert client.get(admin_url("actions.action", "change", action.pk)).status_code == 403
    response = client.post(admin_url("actions.action", "change", action.pk), {"title": "Hijacked"})
    assert response.status_code == 403
    assert Action.objects.get(pk=action.pk).title != "Hijacked"
    assert client.get(admin_url("actions.action", "import")).status_code == 403
    # ...and may only read the round-tables and institutions a participant is picked from.
    assert not can_change(client, "roundtables.roundtable", RoundTable.objects.first())
    assert client.get(admin_url("roundtables.roundtable", "add")).status_code == 403


def test_viewers_read_everything_and_change_nothing(client, submitted):
    member_of(client, "Viewers")
    for label in [*CONTENT, "reflections.reflection"]:
        assert client.get(admin_url(label)).status_code == 200, label
        assert client.get(admin_url(label, "add")).status_code in (403,), label
    assert not can_change(client, "actions.action", Action.objects.first())
    assert not can_change(client, "reflections.reflection", submitted)
    assert decide(client, submitted).status_code == 403
    outcome = Outcome.objects.first()
    response = client.post(
        admin_url("actions.outcome"), {"action": "unpublish", "_selected_action": [outcome.pk]}
    )
    assert Outcome.objects.get(pk=outcome.pk).is_published
    assert client.get(admin_url("actions.action", "import")).status_code == 403
    assert client.get(admin_url("actions.action", "export")).status_code == 200
    del response


def test_staff_outside_any_group_see_nothing(client, demo):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(admin_url("actions.action")).status_code == 403
    assert "Needs attention" not in client.get(reverse("admin:index")).content.decode()


def test_viewers_never_see_a_participants_email_address(client, submitted):
    from roundtables.models import Participant

    from .test_import_export import export

    participant = submitted.participant
    address = participant.email
    participant.email = "changed.address@example.org"
    participant.save()
    pages = [
        admin_url("roundtables.participant"),
        admin_url("roundtables.participant", "change", participant.pk),
        admin_url("roundtables.participant", "history", participant.pk),
        admin_url("roundtables.roundtable", "change", participant.roundtable_id),
        admin_url("reflections.reflection", "change", submitted.pk),
    ]
    member_of(client, "Viewers")
    for url in pages:
        html = client.get(url).content.decode()
        assert "@example.org" not in html, url
    assert "(hidden)" in client.get(pages[2]).content.decode()  # it changed, but not to what
    exported = export(client, "roundtables.participant").content.decode("utf-8-sig")
    assert "@example.org" not in exported and "email" not in exported.splitlines()[0]
    # Searching by address finds nothing (it would tell that the address is registered).
    found = client.get(admin_url("roundtables.participant") + "?q=changed.address")
    assert "0 participants" in found.content.decode()

    for role in ("Editors", "Moderators"):
        member_of(client, role)
        assert "changed.address@example.org" in client.get(pages[0]).content.decode(), role
        assert address in client.get(pages[2]).content.decode(), role
    assert Participant.objects.filter(email="changed.address@example.org").exists()


def test_the_moderation_queue_offers_no_bulk_delete(client, submitted):
    member_of(client, "Moderators")
    page = client.get(admin_url("reflections.reflectionawaitingmoderation")).content.decode()
    assert "Approve the selected reflections" in page
    assert "delete_selected" not in page
