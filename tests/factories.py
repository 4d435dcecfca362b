"""Factories for every model. Defaults make a valid, published object."""

import datetime

import factory
from django.contrib.auth import get_user_model

from actions.models import (
    Action,
    Activity,
    Institution,
    Outcome,
    Region,
    SpecificArea,
    ThematicArea,
)
from findings.models import Finding, Publication
from reflections.models import Reflection
from roundtables.models import Participant, RoundTable


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    countries = ["TH", "LA"]


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea

    name = factory.Sequence(lambda n: f"Thematic area {n}")
    slug = factory.Sequence(lambda n: f"thematic-area-{n}")


class SpecificAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificArea

    code = "LM"
    name = factory.Sequence(lambda n: f"Specific area {n}")
    slug = factory.Sequence(lambda n: f"specific-area-{n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    slug = factory.Sequence(lambda n: f"institution-{n}")
    acronym = "INST"
    country = "TH"
    kind = Institution.Kind.MINISTRY


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    slug = factory.Sequence(lambda n: f"action-{n}")
    region = factory.SubFactory(RegionFactory)
    countries = ["TH"]
    thematic_area = factory.SubFactory(ThematicAreaFactory)
    status = Action.Status.COMPLETED
    start_date = datetime.date(2015, 1, 1)
    end_date = datetime.date(2016, 6, 1)
    summary = "A summary."
    is_published = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Activity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    start_date = datetime.date(2015, 3, 1)
    end_date = datetime.date(2015, 3, 2)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    code = factory.Sequence(lambda n: f"outcome-{n}")
    country = "TH"
    title = factory.Sequence(lambda n: f"Outcome {n}")
    kind = Outcome.Kind.CAPACITY
    status = Outcome.Status.ACHIEVED
    description = "What changed."
    is_published = True


class RoundTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundTable

    title = factory.Sequence(lambda n: f"Round-table {n}")
    slug = factory.Sequence(lambda n: f"roundtable-{n}")
    region = factory.SubFactory(RegionFactory)
    status = RoundTable.Status.HELD
    city = "Bangkok"
    host_country = "TH"
    start_date = datetime.date(2018, 3, 5)
    end_date = datetime.date(2018, 3, 6)
    countries = ["TH", "LA"]
    is_published = True


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    roundtable = factory.SubFactory(RoundTableFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    position = "Director"
    country = "TH"
    role = Participant.Role.DELEGATE
    email = factory.Sequence(lambda n: f"participant{n}@example.org")


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    participant = factory.SubFactory(ParticipantFactory)
    meaning = "It meant a great deal."
    engagement = "We asked for support."
    results = "A new protocol."
    benefits = "Better coordination."
    consent = True
    status = Reflection.Status.SUBMITTED


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    roundtable = factory.SubFactory(RoundTableFactory)
    title = factory.Sequence(lambda n: f"Finding {n}")
    slug = factory.Sequence(lambda n: f"finding-{n}")
    text = "What we learnt."
    is_published = True


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    summary = "What the round-tables found, as a book."
    issued = datetime.date(2020, 12, 1)
    languages = "en,fr,es"
    is_published = True
