from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from actions.models import Region, ThematicArea
from findings.models import Finding, Publication

from .base import PageMixin, PreviewMixin


class GoodPracticesView(PageMixin, PreviewMixin, TemplateView):
    """The findings of the round-tables, grouped by thematic area and then by region."""

    template_name = "pages/good_practices.html"
    page_title = _("Good practices and lessons learnt")
    meta_description = _(
        "What the MIEUX round-tables drew from ten years of capacity building on migration: good "
        "practices, lessons learnt, regional trends and recommendations."
    )

    def get_context_data(self, **kwargs):
        findings = list(
            Finding.objects.visible_to(self.request.user, preview=self.previewing)
            .with_related()
            .order_by("kind", "title")
        )
        regions = list(Region.objects.all())
        sections, anchored = [], set()
        for area in [*ThematicArea.objects.all(), None]:
            in_area = [f for f in findings if _in_area(f, area)]
            by_region = [
                (region, [f for f in in_area if f.roundtable.region_id == region.pk])
                for region in regions
            ]
            # A finding of several areas appears in each; its anchor goes on the first.
            by_region = [
                (region, [(f, _first(f, anchored)) for f in items]) for region, items in by_region
            ]
            by_region = [(region, items) for region, items in by_region if items]
            if by_region:
                sections.append((area, by_region))
        publications = Publication.objects.visible_to(self.request.user, preview=self.previewing)
        return super().get_context_data(
            sections=sections,
            finding_count=len(findings),
            publications=list(publications),
            **kwargs,
        )


def _first(finding, anchored: set) -> bool:
    first = finding.pk not in anchored
    anchored.add(finding.pk)
    return first


def _in_area(finding, area):
    areas = finding.thematic_areas.all()
    return area in areas if area else not areas
