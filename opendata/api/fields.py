"""The API's building blocks: texts in every language, countries, and links.

Each translated text is an object with one key per language (``{"en": ..., "fr": ...,
"es": ...}``); a translation not yet written is null, never the English in its place, so that
a reader can tell the two apart. Links are absolute: ``url`` to the API's own resource,
``web_url`` to the public page.
"""

from functools import cached_property
from operator import attrgetter

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.countries import country_name
from pages.figures import documented_countries

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class TranslatedTextSerializer(serializers.Serializer):
    """How a translated text reads in the schema."""

    en = serializers.CharField(allow_null=True, help_text=_("English."))
    fr = serializers.CharField(allow_null=True, help_text=_("French; null if not translated yet."))
    es = serializers.CharField(allow_null=True, help_text=_("Spanish; null if not translated yet."))

    class Meta:
        ref_name = "TranslatedText"


@extend_schema_field(TranslatedTextSerializer)
class TranslatedField(serializers.Field):
    """A model's text in each language (``title`` reads ``title_en``, ``title_fr``, ...)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        name = self.field_name
        return {code: getattr(obj, f"{name}_{code}") or None for code in LANGUAGE_CODES}


def in_each_language(text) -> dict:
    """``text()`` (which reads the active language) in each language."""
    values = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values[code] = str(text()) or None
    return values


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def api_url(request, name: str, **kwargs) -> str:
    return absolute(request, reverse(f"api:{name}", kwargs=kwargs))


def web_url(request, name: str, **kwargs) -> str:
    """A public page's address in English (French and Spanish add /fr/ and /es/ before it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(request, reverse(name, kwargs=kwargs))


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """The absolute address of an object, which ``link(request, obj)`` gives."""

    def __init__(self, link, **kwargs):
        self.link = link
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.link(self.context["request"], obj)


def api_link(name: str, **lookups):
    """A link to the API resource ``name``, its address built from the object's attributes
    (``slug="slug"``, ``code="country.code"``)."""
    getters = {key: attrgetter(attribute) for key, attribute in lookups.items()}

    def link(request, obj):
        return api_url(request, name, **{key: get(obj) for key, get in getters.items()})

    return link


def web_link(request, obj) -> str:
    """The object's public page, in English."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(request, obj.get_absolute_url())


def filtered_list(name: str, parameter: str, attribute: str = "slug"):
    """A link to the API list ``name`` filtered on this object (``?region=asia``)."""

    def link(request, obj):
        return f"{api_url(request, name)}?{parameter}={getattr(obj, attribute)}"

    return link


class Documented:
    """The countries the site has a page about, with their figures: looked up once per
    answer (three queries), and only if a country appears in it. A country without a page has
    no links either."""

    @cached_property
    def figures(self) -> dict:
        return documented_countries()

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(self.figures)


class CountrySerializer(serializers.Serializer):
    """A country: its ISO 3166 alpha-2 code, its names, its pages if the site has them."""

    code = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code, e.g. TH."))
    name = TranslatedTextSerializer(help_text=_("The country's name as the programme writes it."))
    url = serializers.URLField(
        allow_null=True, help_text=_("The country in this API; null if the site has no page on it.")
    )
    web_url = serializers.URLField(
        allow_null=True, help_text=_("The country's public page; null if it has none.")
    )

    class Meta:
        ref_name = "Country"

    def to_representation(self, country):
        code = getattr(country, "code", country)
        documented = code in self.context["documented"].codes
        request = self.context["request"]
        return {
            "code": code,
            "name": in_each_language(lambda: country_name(code)),
            "url": api_url(request, "country-detail", code=code) if documented else None,
            "web_url": web_url(request, "countries:detail", code=code.lower())
            if documented
            else None,
        }


@extend_schema_field(CountrySerializer(allow_null=True))
class CountryField(serializers.Field):
    """One country (a django-countries field), or null where it is empty."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None

    def to_representation(self, country):
        return CountrySerializer(country, context=self.context).data


def countries(**kwargs):
    """Several countries (a django-countries field with ``multiple=True``)."""
    return CountrySerializer(many=True, read_only=True, **kwargs)
