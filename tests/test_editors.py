"""Editors' tools: roles, history and revert, spreadsheet import and export, drafts, previews."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, Activity, Institution, Outcome, Region
from roundtables.models import Finding, Participant, RoundTable

from .admin_forms import form_data
from .factories import ReflectionFactory, UserFactory

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the formats offered, in order


def member_of(client, group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def admin_url(label, view="changelist", *args):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


# --- Roles ------------------------------------------------------------------------------------

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
    "roundtables.finding",
]


@pytest.fixture
def submitted(demo):
    participant = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    return ReflectionFactory(participant=participant, status="submitted")


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
    url = admin_url("roundtables.reflection", "change", reflection.pk)
    data = {"seen_version": reflection.version, "_approve": "1", "decision_reason": ""}
    data.update({f"public_{n}": "" for n in ("meaning", "engagement", "results", "benefits")})
    return client.post(url, data)


def test_editors_change_all_content_and_only_read_reflections(client, submitted):
    member_of(client, "Editors")
    for label in CONTENT:
        assert client.get(admin_url(label)).status_code == 200, label
        assert client.get(admin_url(label, "add")).status_code == 200, label
    assert can_change(client, "actions.action", Action.objects.first())
    assert can_change(client, "roundtables.roundtable", RoundTable.objects.first())
    assert client.get(admin_url("actions.action", "import")).status_code == 200
    assert not can_change(client, "roundtables.reflection", submitted)
    assert decide(client, submitted).status_code == 403
    assert client.get(admin_url("mailer.outboundemail")).status_code == 403
    assert client.get(admin_url("auth.user")).status_code == 403


def test_moderators_handle_reflections_and_participants_and_nothing_else(client, submitted):
    member_of(client, "Moderators")
    assert client.get(admin_url("roundtables.reflectionawaitingmoderation")).status_code == 200
    assert can_change(client, "roundtables.reflection", submitted)
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
        "roundtables.finding",
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
    for label in [*CONTENT, "roundtables.reflection"]:
        assert client.get(admin_url(label)).status_code == 200, label
        assert client.get(admin_url(label, "add")).status_code in (403,), label
    assert not can_change(client, "actions.action", Action.objects.first())
    assert not can_change(client, "roundtables.reflection", submitted)
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


# --- History ----------------------------------------------------------------------------------


def test_edit_see_the_diff_and_revert(client, demo):
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-ii")
    versions = action.history.count()
    before = action.history.latest("history_date")  # as loaded
    url = admin_url("actions.action", "change", action.pk)
    response = client.post(
        url, form_data(client.get(url), title="Mexico II (renamed)", summary="A new summary.")
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
    response = client.post(url, form_data(client.get(url), focus="Migration data"))
    assert response.status_code == 302
    record = roundtable.history.latest("history_date")
    assert record.history_user == user and record.focus == "Migration data"


# --- Validation messages ----------------------------------------------------------------------


def test_an_action_ending_before_it_starts_names_both_fields_and_keeps_the_input(client, demo):
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-iii")
    url = admin_url("actions.action", "change", action.pk)
    response = client.post(
        url,
        form_data(client.get(url), start_date="2020-04-01", end_date="2019-03-01", summary="Kept"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "cannot be before the start" in form.errors["start_date"][0]
    assert "cannot be before the start" in form.errors["end_date"][0]
    assert form["summary"].value() == "Kept"
    action.refresh_from_db()
    assert action.end_date.year == 2020


# --- Import and export ------------------------------------------------------------------------

ACTION_HEADER = (
    "slug,title,region,countries,status,start_date,end_date,dates_note,thematic_area,"
    "specific_areas,requesting_institutions,beneficiary_institutions,expert_countries,"
    "expert_sectors,summary,objectives,description,results,is_published"
)
GOOD_ROWS = [
    "viet-nam-i,Viet Nam I,asia,VN,completed,2014-01-01,2015-06-01,,legal-migration-mobility,"
    "lm-labour-migration,,,ES,,A summary,,,,1",
    "philippines-ii,The Philippines II,asia,PH,ongoing,2016-02-01,,,irregular-migration-thb,"
    "imt-trafficking-in-human-beings,dole-philippines,poea-philippines,AT;DE,,Another,,,,0",
]


def upload(client, label, content: bytes, name: str, file_format=CSV):
    return client.post(
        admin_url(label, "import"),
        {"format": file_format, "resource": "0", "import_file": _file(content, name)},
    )


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def confirm(client, label, dry_run_response):
    form = dry_run_response.context["confirm_form"]
    return client.post(
        admin_url(label, "process_import"),
        {name: form[name].value() for name in form.fields},
        follow=True,
    )


def import_csv(client, label, lines):
    return upload(client, label, "\n".join(lines).encode(), "actions.csv")


def test_a_dry_run_shows_each_row_and_a_refused_row_writes_nothing(client, demo):
    member_of(client, "Editors")
    before = Action.objects.count()
    bad = GOOD_ROWS[1].replace("irregular-migration-thb", "no-such-area").replace(",PH,", ",PH;XX,")
    response = import_csv(client, "actions.action", [ACTION_HEADER, GOOD_ROWS[0], bad])
    html = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert (
        "Line number: 2" in html or "Row 2" in html or re.search(r"\b2\b.*no-such-area", html, re.S)
    )
    assert "No thematic area has the slug “no-such-area”." in html
    assert "Unknown country code: XX." in html
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert Action.objects.count() == before


def test_a_good_file_imported_twice_creates_nothing_the_second_time(client, demo):
    member_of(client, "Editors")
    before = Action.objects.count()
    dry_run = import_csv(client, "actions.action", [ACTION_HEADER, *GOOD_ROWS])
    html = dry_run.content.decode()
    assert "New" in html and Action.objects.count() == before  # a preview writes nothing
    done = confirm(client, "actions.action", dry_run)
    assert done.status_code == 200
    assert Action.objects.count() == before + 2
    created = Action.objects.get(slug="philippines-ii")
    assert [i.slug for i in created.requesting_institutions.all()] == ["dole-philippines"]
    assert {c.code for c in created.expert_countries} == {"AT", "DE"}
    assert not created.is_published and created.end_date is None
    assert created.history.earliest().history_change_reason == "Imported from a spreadsheet"
    history = sum(a.history.count() for a in Action.objects.all())

    again = import_csv(client, "actions.action", [ACTION_HEADER, *GOOD_ROWS])
    assert "Skipped" in again.content.decode()
    confirm(client, "actions.action", again)
    assert Action.objects.count() == before + 2
    assert sum(a.history.count() for a in Action.objects.all()) == history


def export(client, label, file_format=CSV, query=""):
    page = client.get(admin_url(label, "export") + query)
    form = page.context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update(
        {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
    )
    response = client.post(admin_url(label, "export") + query, data)
    assert response.status_code == 200, response.content[:500]
    return response


def snapshot(model, *relations):
    rows = []
    for obj in model.objects.order_by("pk"):
        values = {
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.name != "updated_at"
        }
        for relation in relations:
            values[relation] = sorted(getattr(obj, relation).values_list("pk", flat=True))
        rows.append(values)
    return [{k: str(v) for k, v in row.items()} for row in rows]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize(
    ("label", "model", "relations"),
    [
        (
            "actions.action",
            Action,
            ("specific_areas", "requesting_institutions", "beneficiary_institutions"),
        ),
        ("actions.outcome", Outcome, ("actions",)),
        ("actions.activity", Activity, ()),
        ("actions.institution", Institution, ()),
        ("roundtables.participant", Participant, ()),
    ],
)
def test_an_export_imported_back_changes_nothing(
    client, demo, file_format, label, model, relations
):
    member_of(client, "Editors")
    before = snapshot(model, *relations)
    exported = export(client, label, file_format)
    name = "export.xlsx" if file_format == XLSX else "export.csv"
    dry_run = upload(client, label, exported.content, name, file_format)
    assert dry_run.status_code == 200
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}, [
        row.import_type for row in result.rows
    ]
    confirm(client, label, dry_run)
    assert snapshot(model, *relations) == before


def test_export_writes_what_the_filtered_list_shows(client, demo):
    member_of(client, "Editors")
    asia = Region.objects.get(slug="asia")
    response = export(client, "actions.action", CSV, f"?region__id__exact={asia.pk}&q=awareness")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["the-philippines-i"]
    response = export(client, "actions.action", XLSX, "?status__exact=completed")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    slugs = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert slugs == set(Action.objects.filter(status="completed").values_list("slug", flat=True))


@pytest.mark.parametrize("label", ["actions.action", "actions.outcome", "roundtables.participant"])
def test_export_queries_do_not_grow_with_the_rows(client, demo, label):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member_of(client, "Editors")
    export(client, label)  # warm Django's one-time lookups
    with CaptureQueriesContext(connection) as demo_size:
        export(client, label)
    call_command("generate_synthetic_data", scale=3, stdout=io.StringIO())
    with CaptureQueriesContext(connection) as larger:
        export(client, label)
    assert len(larger) == len(demo_size)


@pytest.mark.parametrize(
    "label",
    [
        "actions.action",
        "actions.activity",
        "actions.outcome",
        "actions.institution",
        "roundtables.participant",
    ],
)
def test_a_blank_template_can_be_downloaded(client, demo, label):
    member_of(client, "Editors")
    response = client.get(admin_url(label, "import_template", "csv"))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 and "," in lines[0]
    xlsx = client.get(admin_url(label, "import_template", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1
    assert "import-template/csv/" in client.get(admin_url(label, "import")).content.decode()


def test_participants_are_matched_on_roundtable_and_email(client, demo):
    member_of(client, "Moderators")
    header = "roundtable,email,name,position,institution,country,role,attribution,language"
    lines = [
        header,
        "bangkok-2018,Bangkok-2018.Delegate.LA@example.org,,Deputy Director,molsw-lao-pdr,LA,"
        "delegate,role,en",
        "bangkok-2018,new.person@example.org,,Adviser,,KH,expert,anonymous,fr",
        "bangkok-2018,,,Adviser,,KH,expert,anonymous,fr",
    ]
    response = upload(client, "roundtables.participant", "\n".join(lines).encode(), "p.csv")
    assert "An e-mail address is required" in response.content.decode()
    response = upload(client, "roundtables.participant", "\n".join(lines[:3]).encode(), "p.csv")
    confirm(client, "roundtables.participant", response)
    assert (
        Participant.objects.get(email="bangkok-2018.delegate.la@example.org").position
        == "Deputy Director"
    )
    assert Participant.objects.filter(email="new.person@example.org").count() == 1


# --- Drafts, previews, publishing -------------------------------------------------------------


def test_bulk_publish_and_unpublish_are_recorded(client, demo):
    member_of(client, "Editors")
    ids = list(Finding.objects.values_list("pk", flat=True))
    client.post(admin_url("roundtables.finding"), {"action": "unpublish", "_selected_action": ids})
    assert not Finding.objects.published().exists()
    assert "Labour migration and trafficking" not in client.get("/good-practices/").content.decode()
    client.post(admin_url("roundtables.finding"), {"action": "publish", "_selected_action": ids})
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


def test_a_view_only_user_cannot_save_through_the_history_page(client, demo):
    member_of(client, "Viewers")
    roundtable = RoundTable.objects.get(slug="nairobi-2018")
    roundtable.is_published = False
    roundtable.save()
    version = roundtable.history.latest("history_date")
    url = admin_url("roundtables.roundtable", "simple_history", roundtable.pk, version.history_id)
    assert client.get(url).status_code == 200  # they may look
    response = client.post(url, {"title": "Changed", "is_published": "on"})
    assert response.status_code == 403
    roundtable.refresh_from_db()
    assert not roundtable.is_published and roundtable.title != "Changed"


def test_nobody_decides_on_a_reflection_through_its_history(client, submitted):
    member_of(client, "Editors")
    version = submitted.history.latest("history_date")
    url = admin_url("roundtables.reflection", "simple_history", submitted.pk, version.history_id)
    data = {"seen_version": submitted.version, "_approve": "1", "decision_reason": ""}
    assert client.post(url, data).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(url, data).status_code == 403  # reverting a reflection is not a thing
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
