"""Every model has a working admin, closed to the public, with a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action
from roundtables.models import RoundTable

from .admin_forms import form_data
from .factories import (
    ActionFactory,
    ActivityFactory,
    FindingFactory,
    InstitutionFactory,
    OutcomeFactory,
    ParticipantFactory,
    PublicationFactory,
    ReflectionFactory,
    RegionFactory,
    RoundTableFactory,
    SpecificAreaFactory,
    ThematicAreaFactory,
    UserFactory,
)
from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db


def _action_with_outcomes(action):
    action.outcomes.add(OutcomeFactory(), OutcomeFactory())
    action.specific_areas.add(SpecificAreaFactory())


def _roundtable_with_outcomes(roundtable):
    roundtable.reported_outcomes.add(OutcomeFactory(), OutcomeFactory())


def _finding_with_sources(finding):
    finding.source_outcomes.add(OutcomeFactory())
    finding.thematic_areas.add(ThematicAreaFactory())


def _reflection_with_actions(reflection):
    reflection.related_actions.add(ActionFactory())


def _queued_email():
    from django.utils import timezone

    from outbox.models import OutboundEmail

    return OutboundEmail.objects.create(
        to="someone@example.org", subject="Hello", text_body="Hi", next_attempt_at=timezone.now()
    )


class EmailFactory:
    @staticmethod
    def create_batch(count):
        return [_queued_email() for _ in range(count)]


class QueuedReflectionFactory:
    """Reflections in the moderation queue, seen through its proxy model."""

    @staticmethod
    def create_batch(count):
        from reflections.models import ReflectionAwaitingModeration

        made = ReflectionFactory.create_batch(count, status="submitted")
        return list(ReflectionAwaitingModeration.objects.filter(pk__in=[r.pk for r in made]))


FACTORIES = {
    "actions.region": (RegionFactory, None),
    "actions.thematicarea": (ThematicAreaFactory, None),
    "actions.specificarea": (SpecificAreaFactory, None),
    "actions.institution": (InstitutionFactory, None),
    "actions.action": (ActionFactory, _action_with_outcomes),
    "actions.activity": (ActivityFactory, None),
    "actions.outcome": (OutcomeFactory, lambda o: o.actions.add(ActionFactory())),
    "roundtables.roundtable": (RoundTableFactory, _roundtable_with_outcomes),
    "roundtables.participant": (ParticipantFactory, None),
    "reflections.reflection": (ReflectionFactory, _reflection_with_actions),
    "findings.finding": (FindingFactory, _finding_with_sources),
    "findings.publication": (PublicationFactory, lambda p: p.roundtables.add(RoundTableFactory())),
    "reflections.reflectionawaitingmoderation": (QueuedReflectionFactory, None),
    "outbox.outboundemail": (EmailFactory, None),
}
# Made by their authors or by the system, never added by hand.
NO_ADD = {
    "reflections.reflection",
    "reflections.reflectionawaitingmoderation",
    "outbox.outboundemail",
}


def make(model_label, count=1):
    factory, enrich = FACTORIES[model_label]
    objects = factory.create_batch(count)
    if enrich:
        for obj in objects:
            enrich(obj)
    return objects


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model_label", FACTORIES)
def test_changelist_add_and_change_pages_answer(staff_client, model_label):
    obj = make(model_label)[0]
    for url in (
        admin_url(model_label, "changelist"),
        admin_url(model_label, "change", obj.pk),
        admin_url(model_label, "history", obj.pk),
    ):
        assert staff_client.get(url, follow=True).status_code == 200, url
    add = staff_client.get(admin_url(model_label, "add"))
    assert add.status_code == (403 if model_label in NO_ADD else 200)


def test_every_registered_model_is_covered():
    from django.contrib import admin

    ours = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in {"actions", "roundtables", "reflections", "findings", "outbox"}
    }
    assert ours == set(FACTORIES)


@pytest.mark.parametrize("model_label", FACTORIES)
def test_the_public_and_non_staff_users_are_sent_to_login(client, model_label):
    obj = make(model_label)[0]
    urls = [
        admin_url(model_label, "changelist"),
        admin_url(model_label, "add"),
        admin_url(model_label, "change", obj.pk),
    ]
    login = reverse("admin:login")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login), url
    client.force_login(UserFactory(is_staff=False))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login), url


def count_queries(client, url):
    client.get(url)  # warm Django's one-time lookups (content types), so that only the page counts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model_label", FACTORIES)
def test_changelist_queries_do_not_grow_with_the_rows(staff_client, model_label):
    url = admin_url(model_label, "changelist")
    make(model_label, 2)
    few = count_queries(staff_client, url)
    make(model_label, 20)
    many = count_queries(staff_client, url)
    assert many == few


def test_roundtable_change_form_queries_do_not_grow_with_participants(staff_client):
    roundtable = RoundTableFactory()
    url = admin_url("roundtables.roundtable", "change", roundtable.pk)
    institution = InstitutionFactory()
    ParticipantFactory.create_batch(2, roundtable=roundtable, institution=institution)
    FindingFactory.create_batch(2, roundtable=roundtable)
    few = count_queries(staff_client, url)
    for _ in range(20):
        # Unnamed participants are shown by their institution.
        ParticipantFactory(roundtable=roundtable, institution=InstitutionFactory(), name="")
    FindingFactory.create_batch(20, roundtable=roundtable)
    many = count_queries(staff_client, url)
    assert many == few


def test_action_change_form_queries_do_not_grow_with_activities_and_outcomes(staff_client):
    action = ActionFactory()
    url = admin_url("actions.action", "change", action.pk)
    ActivityFactory.create_batch(2, action=action)
    action.outcomes.add(*OutcomeFactory.create_batch(2))
    few = count_queries(staff_client, url)
    ActivityFactory.create_batch(20, action=action)
    action.outcomes.add(*OutcomeFactory.create_batch(20))
    many = count_queries(staff_client, url)
    assert many == few


def test_saving_a_roundtable_with_an_end_before_its_start_names_both_fields(staff_client):
    region = RegionFactory()
    url = admin_url("roundtables.roundtable", "add")
    data = {
        "title_en": "Round-table",
        "slug": "round-table",
        "position": 1,
        "region": region.pk,
        "status": "held",
        "city_en": "Nairobi",
        "host_country": "KE",
        "start_date": "2018-09-20",
        "end_date": "2018-09-18",
        "date_precision": "day",
        "participants-TOTAL_FORMS": 0,
        "participants-INITIAL_FORMS": 0,
        "findings-TOTAL_FORMS": 0,
        "findings-INITIAL_FORMS": 0,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.errors) >= {"start_date", "end_date"}
    assert "cannot be before the start" in form.errors["end_date"][0]
    # What the person typed is still there.
    assert form["city_en"].value() == "Nairobi"
    assert not RoundTable.objects.filter(slug="round-table").exists()


def test_country_filters_offer_the_countries_in_use_and_filter_by_them(staff_client):
    ActionFactory(title="In Laos and Thailand", countries=["LA", "TH"])
    ActionFactory(title="In Thailand only", countries=["TH"])
    url = admin_url("actions.action", "changelist")
    page = staff_client.get(url).content.decode()
    assert "?countries__contains=LA" in page and "?countries__contains=TH" in page
    assert "countries__contains=FR" not in page  # only the countries in use
    filtered = staff_client.get(url + "?countries__contains=LA").content.decode()
    assert "In Laos and Thailand" in filtered and "In Thailand only" not in filtered


def test_an_action_ending_before_it_starts_names_both_fields_and_keeps_the_input(client, demo):
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-iii")
    url = admin_url("actions.action", "change", action.pk)
    response = client.post(
        url,
        form_data(
            client.get(url), start_date="2020-04-01", end_date="2019-03-01", summary_en="Kept"
        ),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "cannot be before the start" in form.errors["start_date"][0]
    assert "cannot be before the start" in form.errors["end_date"][0]
    assert form["summary_en"].value() == "Kept"
    action.refresh_from_db()
    assert action.end_date.year == 2020
