from itertools import groupby

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from actions.models import Action
from core.translation import in_every_language
from findings.filters import FindingFilter
from findings.models import Finding, Publication

from .base import FilteredListMixin, PageMixin, PreviewMixin, PublishedOrPreviewMixin


class GoodPracticesView(FilteredListMixin, PageMixin, PreviewMixin, FilterView):
    """The findings of the round-tables, grouped by thematic area and then by region, filtered
    and a page at a time: a finding of several areas appears under each."""

    filterset_class = FindingFilter
    template_name = "pages/good_practices.html"
    paginate_by = 20
    page_title = _("Good practices and lessons learnt")
    meta_description = _(
        "What the MIEUX round-tables drew from ten years of capacity building on migration: good "
        "practices, lessons learnt, regional trends and recommendations."
    )

    def get_queryset(self):
        return Finding.objects.visible_to(self.request.user, preview=self.previewing)

    def get_context_data(self, **kwargs):
        findings = kwargs.pop("object_list")
        context = super().get_context_data(object_list=by_area_and_region(findings), **kwargs)
        publications = Publication.objects.visible_to(self.request.user, preview=self.previewing)
        filters = self.filterset
        return {
            **context,
            "sections": grouped(
                context["page_obj"].object_list, areas=filters.areas, regions=filters.regions
            ),
            "finding_count": findings.count(),
            "publications": list(publications),
        }


# What the list shows of a finding.
SHOWN = ("slug", "title", "kind", "text", "is_published")


def by_area_and_region(findings):
    """``findings`` once under each of their thematic areas (``under_area``, the area's id; None
    for a finding of none), in the order they are shown: by area (those of none last), region,
    kind and title. A filter on the area keeps them under that area only."""
    return (
        findings.annotate(under_area=F("thematic_areas"))
        .select_related("roundtable")
        .only(
            *SHOWN,
            *in_every_language("roundtable__title"),
            "roundtable__slug",
            "roundtable__region",
        )
        .order_by(
            F("thematic_areas__position").asc(nulls_last=True),
            "thematic_areas__name",
            "roundtable__region__position",
            "roundtable__region__name",
            "kind",
            "title",
            "pk",
        )
    )


def grouped(findings, *, areas, regions):
    """[(area, [(region, [(finding, anchored)])])] of ``by_area_and_region`` findings. A finding
    of several areas appears under each; it is ``anchored`` (its id is its slug) on the first."""
    areas = {area.pk: area for area in areas}
    regions = {region.pk: region for region in regions}
    anchored = set()
    sections = []
    for area, in_area in groupby(findings, key=lambda finding: finding.under_area):
        by_region = [
            (regions[region], [(finding, _first(finding, anchored)) for finding in items])
            for region, items in groupby(in_area, key=lambda finding: finding.roundtable.region_id)
        ]
        sections.append((areas.get(area), by_region))
    return sections


def _first(finding, anchored: set) -> bool:
    first = finding.pk not in anchored
    anchored.add(finding.pk)
    return first


class FindingDetailView(PageMixin, PublishedOrPreviewMixin, DetailView):
    """One finding with where it comes from: its round-table, countries, areas and Actions."""

    model = Finding
    template_name = "pages/finding_detail.html"
    title_section = _("Good practices")

    def get_queryset(self):
        return super().get_queryset().with_related()

    def get_page_title(self):
        return self.object.title

    def get_meta_description(self):
        return self.object.text[:300]

    def get_context_data(self, **kwargs):
        user, preview = self.request.user, self.previewing
        actions = (
            Action.objects.visible_to(user, preview=preview)
            .filter(outcomes__findings=self.object)
            .distinct()
            .order_by("title")
        )
        return super().get_context_data(actions=actions, **kwargs)
