"""The API's documentation page: its reference, read from the schema drf-spectacular
generates (``reference``), rendered by the site's templates, in English."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata.downloads.metadata import citation

from .pagination import Pages
from .reference import reference
from .throttling import PerAddressThrottle
from .views import LICENCE_URL

# How the rate limit's period reads ("120 requests a minute").
PERIODS = {1: _("a second"), 60: _("a minute"), 3600: _("an hour"), 86400: _("a day")}


class DocsView(APIView):
    """The reference of every operation, the fields of its answers and how to use the API.

    A REST framework view, so that the API's rate limit counts it as it counts the rest;
    it reads nothing from the database.
    """

    renderer_classes = [TemplateHTMLRenderer]
    template_name = "opendata/api/docs.html"
    page_title = _("Open data API")

    @staticmethod
    def period(seconds: int) -> str:
        """How the rate limit's period reads after "120 requests"."""
        return PERIODS.get(seconds) or _("every %(seconds)s seconds") % {"seconds": seconds}

    @extend_schema(exclude=True)
    def get(self, request):
        limit = PerAddressThrottle()  # the rate in force, as the API counts it
        schema_url = reverse("api:schema")
        return Response(
            {
                "page_title": self.page_title,
                "reference": reference(),
                "origin": request.build_absolute_uri("/").removesuffix("/"),
                "schema_url": schema_url,
                "root_url": reverse("api:root"),
                "citation": citation(request),
                "licence_url": LICENCE_URL,
                "page_size": Pages.page_size,
                "max_page_size": Pages.max_page_size,
                "rate_requests": limit.num_requests,
                "rate_period": self.period(limit.duration),
                "cors_methods": settings.CORS_ALLOW_METHODS,
                # The page exists in English only: no links to other languages.
                "language_links": [],
                "alternates": [],
            }
        )
