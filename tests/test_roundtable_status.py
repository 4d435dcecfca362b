"""Planned, held, cancelled: what a round-table is drives what the site says and allows."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from reflections import services
from reflections.models import Reflection
from roundtables.models import RoundTable

from .factories import (
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RoundTableFactory,
    UserFactory,
)
from .reflections import answers, invite, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(demo):
    """A round-table still planned, with invited countries and participants already entered,
    and a result attached to it by mistake."""
    roundtable = RoundTableFactory(
        title="Round-table for the Pacific",
        slug="suva-2030",
        city="Suva",
        host_country="FJ",
        status=RoundTable.Status.PLANNED,
        start_date=None,
        end_date=None,
        approximate_date="spring 2030",
        countries=["FJ", "WS"],
    )
    roundtable.reported_outcomes.add(OutcomeFactory(country="FJ", title="A result too early"))
    return roundtable


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_planned_round_table_is_never_told_as_held(client, planned):
    html = page(client, planned.get_absolute_url())
    assert "Invited countries" in html and "Participating countries" not in html
    assert "Results by country" not in html and "A result too early" not in html
    assert "Who took part" not in html and "Reflections of participants" not in html
    tour = page(client, "/roundtables/")
    assert "2 countries invited" in tour
    assert "2 countries took part" not in tour


def test_a_planned_round_table_is_no_attendance(client, planned):
    fiji = page(client, "/countries/fj/")
    lead = re.search(r'<p class="lead mb-0">(.*?)</p>', fiji, re.S).group(1)
    assert lead == "1 result reported · 1 planned round-table invited to"
    assert "Invited to" in fiji and "Round-table for the Pacific" in fiji


def test_a_cancelled_round_table_says_so(client, planned):
    RoundTable.objects.filter(pk=planned.pk).update(status=RoundTable.Status.CANCELLED)
    html = page(client, planned.get_absolute_url())
    assert "was cancelled: it was not held" in html
    assert "Results by country" not in html
    assert "Cancelled: not held." in page(client, "/roundtables/")
    assert client.get("/countries/ws/").status_code == 404  # nothing else about Samoa


def test_no_invitation_to_reflect_before_it_is_held(client, planned):
    participant = ParticipantFactory(roundtable=planned, country="FJ")
    with pytest.raises(services.RoundTableNotHeld):
        services.send_invitation(participant, site_url=settings.SITE_URL)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:roundtables_participant_changelist"),
        {"action": "send_invitations", "_selected_action": [participant.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert "1 participant was not invited: their round-table has not been held" in " ".join(
        messages
    )
    assert not participant.invitations.exists()
    with pytest.raises(CommandError, match="once it has been held"):
        call_command("send_reflection_invitations", roundtable="suva-2030", stdout=io.StringIO())


def test_a_lost_link_is_sent_only_for_a_round_table_held(planned):
    ParticipantFactory(roundtable=planned, email="someone@example.org")
    assert services.send_new_links("someone@example.org", site_url=settings.SITE_URL) == 0


def test_the_form_refuses_politely_once_a_round_table_is_no_longer_held(
    client, demo, django_capture_on_commit_callbacks
):
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    participant = bangkok.participants.get(country="LA")
    token = invite(participant, django_capture_on_commit_callbacks)
    RoundTable.objects.filter(pk=bangkok.pk).update(status=RoundTable.Status.PLANNED)
    html = page(client, url(token))
    assert "This round-table has not been held yet" in html and "<form" not in html
    response = client.post(url(token), answers(meaning="Words worth keeping."))
    assert response.status_code == 409
    assert "Words worth keeping." in response.content.decode()  # given back, not lost
    assert not Reflection.objects.filter(participant=participant).exists()
    RoundTable.objects.filter(pk=bangkok.pk).update(status=RoundTable.Status.CANCELLED)
    assert "This round-table was cancelled" in page(client, url(token))


def test_reflections_are_public_only_for_a_round_table_held(client, planned):
    participant = ParticipantFactory(roundtable=planned, country="FJ")
    ReflectionFactory(participant=participant, status="approved", meaning="Too early to say.")
    assert not Reflection.objects.public().filter(participant=participant).exists()
    assert "Too early to say." not in page(client, "/countries/fj/")
