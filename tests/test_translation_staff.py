"""Staff and participants in three languages: the admin's tabs, what is left to translate,
spreadsheets with a column per language, history of every language, participants' e-mail."""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from actions.models import Action
from reflections.models import Reflection
from roundtables.models import Participant, RoundTable

from .admin_forms import form_data
from .factories import ParticipantFactory
from .reflections import LINK, invite
from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db

BANGKOK = "/roundtables/bangkok-2018/"


def test_the_admin_shows_each_text_in_three_languages_english_required(client, demo):
    member_of(client, "Editors")
    page = client.get(admin_url("roundtables.roundtable", "add"))
    form = page.context["adminform"].form
    assert {"title_en", "title_fr", "title_es"} <= set(form.fields) and "title" not in form.fields
    assert form.fields["title_en"].required and not form.fields["title_fr"].required
    html = page.content.decode()
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert "/static/build/js/jquery-ui.min.js" in html  # served by the site, not a CDN
    data = form_data(page, title_en="", title_fr="Table ronde", slug="x", city_en="Nairobi")
    response = client.post(admin_url("roundtables.roundtable", "add"), data)
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    assert response.context["adminform"].form["title_fr"].value() == "Table ronde"


def test_staff_see_what_is_left_to_translate(client, demo):
    Action.objects.filter(slug="mexico-ii").update(summary_fr="")
    Action.objects.filter(slug="kyrgyzstan-iv").update(title_es=None)
    member_of(client, "Editors")
    home = client.get(reverse("admin:index")).content.decode()
    assert re.search(r'href="/admin/actions/action/\?missing=fr">Actions not yet in French', home)
    assert re.search(
        r'\?missing=es">Actions not yet in Spanish</a></th>\s*<td[^>]*><strong>1<', home
    )
    assert "Round-tables not yet in" not in home  # nothing missing there
    listed = client.get(admin_url("actions.action") + "?missing=fr").context["cl"].result_list
    assert [action.slug for action in listed] == ["mexico-ii"]


def test_spreadsheets_have_a_column_per_language(client, demo):
    member_of(client, "Editors")
    page = client.get(admin_url("actions.action", "export"))
    data = {"format": "0", "resource": "0"}
    data.update(
        {
            n: "on"
            for n, f in page.context["form"].fields.items()
            if hasattr(f, "is_selectable_field")
        }
    )
    exported = client.post(admin_url("actions.action", "export"), data).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {"title_en", "title_fr", "title_es"} <= set(rows[0])
    mexico = next(row for row in rows if row["slug"] == "mexico-ii")
    assert (mexico["title_en"], mexico["title_fr"], mexico["title_es"]) == (
        "Mexico II",
        "Mexique II",
        "México II",
    )


def test_history_keeps_every_language_and_a_revert_restores_them_all(client, demo):
    member_of(client, "Editors")
    roundtable = RoundTable.objects.get(slug="bangkok-2018")
    before = roundtable.history.latest("history_date")
    url = admin_url("roundtables.roundtable", "change", roundtable.pk)
    changes = {"title_en": "Asia", "title_fr": "Asie", "summary_es": "Otro resumen."}
    assert client.post(url, form_data(client.get(url), **changes)).status_code == 302
    latest = roundtable.history.latest("history_date")
    assert (latest.title_en, latest.title_fr, latest.summary_es) == (
        "Asia",
        "Asie",
        "Otro resumen.",
    )
    revert = admin_url("roundtables.roundtable", "simple_history", roundtable.pk, before.history_id)
    assert client.post(revert, form_data(client.get(revert))).status_code == 302
    roundtable.refresh_from_db()
    assert (roundtable.title_en, roundtable.title_fr, roundtable.summary_es) == (
        before.title_en,
        before.title_fr,
        before.summary_es,
    )


@pytest.mark.parametrize(
    ("email", "language"),
    [
        ("cotonou-2018.delegate.bj@example.org", "fr"),
        ("mexico-city-2018.delegate.mx@example.org", "es"),
        ("bangkok-2018.delegate.th@example.org", "en"),
    ],
)
def test_a_participants_language_comes_from_their_country(demo, email, language):
    assert Participant.objects.get(email=email).language == language


def test_a_language_chosen_by_staff_is_kept():
    assert ParticipantFactory(country="BJ", language="en").language == "en"
    assert ParticipantFactory(country="TH", language="").language == "en"
    assert ParticipantFactory(country="PE", language="").language == "es"


def test_a_french_participant_is_written_to_and_welcomed_in_french(
    client, demo, django_capture_on_commit_callbacks
):
    participant = Participant.objects.get(email="cotonou-2018.delegate.bj@example.org")
    token = invite(participant, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert (
        message.subject
        == "Votre réflexion sur MIEUX : Table ronde régionale pour l'Afrique de l'Ouest"
    )
    assert f"http://127.0.0.1:8000/fr/reflect/{token}/" in message.body
    assert LINK.search(message.body).group(1) == token
    form = client.get(f"/fr/reflect/{token}/").content.decode()
    assert '<html lang="fr">' in form and "Votre réflexion" in form
    assert client.get(f"/es/reflect/{token}/").status_code == 200  # and may switch


def test_a_reflection_is_shown_in_the_language_it_was_written_in(client, demo):
    participant = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    Reflection.objects.create(
        participant=participant,
        meaning="Un réseau de pairs.",
        language="fr",
        consent=True,
        status="approved",
    )
    for url in (BANGKOK, f"/es{BANGKOK}"):
        html = client.get(url).content.decode()
        assert '<blockquote class="mb-3" lang="fr" dir="auto">Un réseau de pairs.' in html


def test_e_mail_links_follow_the_participants_language(demo, django_capture_on_commit_callbacks):
    participant = Participant.objects.get(email="mexico-city-2018.delegate.mx@example.org")
    token = invite(participant, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert f"http://127.0.0.1:8000/es/reflect/{token}/" in message.body
    assert message.subject.startswith("Su reflexión sobre MIEUX")
