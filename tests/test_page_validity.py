"""What holds on every public page: the EU's funding shown, each id once, flags that stay sharp."""

import re
from collections import Counter

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from roundtables.models import RoundTable

from .crawl import crawl_public_pages
from .factories import RoundTableFactory

pytestmark = pytest.mark.django_db

EMBLEM = re.compile(r'<img class="eu-emblem" src="[^"]+eu-emblem[^"]*\.svg" alt="([^"]+)"')


def html_pages(pages: dict[str, str]) -> dict[str, str]:
    return {url: text for url, text in pages.items() if text.startswith("<!doctype html>")}


@pytest.fixture
def every_page(client, demo):
    # A planned round-table too, as its page and the tour differ.
    RoundTableFactory(slug="dakar-2027", city="Dakar", status=RoundTable.Status.PLANNED)
    pages = html_pages(crawl_public_pages(client, per_view=100))
    assert len(pages) > 40
    return pages


def test_every_public_page_says_the_eu_funds_the_programme_beside_its_emblem(every_page):
    for url, text in every_page.items():
        emblem = EMBLEM.search(text)
        assert emblem and emblem.group(1) == "Emblem of the European Union", url
        assert "Funded by the European Union" in text, url
        assert "Implemented by ICMPD" in text, url


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_funding_statement_is_in_the_pages_language(client, demo, language):
    text = client.get(f"/{language}/").content.decode()
    statement = {"fr": "Financé par l", "es": "Financiado por la Unión Europea"}
    assert statement[language] in text
    assert "Funded by the European Union" not in text


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_error_pages_carry_the_emblem_too(template):
    with translation.override("en"):
        text = render_to_string(template)
    assert EMBLEM.search(text) and "Funded by the European Union" in text


def test_no_public_page_repeats_an_id(every_page):
    for url, text in every_page.items():
        ids = Counter(re.findall(r'\sid="([^"]+)"', text))
        assert [name for name, number in ids.items() if number > 1] == [], url


def test_every_anchor_in_a_link_leads_to_an_element_of_its_page(every_page):
    """Links within a page (#...) land somewhere: the contents of good practices, the results
    a search or a country page points at."""
    for url, text in every_page.items():
        ids = set(re.findall(r'\sid="([^"]+)"', text))
        for anchor in re.findall(r'href="#([^"]+)"', text):
            assert anchor in ids, (url, anchor)


def test_flags_are_vector_images(client, demo):
    text = client.get("/countries/ph/").content.decode()
    flags = re.findall(r'<img class="flag" src="([^"]+)"', text)
    assert flags and all(src.endswith("/ph.svg") for src in flags[:1])
    assert all(src.endswith(".svg") for src in flags), flags
