"""Build the demo content (the 2018 tour) through the ORM. Safe to run again and again."""

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils.text import slugify

from actions.models import (
    Action,
    Activity,
    Institution,
    Outcome,
    Region,
    SpecificArea,
    ThematicArea,
)
from mieux import demo_content as demo
from roundtables.models import Finding, Participant, RoundTable


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Create the object, or update it only where a value differs. Returns (object, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
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
        obj.save()
    return obj, changed


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


def codes(spaced: str) -> list[str]:
    return spaced.split()


class Command(BaseCommand):
    help = "Load the demo content: the 2018 tour of MIEUX Regional Round-tables."

    @transaction.atomic
    def handle(self, *args, **options):
        self.changes = 0
        regions = self.load_regions()
        thematic = self.load_thematic_areas()
        specific = self.load_specific_areas()
        institutions = self.load_institutions()
        actions = self.load_actions(regions, thematic, specific, institutions)
        outcomes = self.load_outcomes(actions)
        roundtables = self.load_roundtables(regions, thematic, institutions, outcomes)
        self.load_participants(roundtables, institutions)
        self.load_findings(roundtables, thematic, outcomes)
        verdict = f"{self.changes} records created or updated" if self.changes else "no changes"
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {verdict}."))

    def save(self, model, lookup, values):
        obj, changed = upsert(model, lookup, values)
        self.changes += changed
        return obj

    def load_regions(self):
        return {
            row["slug"]: self.save(
                Region,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "position": row["position"],
                    "countries": codes(row["countries"]),
                    "summary": row["summary"],
                    "facts": row["facts"],
                },
            )
            for row in demo.REGIONS
        }

    def load_thematic_areas(self):
        return {
            slug: self.save(ThematicArea, {"slug": slug}, {"name": name, "position": position})
            for position, (slug, name) in enumerate(demo.THEMATIC_AREAS, start=1)
        }

    def load_specific_areas(self):
        return {
            (code, name): self.save(
                SpecificArea, {"code": code, "name": name}, {"slug": slugify(f"{code} {name}")}
            )
            for code, name in demo.SPECIFIC_AREAS
        }

    def load_institutions(self):
        return {
            row["slug"]: self.save(
                Institution,
                {"slug": row["slug"]},
                {key: row[key] for key in ("name", "acronym", "country", "kind")},
            )
            for row in demo.INSTITUTIONS
        }

    def load_actions(self, regions, thematic, specific, institutions):
        actions = {}
        text_fields = (
            *("title", "status", "start_date", "end_date", "dates_note", "expert_sectors"),
            *("summary", "objectives", "description", "results"),
        )
        for row in demo.ACTIONS:
            action = self.save(
                Action,
                {"slug": row["slug"]},
                {
                    **{key: row[key] for key in text_fields},
                    "region": regions[row["region"]],
                    "thematic_area": thematic[row["thematic_area"]],
                    "countries": codes(row["countries"]),
                    "expert_countries": codes(row["expert_countries"]),
                    "is_published": True,
                },
            )
            action.requesting_institutions.set([institutions[s] for s in row["requesting"]])
            action.beneficiary_institutions.set([institutions[s] for s in row["beneficiary"]])
            action.specific_areas.set([specific[key] for key in row["specific_areas"]])
            for activity in row["activities"]:
                self.save(
                    Activity,
                    {"action": action, "number": activity["number"]},
                    {
                        "kind": activity["kind"],
                        "title": activity["title"],
                        "place": activity["place"],
                        "country": activity["country"],
                        "start_date": activity.get("start_date"),
                        "end_date": activity.get("end_date"),
                        "description": activity.get("description", ""),
                    },
                )
            actions[row["slug"]] = action
        return actions

    def load_outcomes(self, actions):
        outcomes = {}
        for row in demo.OUTCOMES:
            outcome = self.save(
                Outcome,
                {"country": row["country"], "code": row["code"]},
                {
                    **{key: row[key] for key in ("title", "kind", "status", "description")},
                    "evidence": row["evidence"],
                    "is_published": True,
                },
            )
            outcome.actions.set([actions[slug] for slug in row["actions"]])
            outcomes[(row["country"], row["code"])] = outcome
        return outcomes

    def load_roundtables(self, regions, thematic, institutions, outcomes):
        roundtables = {}
        plain_fields = (
            "title",
            "position",
            "status",
            "city",
            "host_country",
            "latitude",
            "longitude",
            "start_date",
            "end_date",
            "date_precision",
            "approximate_date",
            "focus",
            "summary",
            "report",
        )
        for row in demo.ROUNDTABLES:
            host = row["host_institution"]
            roundtable = self.save(
                RoundTable,
                {"slug": row["slug"]},
                {
                    **{key: row[key] for key in plain_fields},
                    "region": regions[row["region"]],
                    "host_institution": institutions[host] if host else None,
                    "countries": codes(row["countries"]),
                    "is_published": True,
                },
            )
            roundtable.thematic_areas.set([thematic[slug] for slug in row["thematic_areas"]])
            roundtable.reported_outcomes.set([outcomes[key] for key in row["outcomes"]])
            roundtables[row["slug"]] = roundtable
        return roundtables

    def load_participants(self, roundtables, institutions):
        for row in demo.PARTICIPANTS:
            institution = row["institution"]
            self.save(
                Participant,
                {"roundtable": roundtables[row["roundtable"]], "email": row["email"]},
                {
                    "position": row["position"],
                    "institution": institutions[institution] if institution else None,
                    "country": row["country"],
                    "role": row["role"],
                },
            )

    def load_findings(self, roundtables, thematic, outcomes):
        for row in demo.FINDINGS:
            finding = self.save(
                Finding,
                {"slug": row["slug"]},
                {
                    "roundtable": roundtables[row["roundtable"]],
                    "kind": row["kind"],
                    "title": row["title"],
                    "text": row["text"],
                    "countries": codes(row["countries"]),
                    "is_published": True,
                },
            )
            finding.thematic_areas.set([thematic[slug] for slug in row["thematic_areas"]])
            finding.source_outcomes.set([outcomes[key] for key in row["outcomes"]])
