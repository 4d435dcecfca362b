"""Countries and regions: the pages that gather everything about one place."""

from collections import Counter

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView
from django_countries import countries
from django_countries.fields import Country

from actions.models import Action, Outcome, Region, ThematicArea
from core.countries import country_name, sorted_by_name
from core.translation import translated
from pages.charts import stacked_bars
from pages.figures import CountryFigures, documented_countries, figures
from pages.maps import build_map, tour_map
from reflections.models import Reflection
from roundtables.models import RoundTable, RoundTableStatus

from .base import PageMixin, PreviewMixin

# The series of the factsheet's chart, with the CSS class that colours each.
STATUS_SERIES = [(Action.Status.COMPLETED, "completed"), (Action.Status.ONGOING, "ongoing")]
# A factsheet lists (and maps) this many of the region's round-tables; the tour has them all.
ROUNDTABLES_SHOWN = 10


class CountryIndexView(PageMixin, TemplateView):
    template_name = "pages/country_index.html"
    page_title = gettext_lazy("Countries and regions")
    meta_description = gettext_lazy(
        "The partner countries of MIEUX by region, with their Actions, results and round-tables."
    )

    def get_context_data(self, **kwargs):
        documented = documented_countries()
        regions, in_a_region = [], set()
        for region in Region.objects.all():
            codes = {country.code for country in region.countries}
            regions.append(
                (region, [documented[code] for code in sorted_by_name(codes & set(documented))])
            )
            in_a_region |= codes
        # Countries documented here that no region lists have a page too.
        others = [documented[code] for code in sorted_by_name(set(documented) - in_a_region)]
        return super().get_context_data(
            regions=regions,
            others=others,
            show_invited=any(figures.invited for figures in documented.values()),
            **kwargs,
        )


class CountryDetailView(PageMixin, PreviewMixin, TemplateView):
    """Everything documented about one country. A country with nothing documented has no page
    (a 404), as it has no row on the index and no place in the sitemap."""

    template_name = "pages/country_detail.html"
    title_section = gettext_lazy("Countries and regions")

    def get(self, request, code):
        if code != code.lower():
            return redirect("countries:detail", code=code.lower(), permanent=True)
        return super().get(request, code=code)

    def get_context_data(self, code, **kwargs):
        if not countries.alpha2(code):
            raise Http404(_("There is no country with the code “%(code)s”.") % {"code": code})
        country = Country(code=code.upper())
        actions = list(Action.objects.published().for_country(country.code).as_cards())
        outcomes = list(
            Outcome.objects.visible_to(self.request.user, preview=self.previewing)
            .for_country(country.code)
            .prefetch_related(
                Prefetch("actions", queryset=Action.objects.published().as_links()),
                Prefetch("reported_at", queryset=RoundTable.objects.published().as_links()),
            )
        )
        roundtables = list(RoundTable.objects.published().not_cancelled().for_country(country.code))
        attended = [roundtable for roundtable in roundtables if roundtable.is_held]
        invited = [roundtable for roundtable in roundtables if roundtable.is_planned]
        figures = CountryFigures(
            country.code, len(actions), len(outcomes), len(attended), len(invited)
        )
        if not figures.has_content:
            raise Http404(_("MIEUX has no content about this country."))
        self.country = country
        return super().get_context_data(
            country=country,
            figures=figures.figures(),
            regions=list(Region.objects.for_country(country.code)),
            actions=actions,
            outcomes=outcomes,
            attended=attended,
            invited=invited,
            reflections=list(Reflection.objects.public().for_country(country.code).as_shown()),
            country_map=build_map(
                _("%(country)s on the map") % {"country": country_name(country)},
                highlight=[country.code],
                markers=tour_map("", roundtables).markers,
                crop=True,
                padding=60,
            ),
            **kwargs,
        )

    def get_page_title(self):
        return country_name(self.country)

    def get_meta_description(self):
        return _(
            "What MIEUX did with %(country)s: its Actions, their results and the round-tables."
        ) % {"country": country_name(self.country)}


class RegionDetailView(PageMixin, DetailView):
    """A regional factsheet: what the site documents about the region, and the programme's
    own figures for it, told apart. A region with nothing documented says so in words."""

    model = Region
    template_name = "pages/region_detail.html"
    title_section = gettext_lazy("Countries and regions")

    def get_page_title(self):
        return _("%(region)s: regional factsheet") % {"region": self.object.name}

    def get_meta_description(self):
        return self.object.summary[:300]

    def get_context_data(self, **kwargs):
        region = self.object
        codes = [country.code for country in region.countries]
        actions = Action.objects.published().in_region(region)
        by_area = Counter(
            {
                (row["thematic_area"], row["status"]): row["total"]
                for row in actions.order_by()
                .values("thematic_area", "status")
                .annotate(total=Count("pk"))
            }
        )
        rows = []
        for area in ThematicArea.objects.all():
            values = [by_area[(area.pk, status)] for status, _css in STATUS_SERIES]
            if any(values):  # the areas the region has Actions in
                name, in_english = translated(area, "name")
                rows.append((name, values, settings.LANGUAGE_CODE if in_english else ""))
        in_region = RoundTable.objects.published().not_cancelled().in_region(region)
        tally = in_region.tally()
        held, planned = tally[RoundTableStatus.HELD], tally[RoundTableStatus.PLANNED]
        roundtables = list(in_region[:ROUNDTABLES_SHOWN])  # in the order of the tour
        action_counts = actions.country_counts()
        outcome_counts = Outcome.objects.published().in_region(region).country_counts()
        attended = held.countries
        in_roundtables = set(held.countries) | set(planned.countries)
        documented = {code for code in codes if action_counts[code] or outcome_counts[code]} | (
            in_roundtables & set(codes)
        )
        return super().get_context_data(
            figures=figures(
                actions=sum(by_area.values()),
                countries_in_region=len(codes),
                outcomes=sum(outcome_counts.values()),
                roundtables_held=held.number,
            )
            if documented
            else [],
            chart=stacked_bars(
                _("Actions in %(region)s by thematic area and status") % {"region": region.name},
                rows,
                [(status.label, css) for status, css in STATUS_SERIES],
            )
            if rows
            else None,
            countries=[
                (Country(code), action_counts[code], outcome_counts[code], attended[code])
                for code in sorted_by_name(documented)
            ],
            other_countries=sorted_by_name(set(codes) - documented),
            latest_actions=actions.select_related("thematic_area")[:10],
            roundtables=roundtables,
            roundtable_total=held.number + planned.number,
            region_map=build_map(
                _("%(region)s on the map") % {"region": region.name},
                highlight=codes,
                markers=tour_map("", roundtables).markers,
                crop=True,
            ),
            **kwargs,
        )
