"""Build the demo content (the 2018 tour) from ``demo/data/`` through the ORM.

Safe to run again and again: each record is matched on its natural key and changed only where
the data files say something else.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import models, transaction
from simple_history.models import HistoricalRecords

from actions.models import (
    Action,
    Activity,
    Institution,
    Outcome,
    Region,
    SpecificArea,
    ThematicArea,
)
from core.translation import translated_fields
from demo.tour import codes, text, tour
from findings.models import Finding, Publication
from roundtables.models import Participant, RoundTable


def by_language(model: type[models.Model], values: dict) -> dict:
    """``values`` with each translated field's texts ({"en": ..., "fr": ...}) spread over its
    columns (``title_en``, ``title_fr``...); a missing translation is stored empty."""
    translated = translated_fields(model)
    spread = {}
    for name, value in values.items():
        if name not in translated:
            spread[name] = value
            continue
        for language, _label in settings.LANGUAGES:
            column = f"{name}_{language}"
            spread[column] = value.get(language) or model._meta.get_field(column).empty_value
    return spread


DEMO_USER = "demo-data"
CHANGE_REASON = "Loaded from the demo data"


@contextmanager
def changes_by_demo_data():
    """Sign the history entries made inside with a "demo-data" account, which cannot log in,
    as the admin's history signs each change with the staff member who made it."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USER, defaults={"first_name": "Demo", "last_name": "data", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Create the object, or update it only where a value differs. Returns (object, changed)."""
    values = by_language(model, values)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj._change_reason = CHANGE_REASON
        obj.save()
        return obj, True
    changed = False
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.get_prep_value(_comparable(value)) != field.get_prep_value(
            _comparable(field.value_from_object(obj))
        ):
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj._change_reason = CHANGE_REASON
        obj.save()
    return obj, changed


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


def outcome_key(name: str) -> tuple[str, str]:
    """An outcome named "COUNTRY/reference" in the data files."""
    country, _, code = name.partition("/")
    return country, code


class Command(BaseCommand):
    help = "Load the demo content: the 2018 tour of MIEUX Regional Round-tables."

    @transaction.atomic
    def handle(self, *args, **options):
        with changes_by_demo_data():
            self.load()

    def load(self):
        self.changes = 0
        data = tour()
        regions = self.load_regions(data["regions"])
        thematic = self.load_thematic_areas(data["thematic_areas"])
        specific = self.load_specific_areas(data["specific_areas"])
        institutions = self.load_institutions(data["institutions"])
        actions = self.load_actions(data["actions"], regions, thematic, specific, institutions)
        outcomes = self.load_outcomes(data["outcomes"], actions)
        roundtables = self.load_roundtables(
            data["roundtables"], regions, thematic, institutions, outcomes
        )
        self.load_participants(data["participants"], roundtables, institutions)
        self.load_findings(data["findings"], roundtables, thematic, outcomes)
        self.load_publications(data["publications"], roundtables)
        verdict = f"{self.changes} records created or updated" if self.changes else "no changes"
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {verdict}."))

    def save(self, model, lookup, values):
        obj, changed = upsert(model, lookup, values)
        self.changes += changed
        return obj

    def load_regions(self, rows):
        return {
            row["slug"]: self.save(
                Region,
                {"slug": row["slug"]},
                {
                    "name": text(row["name"]),
                    "position": row["position"],
                    "countries": codes(row["countries"]),
                    "summary": text(row.get("summary")),
                    "facts": text(row.get("facts")),
                    "facts_source": text(row.get("facts_source")),
                },
            )
            for row in rows
        }

    def load_thematic_areas(self, rows):
        return {
            row["slug"]: self.save(
                ThematicArea,
                {"slug": row["slug"]},
                {"name": text(row["name"]), "position": position},
            )
            for position, row in enumerate(rows, start=1)
        }

    def load_specific_areas(self, rows):
        return {
            row["slug"]: self.save(
                SpecificArea,
                {"slug": row["slug"]},
                {"code": row["code"], "name": text(row["name"])},
            )
            for row in rows
        }

    def load_institutions(self, rows):
        return {
            row["slug"]: self.save(
                Institution,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "translated_name": text(row.get("translated_name")),
                    "acronym": row.get("acronym", ""),
                    "country": row.get("country", ""),
                    "kind": row["kind"],
                },
            )
            for row in rows
        }

    def load_actions(self, rows, regions, thematic, specific, institutions):
        actions = {}
        texts = ("title", "dates_note", "expert_sectors", "summary", "objectives")
        texts += ("description", "results")
        for row in rows:
            action = self.save(
                Action,
                {"slug": row["slug"]},
                {
                    **{key: text(row.get(key)) for key in texts},
                    "status": row["status"],
                    "start_date": row["start_date"],
                    "end_date": row.get("end_date"),
                    "region": regions[row["region"]],
                    "thematic_area": thematic[row["thematic_area"]],
                    "countries": codes(row["countries"]),
                    "expert_countries": codes(row.get("expert_countries")),
                    "is_published": True,
                },
            )
            action.requesting_institutions.set(
                [institutions[slug] for slug in row.get("requesting", [])]
            )
            action.beneficiary_institutions.set(
                [institutions[slug] for slug in row.get("beneficiary", [])]
            )
            action.specific_areas.set([specific[slug] for slug in row.get("specific_areas", [])])
            for activity in row.get("activities", []):
                self.save(
                    Activity,
                    {"action": action, "number": activity["number"]},
                    {
                        "kind": activity["kind"],
                        "title": text(activity["title"]),
                        "place": text(activity.get("place")),
                        "country": activity.get("country", ""),
                        "start_date": activity.get("start_date"),
                        "end_date": activity.get("end_date"),
                        "description": text(activity.get("description")),
                    },
                )
            actions[row["slug"]] = action
        return actions

    def load_outcomes(self, rows, actions):
        outcomes = {}
        for row in rows:
            outcome = self.save(
                Outcome,
                {"country": row["country"], "code": row["code"]},
                {
                    "title": text(row["title"]),
                    "kind": row["kind"],
                    "status": row["status"],
                    "description": text(row["description"]),
                    "evidence": text(row.get("evidence")),
                    "is_published": True,
                },
            )
            outcome.actions.set([actions[slug] for slug in row.get("actions", [])])
            outcomes[(row["country"], row["code"])] = outcome
        return outcomes

    def load_roundtables(self, rows, regions, thematic, institutions, outcomes):
        roundtables = {}
        plain = ("position", "status", "host_country", "latitude", "longitude")
        plain += ("start_date", "end_date", "date_precision")
        texts = ("title", "city", "approximate_date", "focus", "summary", "report")
        for row in rows:
            host = row.get("host_institution")
            roundtable = self.save(
                RoundTable,
                {"slug": row["slug"]},
                {
                    **{key: row.get(key) for key in plain},
                    **{key: text(row.get(key)) for key in texts},
                    "region": regions[row["region"]],
                    "host_institution": institutions[host] if host else None,
                    "countries": codes(row["countries"]),
                    "is_published": True,
                },
            )
            roundtable.thematic_areas.set(
                [thematic[slug] for slug in row.get("thematic_areas", [])]
            )
            roundtable.reported_outcomes.set(
                [outcomes[outcome_key(name)] for name in row.get("outcomes", [])]
            )
            roundtables[row["slug"]] = roundtable
        return roundtables

    def load_participants(self, rows, roundtables, institutions):
        for row in rows:
            institution = row.get("institution")
            self.save(
                Participant,
                {"roundtable": roundtables[row["roundtable"]], "email": row["email"]},
                {
                    "position": row.get("position", ""),
                    "institution": institutions[institution] if institution else None,
                    "country": row.get("country", ""),
                    "role": row["role"],
                    "stands_for_several": row.get("stands_for_several", False),
                },
            )

    def load_findings(self, rows, roundtables, thematic, outcomes):
        for row in rows:
            finding = self.save(
                Finding,
                {"slug": row["slug"]},
                {
                    "roundtable": roundtables[row["roundtable"]],
                    "kind": row["kind"],
                    "title": text(row["title"]),
                    "text": text(row["text"]),
                    "countries": codes(row.get("countries")),
                    "is_published": True,
                },
            )
            finding.thematic_areas.set([thematic[slug] for slug in row.get("thematic_areas", [])])
            finding.source_outcomes.set(
                [outcomes[outcome_key(name)] for name in row.get("outcomes", [])]
            )

    def load_publications(self, rows, roundtables):
        for row in rows:
            publication = self.save(
                Publication,
                {"slug": row["slug"]},
                {
                    "title": " ".join(row["title"].split()),
                    "summary": text(row.get("summary")),
                    "issued": row["issued"],
                    "issued_precision": row["issued_precision"],
                    "launched": row.get("launched"),
                    "launch": text(row.get("launch")),
                    "languages": row.get("languages", ""),
                    "is_published": True,
                },
            )
            publication.roundtables.set([roundtables[slug] for slug in codes(row["roundtables"])])
