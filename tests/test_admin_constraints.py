"""No admin form answers 500: every uniqueness or check the database enforces reaches staff
as a message on the field, inline rows included, and nothing is saved."""

import pytest

from actions.models import (
    Action,
    Activity,
    Institution,
    Outcome,
    Region,
    SpecificArea,
    ThematicArea,
)
from findings.models import Finding
from roundtables.models import Participant, RoundTable

from .admin_forms import form_data
from .factories import UserFactory
from .staff import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def refused(client, url, data):
    """Post ``data``; the page comes back (no 500, no redirect) with its errors."""
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets", []):
        for index, form_errors in enumerate(inline.formset.errors):
            errors.update(
                {f"{inline.formset.prefix}-{index}-{k}": v for k, v in form_errors.items()}
            )
        if inline.formset.non_form_errors():
            errors[f"{inline.formset.prefix}-__all__"] = inline.formset.non_form_errors()
    assert errors
    return errors


def add_row(data, prefix, **fields):
    """``data`` with one more row in the inline ``prefix``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data = {**data, f"{prefix}-TOTAL_FORMS": str(index + 1)}
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def change(client, label, obj, **changes):
    url = admin_url(label, "change", obj.pk)
    return url, form_data(client.get(url), **changes)


@pytest.mark.parametrize(
    ("label", "model", "field", "lookup"),
    [
        ("roundtables.roundtable", RoundTable, "slug", {"slug": "nairobi-2018"}),
        ("actions.action", Action, "slug", {"slug": "mexico-iii"}),
        ("actions.region", Region, "slug", {"slug": "asia"}),
        ("actions.thematicarea", ThematicArea, "slug", {"slug": "migration-development"}),
        ("actions.institution", Institution, "slug", {"slug": "giz"}),
        ("findings.finding", Finding, "slug", {"slug": "convening-is-a-result"}),
    ],
)
def test_a_duplicate_slug_is_a_message_on_the_slug(staff, label, model, field, lookup):
    other = model.objects.exclude(**lookup).first()
    url, data = change(staff, label, model.objects.get(**lookup), **{field: getattr(other, field)})
    assert field in refused(staff, url, data)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_duplicate_name_in_any_language_is_a_message_on_that_name(staff, language):
    asia, africa = Region.objects.get(slug="asia"), Region.objects.get(slug="west-africa")
    name = f"name_{language}"
    url, data = change(staff, "actions.region", africa, **{name: getattr(asia, name)})
    assert name in refused(staff, url, data)
    area = ThematicArea.objects.first()
    other = ThematicArea.objects.exclude(pk=area.pk).first()
    url, data = change(staff, "actions.thematicarea", area, **{name: getattr(other, name)})
    assert name in refused(staff, url, data)


def test_a_duplicate_specific_area_is_refused(staff):
    area = SpecificArea.objects.get(slug="lm-labour-migration")
    other = SpecificArea.objects.get(slug="md-migration-and-development")
    url, data = change(staff, "actions.specificarea", area, code=other.code, name_en=other.name_en)
    refused(staff, url, data)


def test_an_institution_twice_in_one_country_is_refused(staff):
    dole = Institution.objects.get(slug="dole-philippines")
    poea = Institution.objects.get(slug="poea-philippines")
    url, data = change(staff, "actions.institution", poea, name=dole.name)
    refused(staff, url, data)


def test_an_outcome_reference_twice_in_a_country_is_refused(staff):
    first, second = Outcome.objects.filter(country="TH")[:2]
    url, data = change(staff, "actions.outcome", second, code=first.code)
    refused(staff, url, data)


def test_an_activity_number_twice_in_an_action_is_refused_in_its_form_and_inline(staff):
    mexico = Action.objects.get(slug="mexico-ii")
    second = Activity.objects.get(action=mexico, number=2)
    url, data = change(staff, "actions.activity", second, number="1")
    assert "__all__" in refused(staff, url, data) or "number" in refused(staff, url, data)
    url, data = change(staff, "actions.action", mexico)
    data = add_row(data, "activities", number="1", kind="seminar", title_en="Again")
    refused(staff, url, data)
    assert Activity.objects.filter(action=mexico).count() == 3


@pytest.mark.parametrize("email", ["Bangkok-2018.Delegate.LA@example.org", "new@example.org"])
def test_a_participant_twice_at_a_round_table_is_refused_inline_whatever_its_case(staff, email):
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    before = Participant.objects.filter(roundtable=bangkok).count()
    url, data = change(staff, "roundtables.roundtable", bangkok)
    data = add_row(data, "participants", email=email.upper(), role="delegate", attribution="role")
    if email.startswith("new"):  # two new rows for the same person
        data = add_row(data, "participants", email=email, role="delegate", attribution="role")
    errors = refused(staff, url, data)
    assert any("already" in str(message) for message in errors.values()), errors
    assert Participant.objects.filter(roundtable=bangkok).count() == before


def test_a_participant_twice_is_refused_in_the_participants_own_form(staff):
    lao = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    thai = Participant.objects.get(email="bangkok-2018.delegate.th@example.org")
    url, data = change(staff, "roundtables.participant", thai, email=lao.email.upper())
    assert "email" in refused(staff, url, data) or "__all__" in refused(staff, url, data)


def test_a_finding_slug_twice_is_refused_inline(staff):
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    url, data = change(staff, "roundtables.roundtable", bangkok)
    data = add_row(
        data,
        "findings",
        kind="good_practice",
        title_en="Again",
        slug="convening-is-a-result",
        text_en="Text.",
    )
    refused(staff, url, data)


def test_dates_and_states_that_the_database_refuses_are_messages(staff):
    nairobi = RoundTable.objects.get(slug="nairobi-2018")
    url, data = change(
        staff, "roundtables.roundtable", nairobi, start_date="", approximate_date_en=""
    )
    assert "start_date" in refused(staff, url, data)
    url, data = change(staff, "roundtables.roundtable", nairobi, end_date="2018-08-01")
    assert "end_date" in refused(staff, url, data)


def test_a_planned_roundtable_without_any_date_is_a_message_on_its_approximate_date(staff):
    nairobi = RoundTable.objects.get(slug="nairobi-2018")
    url, data = change(
        staff,
        "roundtables.roundtable",
        nairobi,
        status="planned",
        start_date="",
        end_date="",
        approximate_date_en="",
    )
    errors = refused(staff, url, data)
    assert errors["approximate_date_en"] == [
        "Give the start date or, while planned, an approximate date."
    ]
    nairobi.refresh_from_db()
    assert nairobi.is_held
