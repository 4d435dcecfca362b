"""The database refuses what is wrong, and validation explains why in plain words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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
    SpecificAreaFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

MARCH_6 = datetime.date(2018, 3, 6)
MARCH_5 = datetime.date(2018, 3, 5)


def refused_by_database(build):
    """``build()`` must raise IntegrityError when it reaches the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        build()


@pytest.mark.parametrize(
    "factory",
    [
        RegionFactory,
        ThematicAreaFactory,
        SpecificAreaFactory,
        InstitutionFactory,
        ActionFactory,
        RoundTableFactory,
        FindingFactory,
    ],
)
def test_slugs_are_unique(factory):
    factory(slug="taken")
    refused_by_database(lambda: factory(slug="taken"))
    with pytest.raises(ValidationError) as error:
        factory.build(slug="taken").validate_unique()
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize(
    ("factory", "start", "end"),
    [
        (ActionFactory, datetime.date(2016, 1, 1), datetime.date(2015, 1, 1)),
        (ActivityFactory, MARCH_6, MARCH_5),
        (RoundTableFactory, MARCH_6, MARCH_5),
    ],
)
def test_an_end_before_its_start_is_refused(factory, start, end):
    refused_by_database(lambda: factory(start_date=start, end_date=end))
    obj = factory.build(start_date=start, end_date=end)
    with pytest.raises(ValidationError) as error:
        obj.validate_constraints()
    # The message names both fields, so the form marks both.
    assert set(error.value.message_dict) == {"start_date", "end_date"}
    assert "cannot be before the start" in error.value.message_dict["end_date"][0]


def test_an_open_end_is_fine():
    ActionFactory(status="ongoing", end_date=None).full_clean()


def test_a_held_roundtable_needs_its_dates():
    refused_by_database(
        lambda: RoundTableFactory(
            status=RoundTable.Status.HELD, start_date=None, end_date=None, approximate_date="2018"
        )
    )
    roundtable = RoundTableFactory.build(
        region=RegionFactory(),
        status=RoundTable.Status.HELD,
        start_date=None,
        end_date=None,
        approximate_date="2018",
    )
    with pytest.raises(ValidationError) as error:
        roundtable.full_clean()
    # One message, on the field to fill in: nothing about days that are not known.
    assert error.value.message_dict == {
        "start_date": ["A round-table that was held needs its start date."]
    }


def test_a_planned_roundtable_may_carry_only_an_approximate_date():
    roundtable = RoundTableFactory(
        status=RoundTable.Status.PLANNED,
        start_date=None,
        end_date=None,
        approximate_date="late May 2018",
    )
    roundtable.full_clean()
    assert roundtable.when == "late May 2018"


def test_a_planned_roundtable_needs_some_date():
    def build():
        return RoundTableFactory(
            status=RoundTable.Status.PLANNED, start_date=None, end_date=None, approximate_date=""
        )

    refused_by_database(build)
    with pytest.raises(ValidationError) as error:
        RoundTableFactory.build(
            status=RoundTable.Status.PLANNED, start_date=None, end_date=None
        ).full_clean()
    assert "approximate_date" in error.value.message_dict


def test_an_email_only_once_per_roundtable_whatever_its_case():
    first = ParticipantFactory(email="official@example.org")
    refused_by_database(
        lambda: ParticipantFactory(roundtable=first.roundtable, email="Official@Example.org")
    )
    duplicate = ParticipantFactory.build(roundtable=first.roundtable, email="OFFICIAL@example.org")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already registered at this round-table" in str(error.value)


def test_the_same_email_at_another_roundtable_and_blank_emails_are_fine():
    first = ParticipantFactory(email="official@example.org")
    ParticipantFactory(email="official@example.org")  # another round-table
    ParticipantFactory(roundtable=first.roundtable, email="")
    ParticipantFactory(roundtable=first.roundtable, email="")


def test_emails_are_stored_in_lower_case():
    assert ParticipantFactory(email=" Official@Example.ORG ").email == "official@example.org"


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (ActionFactory, "status"),
        (OutcomeFactory, "status"),
        (OutcomeFactory, "kind"),
        (RoundTableFactory, "status"),
        (RoundTableFactory, "date_precision"),
        (ActivityFactory, "kind"),
        (InstitutionFactory, "kind"),
        (ParticipantFactory, "role"),
        (ParticipantFactory, "attribution"),
        (ReflectionFactory, "status"),
        (ReflectionFactory, "language"),
        (FindingFactory, "kind"),
    ],
)
def test_unknown_choices_are_refused(factory, field):
    refused_by_database(lambda: factory(**{field: "zz"}))
    with pytest.raises(ValidationError) as error:
        factory.build(**{field: "zz"}).clean_fields()
    assert field in error.value.message_dict


def test_an_approved_reflection_needs_consent():
    refused_by_database(lambda: ReflectionFactory(status="approved", consent=False))
    ReflectionFactory(status="approved", consent=True)


def test_an_outcome_reference_is_unique_within_its_country():
    OutcomeFactory(country="TH", code="focal-points")
    OutcomeFactory(country="LA", code="focal-points")
    refused_by_database(lambda: OutcomeFactory(country="TH", code="focal-points"))


def test_an_activity_number_is_unique_within_its_action():
    activity = ActivityFactory(number=1)
    ActivityFactory(number=1)  # another Action
    refused_by_database(lambda: ActivityFactory(action=activity.action, number=1))


def test_a_held_roundtable_with_exact_days_drops_its_approximate_date():
    roundtable = RoundTableFactory.build(approximate_date="late May 2018", date_precision="day")
    with pytest.raises(ValidationError) as error:
        roundtable.clean()
    assert "clear the approximate date" in error.value.message_dict["approximate_date"][0]
    RoundTableFactory.build(approximate_date="early October 2018", date_precision="month").clean()
