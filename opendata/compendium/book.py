"""The compendium's content and its making: the public findings as a book, by thematic area and
region as the good-practices page shows them, laid out by WeasyPrint.

WeasyPrint fetches nothing: the stylesheet is in the page, the emblem a ``data:`` address, and
any other address is refused, so that a book never waits on the network.
"""

import base64
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Outcome, Region, ThematicArea
from core.countries import country_name, sorted_by_name
from findings.models import Finding, Publication
from pages.views.good_practices import by_area_and_region, grouped

TITLE = _("Good practices and lessons learnt from the MIEUX Regional Round-tables")
AUTHOR = "ICMPD"
TEMPLATE = "opendata/compendium/book.html"


@dataclass(frozen=True)
class Item:
    """A finding as the book shows it: in full where it first appears, then as a reference."""

    finding: Finding
    first: bool
    countries: list[str]
    actions: list[Action]


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages: int


def make(language: str) -> Printed:
    """The compendium in ``language``, as a tagged PDF."""
    # WeasyPrint's steps, logged as it goes, are not worth a line each in the site's log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML, URLFetcher  # loads Pango: only where a book is made

    with translation.override(language):
        html = render_to_string(TEMPLATE, context())
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher).render(pdf_variant="pdf/ua-1")
    return Printed(pdf=document.write_pdf(pdf_variant="pdf/ua-1"), pages=len(document.pages))


def context() -> dict:
    """What the book shows, in the active language."""
    findings = by_area_and_region(Finding.objects.public()).prefetch_related(
        Prefetch(
            "source_outcomes",
            queryset=Outcome.objects.public().prefetch_related(
                Prefetch("actions", queryset=Action.objects.public())
            ),
        )
    )
    findings = list(findings)
    sections = [
        (area, [(region, [_item(*pair) for pair in items]) for region, items in by_region])
        for area, by_region in grouped(
            findings, areas=ThematicArea.objects.all(), regions=Region.objects.all()
        )
    ]
    return {
        "title": TITLE,
        "author": AUTHOR,
        "sections": sections,
        "finding_count": len({finding.pk for finding in findings}),
        "updated": _latest_change(findings),
        "publications": Publication.objects.public(),
        "site_url": settings.SITE_URL,
        "emblem": _emblem(),
    }


def _item(finding: Finding, first: bool) -> Item:
    actions = {
        action for outcome in finding.source_outcomes.all() for action in outcome.actions.all()
    }
    return Item(
        finding=finding,
        first=first,
        countries=[country_name(code) for code in sorted_by_name(finding.countries)],
        actions=sorted(actions, key=lambda action: str(action.title)),
    )


def _latest_change(findings) -> datetime:
    """When the book's content last changed: its findings, their round-tables, outcomes and
    Actions."""
    times = [timezone.now()] if not findings else []
    for finding in findings:
        times += [finding.updated_at, finding.roundtable.updated_at]
        for outcome in finding.source_outcomes.all():
            times += [outcome.updated_at, *(action.updated_at for action in outcome.actions.all())]
    return max(times)


def _emblem() -> str:
    with open(finders.find("img/eu-emblem.svg"), "rb") as svg:
        return "data:image/svg+xml;base64," + base64.b64encode(svg.read()).decode()
