from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from pages.views.base import PageMixin

from ..licence import LICENCE_URL, REUSE_DECISION_URL
from . import metadata
from .datasets import DATASETS
from .files import data_file


class DownloadsView(PageMixin, TemplateView):
    """The datasets, their licence and their data dictionary."""

    template_name = "opendata/downloads/index.html"
    page_title = _("Open data")
    meta_description = _(
        "Everything this site publishes, to download as CSV and JSON under CC BY 4.0: "
        "round-tables, countries, Actions, outcomes, good practices and reflections, with a "
        "data dictionary."
    )

    def get_context_data(self, **kwargs):
        listed = metadata.summaries()
        return super().get_context_data(
            summaries=listed,
            catalogue=metadata.catalogue(self.request, listed),
            citation=metadata.citation(self.request),
            licence_url=LICENCE_URL,
            reuse_decision_url=REUSE_DECISION_URL,
            geonames_url=metadata.GEONAMES_URL,
            **kwargs,
        )


@require_safe
def datapackage(request):
    """The data dictionary, machine-readable: a Frictionless Data Package descriptor."""
    return JsonResponse(
        metadata.datapackage(request), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )


@require_safe
def dataset_file(request, name, format):
    """One dataset as CSV or JSON, dated by its last change, its dictionary and licence linked."""
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404(_("There is no such dataset."))
    file = data_file(dataset, format, request.build_absolute_uri)
    response = HttpResponse(file.content, content_type=file.content_type)
    if format == "csv":
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["ETag"] = file.etag
    last_modified = None
    if file.last_modified:
        last_modified = int(file.last_modified.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    dictionary = request.build_absolute_uri(reverse("data:datapackage"))
    response["Link"] = (
        f'<{dictionary}>; rel="describedby"; type="application/json", '
        f'<{LICENCE_URL}>; rel="license"'
    )
    return get_conditional_response(
        request, etag=file.etag, last_modified=last_modified, response=response
    )
