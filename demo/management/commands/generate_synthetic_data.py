"""Add clearly synthetic content, N times the volume of the demo tour, for tests and benchmarks.

Everything it makes is labelled: titles start with "Synthetic", slugs and
references with "synthetic-", e-mail addresses use example.org. Running it
again replaces the synthetic content of the previous run; the demo content is
left alone (and loaded first if missing).
"""

import datetime
import itertools

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actions.models import Action, Activity, Outcome, Region, SpecificArea, ThematicArea
from demo.tour import tour
from findings.models import Finding
from pagecache.versions import bump_content_version
from reflections.models import Reflection
from roundtables.models import Participant, RoundTable

PREFIX = "synthetic-"
LABEL = "Synthetic"
# The volume of the demo tour, per unit of scale.
PER_SCALE = {
    "actions": len(tour()["actions"]),
    "outcomes": len(tour()["outcomes"]),
    "roundtables": len(tour()["roundtables"]),
    "participants_per_roundtable": 7,
    "findings_per_roundtable": 1,
}
ACTIVITIES_PER_ACTION = 3
LOREM = (
    "This text is synthetic. It exists to measure how the site behaves with more content: "
    "labour migration, trafficking in human beings, migration data and policy development."
)


def remove_synthetic():
    RoundTable.objects.filter(slug__startswith=PREFIX).delete()
    Outcome.objects.filter(code__startswith=PREFIX).delete()
    Action.objects.filter(slug__startswith=PREFIX).delete()


class Command(BaseCommand):
    help = "Add synthetic content, N times the volume of the demo tour (replacing earlier runs)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="How many times the demo volume.")
        parser.add_argument(
            "--remove", action="store_true", help="Only remove the synthetic content."
        )

    @transaction.atomic
    def handle(self, *args, scale, remove, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        remove_synthetic()
        if remove or scale == 0:
            self.stdout.write("Synthetic content removed.")
            return
        if not Region.objects.exists():
            call_command("load_demo_data", stdout=self.stdout)
        regions = list(Region.objects.all())
        areas = list(ThematicArea.objects.all())
        specific = list(SpecificArea.objects.all())
        actions = self.make_actions(scale, regions, areas, specific)
        outcomes = self.make_outcomes(scale, actions)
        self.make_roundtables(scale, regions, areas, outcomes, actions)
        # Rows made in bulk send no signals: refresh the cached pages explicitly.
        transaction.on_commit(bump_content_version)
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic content at scale {scale}: {len(actions)} Actions, "
                f"{len(outcomes)} outcomes, {scale * PER_SCALE['roundtables']} round-tables."
            )
        )

    def make_actions(self, scale, regions, areas, specific):
        cycle_regions = itertools.cycle(regions)
        actions = []
        for number in range(1, scale * PER_SCALE["actions"] + 1):
            region = next(cycle_regions)
            countries = [country.code for country in region.countries][number % 3 :][:2] or ["TH"]
            start = datetime.date(2009 + number % 14, 1 + number % 12, 1)
            actions.append(
                Action(
                    title=f"{LABEL} Action {number}",
                    slug=f"{PREFIX}action-{number}",
                    region=region,
                    countries=countries,
                    thematic_area=areas[number % len(areas)],
                    status=Action.Status.COMPLETED if number % 4 else Action.Status.ONGOING,
                    start_date=start,
                    end_date=start.replace(year=start.year + 2) if number % 4 else None,
                    expert_countries=["AT", "ES"],
                    summary=f"{LABEL} summary of Action {number}.",
                    objectives=LOREM,
                    description=LOREM,
                    results=LOREM,
                    is_published=True,
                )
            )
        actions = Action.objects.bulk_create(actions)
        Through = Action.specific_areas.through
        Through.objects.bulk_create(
            Through(action=action, specificarea=specific[i % len(specific)])
            for i, action in enumerate(actions)
        )
        Activity.objects.bulk_create(
            Activity(
                action=action,
                number=n,
                kind=Activity.Kind.WORKSHOP,
                title=f"{LABEL} workshop {n}",
                place="Synthetic City",
            )
            for action in actions
            for n in range(1, ACTIVITIES_PER_ACTION + 1)
        )
        return actions

    def make_outcomes(self, scale, actions):
        outcomes = Outcome.objects.bulk_create(
            Outcome(
                code=f"{PREFIX}outcome-{number}",
                country=actions[number % len(actions)].countries[0].code,
                title=f"{LABEL} result {number}",
                kind=Outcome.Kind.CAPACITY,
                status=Outcome.Status.ACHIEVED,
                description=LOREM,
                evidence=f"{LABEL} evidence.",
                is_published=True,
            )
            for number in range(1, scale * PER_SCALE["outcomes"] + 1)
        )
        Through = Outcome.actions.through
        Through.objects.bulk_create(
            Through(outcome=outcome, action=actions[i % len(actions)])
            for i, outcome in enumerate(outcomes)
        )
        return outcomes

    def make_roundtables(self, scale, regions, areas, outcomes, actions):
        roundtables = RoundTable.objects.bulk_create(
            RoundTable(
                title=f"{LABEL} round-table {number}",
                slug=f"{PREFIX}roundtable-{number}",
                position=100 + number,
                region=regions[number % len(regions)],
                status=RoundTable.Status.HELD,
                city=f"Synthetic City {number}",
                host_country=regions[number % len(regions)].countries[0].code,
                latitude=-40 + (number * 7) % 80,
                longitude=-170 + (number * 37) % 340,
                start_date=datetime.date(2019 + number % 5, 1 + number % 12, 10),
                end_date=datetime.date(2019 + number % 5, 1 + number % 12, 11),
                countries=[c.code for c in regions[number % len(regions)].countries][:7],
                focus=f"{LABEL} focus",
                summary=LOREM,
                report=LOREM,
                is_published=True,
            )
            for number in range(1, scale * PER_SCALE["roundtables"] + 1)
        )
        Reported = RoundTable.reported_outcomes.through
        Reported.objects.bulk_create(
            Reported(roundtable=roundtables[i % len(roundtables)], outcome=outcome)
            for i, outcome in enumerate(outcomes)
        )
        Areas = RoundTable.thematic_areas.through
        Areas.objects.bulk_create(
            Areas(roundtable=rt, thematicarea=areas[i % len(areas)])
            for i, rt in enumerate(roundtables)
        )
        participants = Participant.objects.bulk_create(
            Participant(
                roundtable=rt,
                position=f"{LABEL} official",
                country=rt.countries[n % len(rt.countries)].code,
                role=Participant.Role.DELEGATE,
                email=f"{PREFIX}{rt.pk}-{n}@example.org",
            )
            for rt in roundtables
            for n in range(PER_SCALE["participants_per_roundtable"])
        )
        now = timezone.now()
        reflections = Reflection.objects.bulk_create(
            Reflection(
                participant=participant,
                meaning=LOREM,
                engagement=LOREM,
                results=LOREM,
                benefits=LOREM,
                consent=True,
                status=Reflection.Status.APPROVED,
                submitted_at=now,
                decided_at=now,
            )
            for participant in participants[::3]
        )
        Related = Reflection.related_actions.through
        Related.objects.bulk_create(
            Related(reflection=reflection, action=actions[i % len(actions)])
            for i, reflection in enumerate(reflections)
        )
        findings = Finding.objects.bulk_create(
            Finding(
                roundtable=rt,
                kind=Finding.Kind.GOOD_PRACTICE,
                title=f"{LABEL} good practice {rt.pk}",
                slug=f"{PREFIX}finding-{rt.pk}",
                text=LOREM,
                countries=[rt.countries[0].code],
                is_published=True,
            )
            for rt in roundtables
        )
        FindingAreas = Finding.thematic_areas.through
        FindingAreas.objects.bulk_create(
            FindingAreas(finding=f, thematicarea=areas[i % len(areas)])
            for i, f in enumerate(findings)
        )
