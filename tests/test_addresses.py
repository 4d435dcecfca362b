"""Pages' addresses made from a pattern per kind of page and language are those reverse()
gives, in each language."""

import pytest
from django.urls import reverse
from django.utils import translation

from actions.models import Action, Outcome, Region
from core.addresses import address
from findings.models import Finding, Publication
from roundtables.models import RoundTable

pytestmark = pytest.mark.django_db

PAGES = [
    (RoundTable, "roundtables:detail"),
    (Action, "actions:detail"),
    (Region, "regions:detail"),
    (Finding, "good_practices:detail"),
    (Publication, "publications:detail"),
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_page_of_an_object_has_the_address_reverse_gives(demo, language):
    with translation.override(language):
        for model, url_name in PAGES:
            for row in model.objects.all():
                assert row.get_absolute_url() == reverse(url_name, kwargs={"slug": row.slug})
        for outcome in Outcome.objects.all():
            country = reverse("countries:detail", kwargs={"code": outcome.country.code.lower()})
            assert outcome.get_absolute_url() == f"{country}#{outcome.anchor}"
        prefix = "" if language == "en" else f"/{language}"
        assert Action.objects.first().get_absolute_url().startswith(f"{prefix}/actions/")


def test_a_value_is_quoted_as_reverse_quotes_it():
    assert address("countries:detail", code="a b/c") == "/countries/a%20b%2Fc/"
