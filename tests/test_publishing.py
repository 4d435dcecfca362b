"""Drafts: bulk publishing, previews where a draft will appear, the admin's to-do list."""

import re

import pytest
from django.urls import reverse

from actions.models import Action, Outcome
from findings.models import Finding
from roundtables.models import RoundTable

from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db


def test_bulk_publish_and_unpublish_are_recorded(client, demo):
    member_of(client, "Editors")
    ids = list(Finding.objects.values_list("pk", flat=True))
    client.post(admin_url("findings.finding"), {"action": "unpublish", "_selected_action": ids})
    assert not Finding.objects.published().exists()
    assert "Labour migration and trafficking" not in client.get("/good-practices/").content.decode()
    client.post(admin_url("findings.finding"), {"action": "publish", "_selected_action": ids})
    assert Finding.objects.published().count() == len(ids)
    finding = Finding.objects.first()
    assert [r.history_change_reason for r in finding.history.order_by("-history_date")[:2]] == [
        "Published",
        "Unpublished",
    ]


def test_staff_preview_a_draft_outcome_where_it_will_appear(client, demo):
    outcome = Outcome.objects.get(code="nmdwg-convened")
    outcome.is_published = False
    outcome.save()
    preview = "/countries/la/?preview=1"
    assert "National Migration Data Working Group" not in client.get(preview).content.decode()
    member_of(client, "Editors")
    change = client.get(admin_url("actions.outcome", "change", outcome.pk)).content.decode()
    assert "View on site" in change
    html = client.get(preview).content.decode()
    assert "National Migration Data Working Group" in html and ">Draft</span>" in html
    assert (
        "National Migration Data Working Group" not in client.get("/countries/la/").content.decode()
    )


def test_staff_preview_a_prepared_roundtable_then_publish_it(client, demo):
    roundtable = RoundTable.objects.get(slug="cotonou-2018")
    roundtable.is_published = False
    roundtable.save()
    assert client.get(roundtable.get_absolute_url()).status_code == 404
    member_of(client, "Editors")
    assert "Draft preview." in client.get(roundtable.get_absolute_url()).content.decode()
    client.post(
        admin_url("roundtables.roundtable"),
        {"action": "publish", "_selected_action": [roundtable.pk]},
    )
    client.logout()
    assert client.get(roundtable.get_absolute_url()).status_code == 200


def test_the_admin_home_lists_drafts_and_planned_roundtables(client, demo):
    Action.objects.filter(slug="mexico-iii").update(is_published=False)
    member_of(client, "Editors")
    html = client.get(reverse("admin:index")).content.decode()
    drafts = r'href="/admin/actions/action/\?is_published__exact=0">Draft Actions</a></th>\s*<td'
    assert re.search(drafts + r"[^>]*><strong>1</strong>", html)
    assert "Planned round-tables" in html
    assert "E-mails that could not be sent" not in html  # not an editor's concern
