"""Staff without detours: what the admin fills in, links and hides for them."""

import csv
import io

import pytest

from actions.models import Outcome
from roundtables.models import RoundTable

from .admin_forms import form_data
from .staff import admin_url, member_of
from .test_import_export import confirm, upload

pytestmark = pytest.mark.django_db


def test_an_outcome_is_attached_to_where_it_was_reported_from_its_own_form(client, demo):
    member_of(client, "Editors")
    outcome = Outcome.objects.get(country="PH")
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    nairobi = RoundTable.objects.get(slug="nairobi-2018")
    assert list(outcome.reported_at.all()) == [bangkok]
    history = nairobi.history.count()
    url = admin_url("actions.outcome", "change", outcome.pk)
    page = client.get(url)
    assert page.context["adminform"].form["reported_at"].value() == [bangkok.pk]
    response = client.post(url, form_data(page, reported_at=[str(bangkok.pk), str(nairobi.pk)]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(outcome.reported_at.all()) == {bangkok, nairobi}
    # The round-table's history records the new link, and says where it was made.
    assert nairobi.history.count() == history + 1
    latest = nairobi.history.latest()
    assert latest.history_change_reason == "Changed from the outcome's page"
    assert outcome.pk in [row.outcome_id for row in latest.reported_outcomes.all()]

    page = client.get(url)
    client.post(url, form_data(page, reported_at=[str(nairobi.pk)]))
    assert list(outcome.reported_at.all()) == [nairobi]


def test_the_outcome_spreadsheet_says_where_each_outcome_was_reported(client, demo):
    from .test_import_export import export

    member_of(client, "Editors")
    exported = export(client, "actions.outcome").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    philippines = next(row for row in rows if row["country"] == "PH")
    assert philippines["reported_at"] == "bangkok-2018"

    philippines["reported_at"] = "bangkok-2018,nairobi-2018"
    unknown = dict(philippines, code="another", reported_at="atlantis-2019")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([philippines, unknown])
    dry_run = upload(client, "actions.outcome", out.getvalue().encode(), "outcomes.csv")
    assert "Unknown round-tables: atlantis-2019." in dry_run.content.decode()

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerow(philippines)
    dry_run = upload(client, "actions.outcome", out.getvalue().encode(), "outcomes.csv")
    assert [row.status for row in dry_run.context["preview"]] == ["update"]
    confirm(client, "actions.outcome", dry_run)
    outcome = Outcome.objects.get(country="PH")
    assert {rt.slug for rt in outcome.reported_at.all()} == {"bangkok-2018", "nairobi-2018"}
    nairobi = RoundTable.objects.get(slug="nairobi-2018")
    assert nairobi.history.latest().history_change_reason == "Imported from a spreadsheet"


def new_roundtable(client, **changes):
    page = client.get(admin_url("roundtables.roundtable", "add"))
    asia = page.context["adminform"].form.fields["region"].queryset.get(slug="asia")
    values = {
        "title_en": "Regional Round-table for West Africa, second edition",
        "region": str(asia.pk),
        "status": "planned",
        "approximate_date_en": "May 2027",
        "city_en": "Dakar",
        "host_country": "SN",
    }
    data = form_data(page, **{**values, **changes})
    return client.post(admin_url("roundtables.roundtable", "add"), data, follow=True)


def test_a_new_roundtable_comes_next_in_the_tour_with_a_city_year_slug_and_a_map_position(
    client, demo
):
    member_of(client, "Editors")
    page = client.get(admin_url("roundtables.roundtable", "add"))
    assert page.context["adminform"].form["position"].value() == 5  # after Cotonou, stop 4
    assert page.context["adminform"].form["slug"].value() in (None, "")
    response = new_roundtable(client)
    created = RoundTable.objects.get(city="Dakar")
    assert created.slug == "dakar-2027" and created.position == 5
    assert (created.latitude, created.longitude) == (14.6937, -17.4441)
    assert "The map position of Dakar was taken from the list of cities" in (
        response.content.decode()
    )
    # A second one in the same city and year gets a slug of its own.
    new_roundtable(client, title_en="Another round-table in Dakar")
    assert RoundTable.objects.filter(city="Dakar").order_by("pk").last().slug == "dakar-2027-2"


def test_a_city_found_under_another_name_or_not_at_all(client, demo):
    member_of(client, "Editors")
    new_roundtable(
        client, city_en="Ciudad de México", host_country="MX", approximate_date_en="to be decided"
    )
    mexico = RoundTable.objects.get(city="Ciudad de México")
    assert mexico.slug == "ciudad-de-mexico" and round(mexico.longitude) == -99
    response = new_roundtable(client, city_en="Atlantis", host_country="GR")
    atlantis = RoundTable.objects.get(city="Atlantis")
    assert atlantis.latitude is None and atlantis.slug == "atlantis-2027"
    assert "Atlantis is not in the list of capitals and major cities" in response.content.decode()


def test_staff_can_still_give_the_slug_and_the_position_themselves(client, demo):
    member_of(client, "Editors")
    new_roundtable(client, slug="dakar-spring", latitude="14.7", longitude="-17.5")
    dakar = RoundTable.objects.get(slug="dakar-spring")
    assert (dakar.latitude, dakar.longitude) == (14.7, -17.5)
    response = new_roundtable(client, slug="dakar-half", latitude="14.7")
    assert not RoundTable.objects.filter(slug="dakar-half").exists()
    form = response.context["adminform"].form
    assert form.errors["longitude"] == ["Give both the latitude and the longitude, or neither."]
    assert form["city_en"].value() == "Dakar"  # what was typed is kept
