"""The API's OpenAPI description and its errors: every operation documents what it may
answer, errors included (400 for a filter it cannot apply, 404, 429 with Retry-After), and the
headers for revalidation (ETag, If-None-Match, 304)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as rest_exception_handler

from ..licence import CREDIT

DESCRIPTION = format_lazy(
    "{description} {credit}",
    description=_(
        "What the MIEUX Regional Round-tables of 2018 found, for anyone to reuse: the "
        "round-tables with their results by country, the countries, regions and the programme's "
        "thematic and specific areas, the Actions with their activities and outcomes, the "
        "findings (good practices, lessons learnt) and the participants' approved reflections, "
        "attributed as their authors chose. Exactly what the public pages show, read-only, as "
        "JSON.\n\n"
        "Each text is given in English, French and Spanish (null where it is not translated "
        "yet); records are keyed by slug, by ISO 3166 alpha-2 code for countries, by country and "
        "reference for outcomes, and link to one another (`url`) and to their public pages "
        "(`web_url`). Lists are paginated (`?page=`, `?page_size=` up to 100). Each answer "
        "carries an ETag: send it back in If-None-Match to get a 304 while nothing changed. Each "
        "client (IP) address may make a limited number of requests a minute; beyond it, a 429 "
        "says when to ask again (Retry-After).\n\n"
        "The data are under the Creative Commons Attribution 4.0 licence (CC BY 4.0); please "
        "credit them as follows:"
    ),
    credit=CREDIT,
)

# The sections of the documentation, in the order of the site's menu.
SECTIONS = [
    ("api", _("Where everything is.")),
    ("roundtables", _("The tour, and each round-table's results by country.")),
    ("countries", _("Each country's Actions, results and round-tables.")),
    ("actions", _("The Actions, their activities and outcomes.")),
    ("outcomes", _("The results reported in each country.")),
    ("findings", _("Good practices, lessons learnt, trends and recommendations.")),
    ("reflections", _("What participants wrote, once a moderator approved it.")),
    ("regions", _("The regions and their factsheets.")),
    ("thematic-areas", _("The programme's thematic areas.")),
    ("specific-areas", _("The programme's specific areas.")),
]


def describe(result, generator, request, public):
    """drf-spectacular's last step: the API's description and the order of its sections."""
    result["info"]["description"] = str(DESCRIPTION)
    result["tags"] = [{"name": name, "description": str(text)} for name, text in SECTIONS]
    return result


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in English."))

    class Meta:
        ref_name = "Error"


class InvalidParametersSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For each parameter refused, why."),
    )

    class Meta:
        ref_name = "InvalidParameters"


def exception_handler(exc, context):
    """REST framework's answers to errors, with refused parameters under ``errors`` beside a
    ``detail`` that every error has."""
    response = rest_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {
            "detail": str(_("Some parameters cannot be used; see errors.")),
            "errors": response.data,
        }
    return response


NOT_MODIFIED = OpenApiResponse(
    description=_("Not modified: the copy whose ETag was sent in If-None-Match is current.")
)
TOO_MANY_REQUESTS = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Too many requests from this client address: ask again after Retry-After seconds."
    ),
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description=_("No such resource, or no such page."))
INVALID_PARAMETERS = OpenApiResponse(
    InvalidParametersSerializer, description=_("A filter's value cannot be used.")
)

HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=_("The ETag of the copy the client holds: a 304 if it is still current."),
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description=_("Identifies this version of the answer."),
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[429],
        description=_("Seconds to wait before asking again."),
    ),
]


class OpenDataSchema(AutoSchema):
    """Documents the answers every operation of the API may give besides its 200."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *HEADERS]

    def get_response_serializers(self):
        found = super().get_response_serializers()
        if self.method != "GET" or isinstance(found, dict):
            return found
        responses = {200: found, 304: NOT_MODIFIED}
        listing = self._is_list_view(found)
        if listing and self._has_filters():
            responses[400] = INVALID_PARAMETERS
        if listing and self._get_paginator() or "{" in self.path:
            responses[404] = NOT_FOUND
        responses[429] = TOO_MANY_REQUESTS
        return responses

    def _has_filters(self) -> bool:
        filters = getattr(self.view, "filter_parameters", None)
        return bool(filters and filters())
