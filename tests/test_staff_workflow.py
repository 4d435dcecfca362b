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
