"""The demo content is the real 2018 tour, and loading it twice changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from actions.models import Outcome
from roundtables.models import RoundTable

pytestmark = pytest.mark.django_db

BANGKOK_RESULT_COUNTRIES = {"TH", "LA", "PH", "TL", "KH", "KG"}


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in ("actions", "roundtables")
        for model in apps.get_app_config(app).get_models()
    }


def test_loading_twice_gives_the_same_content(demo, capsys):
    first = row_counts()
    assert first["actions.Region"] == 5
    assert first["actions.ThematicArea"] == 5
    assert first["roundtables.RoundTable"] == 4
    call_command("load_demo_data")
    assert row_counts() == first
    assert "no changes" in capsys.readouterr().out


def test_bangkok_was_held_with_seven_countries(demo):
    bangkok = RoundTable.objects.get(city="Bangkok")
    assert bangkok.status == RoundTable.Status.HELD
    assert bangkok.when == "5–6 March 2018"
    assert {country.code for country in bangkok.countries} == {
        "KH",
        "KG",
        "LA",
        "MM",
        "TL",
        "TH",
        "PH",
    }
    assert "Lao PDR" in [country.name for country in bangkok.countries]


def test_bangkok_reported_an_outcome_for_each_of_six_countries(demo):
    bangkok = RoundTable.objects.get(city="Bangkok")
    reported = {outcome.country.code for outcome in bangkok.reported_outcomes.all()}
    assert reported == BANGKOK_RESULT_COUNTRIES


def test_lao_pdr_outcome_names_the_working_group(demo):
    (outcome,) = Outcome.objects.for_country("LA")
    assert "National Migration Data Working Group" in outcome.description
    assert outcome.country.name == "Lao PDR"


def test_the_philippines_outcome_is_linked_to_its_action(demo):
    (outcome,) = Outcome.objects.for_country("PH")
    assert [action.title for action in outcome.actions.all()] == ["The Philippines I"]


def test_the_whole_tour_is_there_with_the_dates_known(demo):
    tour = {rt.city: rt.when for rt in RoundTable.objects.all()}
    assert tour == {
        "Bangkok": "5–6 March 2018",
        "Mexico City": "July 2018",
        "Nairobi": "September 2018",
        "Cotonou": "early October 2018",
    }


def test_participants_carry_no_invented_names(demo):
    from roundtables.models import Participant

    assert Participant.objects.count() > 20
    assert not Participant.objects.exclude(name="").exists()
    assert all(p.email.endswith("@example.org") for p in Participant.objects.all())


def test_every_public_text_of_the_tour_is_in_french_and_spanish(demo):
    from modeltranslation.translator import translator

    from core.translation import expects_translations, translated_fields

    missing = []
    for model in translator.get_registered_models():
        if not expects_translations(model):
            continue
        for obj in model.objects.all():
            for name in translated_fields(model):
                if getattr(obj, f"{name}_en") and not (
                    getattr(obj, f"{name}_fr") and getattr(obj, f"{name}_es")
                ):
                    missing.append(f"{model.__name__} {obj.pk} {name}")
    assert missing == []


def test_the_demo_history_names_who_made_it(client, demo):
    from django.contrib.auth import get_user_model

    from tests.staff import admin_url

    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    records = list(bangkok.history.all())
    assert records and {record.history_user.username for record in records} == {"demo-data"}
    assert records[-1].history_change_reason == "Loaded from the demo data"
    demo_user = get_user_model().objects.get(username="demo-data")
    assert not demo_user.is_active and not demo_user.has_usable_password()
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.org", "pw"))
    page = client.get(admin_url("roundtables.roundtable", "history", bangkok.pk))
    html = page.content.decode()
    assert "demo-data" in html and "None" not in html
    # Nobody logs in as demo data.
    client.logout()
    login = client.post("/admin/login/", {"username": "demo-data", "password": ""})
    assert login.status_code == 200 and "_auth_user_id" not in client.session


def test_the_mieux_team_at_bangkok_counts_as_several_members_not_one(client, demo):
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    by_role = {role.value: number for role, number in bangkok.participants.count_by_role()}
    assert by_role == {"delegate": "7", "expert": "2", "programme_team": "several"}
    html = client.get("/roundtables/bangkok-2018/").content.decode()
    assert "<strong>Programme team:</strong> several" in html
    assert "<strong>Government delegate:</strong> 7" in html
    french = client.get("/fr/roundtables/bangkok-2018/").content.decode()
    assert ":</strong> plusieurs</li>" in french
